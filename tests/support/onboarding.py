"""Scoring a crawl of a fixture site against its gold (tests/sites): what onboarding must achieve.

Shared by tests/test_onboarding.py (the acceptance of issue 12) and bench/onboarding.py (the figures).
"""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from w3lib.url import safe_url_string

from archive.urls import canonical_url
from cleaner import extract_html
from tests.support.scoring import same_text, shingle_counts


@dataclass
class Score:
    site: str
    articles: int  # gold articles
    archived: int = 0  # of them, archived (under any of their addresses)
    duplicates: int = 0  # gold articles archived more than once
    not_canonical: int = 0  # archived under an alternate address rather than the canonical one
    wrong: list[str] = field(default_factory=list)  # archived as articles, but non-article pages
    others: list[str] = field(default_factory=list)  # archived, but articles of non-union sections
    f1: list[float] = field(default_factory=list)
    title: int = 0
    date: int = 0
    author: int = 0
    misses: list[str] = field(default_factory=list)
    probe_requests: int = 0
    probe_seconds: float = 0.0

    def share(self, n: int) -> float:
        return n / self.archived if self.archived else 0.0

    @property
    def body_f1(self) -> float:
        return sum(self.f1) / len(self.f1) if self.f1 else 0.0

    def passes(self) -> bool:
        return (self.archived >= 0.95 * self.articles and not self.wrong and not self.duplicates
                and not self.not_canonical and self.body_f1 >= 0.97
                and min(self.share(self.title), self.share(self.date), self.share(self.author)) >= 0.95)  # fmt: skip


def _word_f1(gold: str, got: str) -> float:
    tp, fp, fn = shingle_counts(gold, got, 1)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _compare(score: Score, gold: dict[str, Any], record: dict[str, Any], where: str) -> None:
    score.f1.append(_word_f1(gold["body"], record.get("body") or ""))
    got = datetime.fromisoformat(record["published"]) if record.get("published") else None
    checks = {
        "title": same_text(gold["title"], record.get("title")),
        "date": got == datetime.fromisoformat(gold["published"]),
        "author": (gold["author"] or None) == (record.get("author") or None),
    }
    for name, ok in checks.items():
        setattr(score, name, getattr(score, name) + ok)
        if not ok:
            score.misses.append(f"{where}: {name} {record.get(name if name != 'date' else 'published')!r}, "
                                f"gold {gold[name if name != 'date' else 'published']!r}")  # fmt: skip
    if score.f1[-1] < 0.97:
        score.misses.append(f"{where}: body word F1 {score.f1[-1]:.3f}")


def score_export(key: str, gold: dict[str, Any], base: str, records: list[dict[str, Any]]) -> Score:
    """How the exported articles of one crawl compare with the site's gold."""
    score = Score(key, len(gold["articles"]))
    addresses: dict[str, tuple[int, bool]] = {}  # canonical_url → (gold article, is it the canonical path)
    for i, article in enumerate(gold["articles"]):
        addresses[canonical_url(base + article["path"])] = (i, True)
        for alternate in article["alternates"]:
            addresses[canonical_url(base + alternate)] = (i, False)
    non_articles = {canonical_url(base + page["path"]) for page in gold["non_articles"]}
    others = {canonical_url(base + a["path"]) for a in gold.get("other_articles", [])}
    seen: dict[int, int] = {}
    for record in records:
        url = canonical_url(record["url"])
        if url in addresses:
            i, canonical = addresses[url]
            seen[i] = seen.get(i, 0) + 1
            score.not_canonical += not canonical
            if seen[i] == 1:
                _compare(score, gold["articles"][i], record, url[len(base) :])
        elif url in others:
            score.others.append(url[len(base) :])
        else:
            score.wrong.append(url[len(base) :] + ("" if url in non_articles else " (not in the gold)"))
    score.archived = len(seen)
    score.duplicates = sum(n > 1 for n in seen.values())
    score.misses += [f"{a['path']}: not archived" for i, a in enumerate(gold["articles"]) if i not in seen]
    return score


def score_told(key: str, gold: dict[str, Any], base: str) -> Score:
    """The cleaner alone on each gold article's canonical page: discovery taken out of the picture."""
    records = []
    for article in gold["articles"]:
        url = base + article["path"]
        with urllib.request.urlopen(safe_url_string(url), timeout=30) as response:
            body, content_type = response.read(), response.headers.get("Content-Type")
        records.append({"url": url, **extract_html(body, url, content_type=content_type).to_record()})
    return score_export(key, gold, base, records)
