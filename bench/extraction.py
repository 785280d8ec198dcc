"""Extraction benchmark: unionnews against trafilatura, side by side, in one run.

    python3 -m bench.extraction [--set own|aeb|vn|wcxb ...] [--misses]

Sets: `own` is the project's gold set (tests/support/goldset.py); `sites` the union articles of the
fixture sites in tests/sites, one per CMS family (rows per family); `aeb` is scrapinghub's article-extraction
benchmark, `vn` two vnexpress pages and `wcxb` the 793 article pages of WCXB's development split (the
open web: blogs, guides, reviews, news), all from ../shared/benchmarks (generic path only: no
profile knows those sites). Every set is scored for trafilatura's default and its fast mode beside
the cleaner; a set whose pages have a type prints a row per type as well. unionnews runs twice on the own set: as crawled (the site profile's
selectors where the site has a profile) and generic-only (no selectors), so the generic path is
measured honestly. Every page is timed for each extractor in turn, in CPU time of this process
(`time.process_time`), so other work on a busy machine does not tilt pages/s either way.

trafilatura is called the way its own benchmarks call it: `include_comments=False` (its default
setting keeps reader comments, which AEB's gold does not), with metadata on for the sets that score
title/date/author, and htmldate asked for the time as well as the day.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import trafilatura

from cleaner import ExtractionError, extract_html
from tests.support.goldset import GoldPage, check, gold_pages
from tests.support.scoring import Counts, leaked, prf, same_author, same_minute, same_text, shingle_counts
from vnlang.dates import VIETNAM

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"
_HTMLDATE = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


@dataclass
class Result:
    body: str = ""
    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    captions: tuple[str, ...] = ()


@dataclass
class Tally:
    words: list[Counts] = field(default_factory=list)
    shingles: list[Counts] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    author: list[bool] = field(default_factory=list)
    captions_found: int = 0
    captions_total: int = 0
    leak_pages: int = 0
    checks: list[dict[str, bool]] = field(default_factory=list)  # per page: the fields its gold scores
    page_seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


Extractor = Callable[[bytes, str, "GoldPage | None"], Result]


def unionnews(page: bytes, url: str, gold: GoldPage | None, *, profile: bool) -> Result:
    selectors = gold.selectors if gold is not None and profile else None
    content_type = gold.content_type if gold is not None else None
    try:
        article = extract_html(page, url, selectors, content_type)
    except ExtractionError:
        return Result()
    return Result(article.body, article.title, article.published, article.author, article.captions)


def _traf_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=VIETNAM)  # the sites' own zone, to be fair


def trafilatura_full(page: bytes, url: str, gold: GoldPage | None, *, fast: bool = False) -> Result:
    doc = trafilatura.bare_extraction(
        page, url=url, fast=fast, with_metadata=True, include_comments=False, date_extraction_params=_HTMLDATE
    )
    if doc is None:
        return Result()
    return Result(doc.text or "", doc.title, _traf_date(doc.date), doc.author)


def trafilatura_body(page: bytes, url: str, gold: GoldPage | None, *, fast: bool = False) -> Result:
    return Result(trafilatura.extract(page, url=url, fast=fast, include_comments=False) or "")


def trafilatura_full_fast(page: bytes, url: str, gold: GoldPage | None) -> Result:
    return trafilatura_full(page, url, gold, fast=True)


def trafilatura_body_fast(page: bytes, url: str, gold: GoldPage | None) -> Result:
    return trafilatura_body(page, url, gold, fast=True)


@dataclass
class Case:
    name: str
    url: str
    page: bytes
    body: str
    gold: GoldPage | None = None
    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    captions: tuple[str, ...] = ()
    leaks: tuple[str, ...] = ()
    scored: tuple[str, ...] = ()  # which of title/date/author this set's gold gives
    day_only: bool = False  # the gold date has no time of day: compare days
    group: str = ""  # the page's type (or CMS family) where the set gives one


def own_cases() -> list[Case]:
    pages = gold_pages()
    if problems := check(pages):
        sys.exit("gold set contradicts itself:\n" + "\n".join(problems))
    return [
        Case(p.name, p.url, p.page, p.body, p, p.title, p.published, p.author, p.captions, p.leaks,
             ("title", "date", "author"))
        for p in pages
    ]  # fmt: skip


def aeb_cases() -> list[Case]:
    root = SHARED / "aeb"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Case(key, item["url"], gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()), item["articleBody"])
        for key, item in sorted(truth.items())
    ]


def vn_cases() -> list[Case]:
    root = SHARED / "vn-samples"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    cases = []
    for key, item in sorted(truth.items()):
        published = datetime.fromisoformat(item["publishing_date"]) if item.get("publishing_date") else None
        authors = item.get("authors") or []
        scored = tuple(f for f, present in (("title", item.get("title")), ("date", published), ("author", authors)) if present)
        cases.append(Case(key, item.get("url", ""), (root / "html" / f"{key}.html").read_bytes(), item.get("articleBody", ""),
                          title=item.get("title"), published=published, author=", ".join(authors) or None, scored=scored,
                          day_only=":" not in (item.get("publishing_date") or ":")))  # fmt: skip
    return cases


def wcxb_cases() -> list[Case]:
    """WCXB's ground truth: title on every page; author on every page (none given: none expected, so a
    site name put in as author counts as wrong); the day of publication where the annotators give one."""
    root = SHARED / "wcxb-articles-dev"
    cases = []
    for path in sorted((root / "ground-truth").glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        gold = item["ground_truth"]
        day = gold.get("publish_date") or ""
        kind = gold.get("page_type") or "article"  # a few pages carry it, as a name or as {"primary": name}
        try:
            published = datetime.fromisoformat(day[:10]).replace(tzinfo=VIETNAM) if day else None
        except ValueError:
            published = None
        scored = ("title", "author", "date") if published else ("title", "author")
        page = gzip.decompress((root / "html" / f"{path.stem}.html.gz").read_bytes())
        cases.append(Case(path.stem, item.get("url", ""), page, gold.get("main_content") or "", title=gold.get("title"),
                          published=published, author=gold.get("author") or None, scored=scored, day_only=True,
                          group=kind["primary"] if isinstance(kind, dict) else kind))  # fmt: skip
    return cases


def sites_cases() -> list[Case]:
    """The fixture sites of tests/sites (one per CMS family the provincial portals run), their union
    articles as the site serves them, scored against the site's gold.json; grouped by family."""
    from tests.sites.app import FixtureApp
    from tests.sites.model import KEYS, ROOT

    cases = []
    for key in KEYS:
        gold = json.loads((ROOT / key / "gold.json").read_text(encoding="utf-8"))
        app = FixtureApp(key, f"https://{gold['host']}")
        for item in gold["articles"]:
            page = app.respond(item["path"]).body
            published = datetime.fromisoformat(item["published"]) if item.get("published") else None
            cases.append(Case(f"{key}{item['path']}", f"https://{gold['host']}{item['path']}", page, item["body"],
                              title=item["title"], published=published, author=item.get("author"),
                              captions=tuple(item.get("captions", ())), scored=("title", "date", "author"),
                              group=gold["family"]))  # fmt: skip
    return cases


def score(case: Case, got: Result, tally: Tally, name: str) -> None:
    tally.words.append(shingle_counts(case.body, got.body, 1))
    tally.shingles.append(shingle_counts(case.body, got.body, 4))
    checks = {
        "title": same_text(case.title, got.title),
        "date": (got.published is not None and case.published is not None
                 and got.published.date() == case.published.date()) if case.day_only
        else same_minute(case.published, got.published),
        "author": same_author(case.author, got.author),
    }
    tally.checks.append({key: checks[key] for key in case.scored})
    for key in case.scored:
        getattr(tally, key).append(checks[key])
        if not checks[key]:
            gold = {"title": case.title, "date": case.published, "author": case.author}[key]
            mine = {"title": got.title, "date": got.published, "author": got.author}[key]
            tally.misses.append(f"{name} {case.name} {key}: gold {gold!s} / got {mine!s}")
    found = sum(1 for c in case.captions if any(same_text(c, g) for g in got.captions) or (not got.captions and c in got.body))
    tally.captions_found += found
    tally.captions_total += len(case.captions)
    if leaks := leaked(got.body, case.leaks):
        tally.leak_pages += 1
        tally.misses.append(f"{name} {case.name} leaks: {leaks}")
    if tally.words[-1][0] < 0.98 and case.gold is not None:
        tally.misses.append(f"{name} {case.name} body F1 {prf([tally.words[-1]])[2]:.3f}")


def run(cases: list[Case], extractors: dict[str, Extractor]) -> dict[str, Tally]:
    tallies = {name: Tally() for name in extractors}
    for extractor in extractors.values():  # warm up imports and caches outside the clock
        extractor(cases[0].page, cases[0].url, cases[0].gold)
    for case in cases:
        for name, extractor in extractors.items():
            start = time.process_time()
            got = extractor(case.page, case.url, case.gold)
            tallies[name].page_seconds.append(time.process_time() - start)
            score(case, got, tallies[name], name)
    return tallies


def _pct(values: list[bool]) -> str:
    return f"{100 * sum(values) / len(values):5.1f}%" if values else "    –"


def print_table(title: str, cases: list[Case], tallies: dict[str, Tally]) -> None:
    print(f"\n{title} ({len(cases)} pages)")
    print(f"{'extractor':<26}{'F1 words':>9}{'F1 4-gram':>10}{'title':>8}{'date':>8}{'author':>8}{'captions':>10}"
          f"{'leak pages':>11}{'CPU ms/page':>12}")  # fmt: skip
    for name, t in tallies.items():
        captions = f"{100 * t.captions_found / t.captions_total:6.1f}%" if t.captions_total else "     –"
        print(f"{name:<26}{prf(t.words)[2]:>9.4f}{prf(t.shingles)[2]:>10.4f}{_pct(t.title):>8}{_pct(t.date):>8}"
              f"{_pct(t.author):>8}{captions:>10}{t.leak_pages:>11}{1000 * sum(t.page_seconds) / len(t.page_seconds):>12.1f}")  # fmt: skip


def print_groups(cases: list[Case], tallies: dict[str, Tally]) -> None:
    """One row per page type (or CMS family) and extractor, from the per-page tallies already kept."""
    print(f"  {'by type':<24}{'extractor':<26}{'F1 4-gram':>10}{'title':>8}{'date':>8}{'author':>8}{'CPU ms/page':>12}")
    for group in sorted({c.group for c in cases}):
        where = [i for i, c in enumerate(cases) if c.group == group]
        for name, t in tallies.items():
            fields = {key: [t.checks[i][key] for i in where if key in t.checks[i]] for key in ("title", "date", "author")}
            ms = 1000 * sum(t.page_seconds[i] for i in where) / len(where)
            print(f"  {f'{group} ({len(where)})':<24}{name:<26}{prf([t.shingles[i] for i in where])[2]:>10.4f}"
                  f"{_pct(fields['title']):>8}{_pct(fields['date']):>8}{_pct(fields['author']):>8}{ms:>12.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", action="append", choices=("own", "sites", "aeb", "vn", "wcxb"))
    parser.add_argument("--data", type=Path, help="the shared benchmarks directory (default: ../shared/benchmarks beside the checkout)")
    parser.add_argument("--misses", action="store_true", help="list every page a figure missed on")
    args = parser.parse_args()
    if args.data:
        global SHARED
        SHARED = args.data.resolve()
    sets = args.sets or ["own", "sites", "aeb", "vn", "wcxb"]

    def generic(page: bytes, url: str, gold: GoldPage | None) -> Result:
        return unionnews(page, url, gold, profile=False)

    def crawled(page: bytes, url: str, gold: GoldPage | None) -> Result:
        return unionnews(page, url, gold, profile=True)

    plan = {
        "own": ("Own gold set: demo pages + tests/data/gold", own_cases,
                {"unionnews (as crawled)": crawled, "unionnews (generic only)": generic,
                 "trafilatura": trafilatura_full, "trafilatura (fast)": trafilatura_full_fast}),
        "sites": ("tests/sites: the fixture sites' union articles, generic path", sites_cases,
                  {"unionnews (generic)": generic, "trafilatura": trafilatura_full, "trafilatura (fast)": trafilatura_full_fast}),
        "aeb": ("../shared/benchmarks/aeb, generic path", aeb_cases,
                {"unionnews (generic)": generic, "trafilatura": trafilatura_body, "trafilatura (fast)": trafilatura_body_fast}),
        "vn": ("../shared/benchmarks/vn-samples, generic path", vn_cases,
               {"unionnews (generic)": generic, "trafilatura": trafilatura_full, "trafilatura (fast)": trafilatura_full_fast}),
        "wcxb": ("../shared/benchmarks/wcxb-articles-dev, generic path", wcxb_cases,
                 {"unionnews (generic)": generic, "trafilatura": trafilatura_full, "trafilatura (fast)": trafilatura_full_fast}),
    }  # fmt: skip
    for key in sets:
        title, load, extractors = plan[key]
        if key not in ("own", "sites") and not SHARED.exists():
            print(f"\n{title}: {SHARED} not found, skipped")
            continue
        cases = load()
        tallies = run(cases, extractors)
        print_table(title, cases, tallies)
        if any(c.group for c in cases):
            print_groups(cases, tallies)
        if args.misses:
            for name, tally in tallies.items():
                if not name.startswith("trafilatura"):
                    print("\n".join(f"  {m}" for m in tally.misses))


if __name__ == "__main__":
    main()
