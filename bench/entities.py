"""Entity extraction: gazetteer + rules vs underthesea's offline CRF tagger vs a hybrid, on the gold set.

    python bench/entities.py            # needs `pip install -e '.[bench]'` for underthesea

Gold: tests/data/entities/gold.jsonl, hand-annotated from the text alone (GUIDELINES.md beside it)
for the 28 demo articles and 6 extra ones. Scoring is per article: the set of canonical names of each
type found, against the gold set (compared lower-cased, one tone-mark style). underthesea's output
gets the same canonicalisation as ours (abbreviations expanded, administrative words dropped from
places), so the comparison measures finding entities, not spelling them.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cleaner.entities import find_entities  # noqa: E402
from unionnews.demo.content import load_sites  # noqa: E402
from vnlang.abbreviations import expand_name  # noqa: E402
from vnlang.text import normalize, normalize_tones  # noqa: E402

GOLD = REPO / "tests" / "data" / "entities"
TYPES = ("person", "organization", "place")
_GOLD_KEYS = {"person": "persons", "organization": "organizations", "place": "places"}
_ADMIN = re.compile(r"^(?:tỉnh|thành phố|tp\.?|huyện|thị xã|quận|xã|phường|thị trấn|thôn|bản|xóm)\s+", re.IGNORECASE)


@dataclass
class Doc:
    key: str
    province: str
    texts: list[str]
    gold: dict[str, set[str]]
    gold_roles: dict[str, str] = field(default_factory=dict)


def _texts(article: dict | object) -> list[str]:
    get = (lambda k: article.get(k)) if isinstance(article, dict) else (lambda k: getattr(article, k))
    paragraphs = [get("lead") or "", *get("paragraphs")]
    images = get("images") or ()
    captions = [img["caption"] if isinstance(img, dict) else img.caption for img in images]
    return [get("title"), "\n\n".join(p for p in paragraphs if p), *[c for c in captions if c]]


def load_docs() -> list[Doc]:
    sources: dict[tuple[str, int], list[str]] = {}
    for name, site in load_sites().items():
        for article in site.articles:
            sources[(name, article.id)] = _texts(article)
    extra = tomllib.loads((GOLD / "extra_articles.toml").read_text(encoding="utf-8"))
    for article in extra["articles"]:
        sources[("extra", article["id"])] = _texts(article)
    docs = []
    for line in (GOLD / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold = {t: {_key(n if isinstance(n, str) else n["name"]) for n in row[_GOLD_KEYS[t]]} for t in TYPES}
        roles = {_key(p["name"]): " ".join(p["role"].split()) for p in row["persons"] if p.get("role")}
        docs.append(Doc(f"{row['site']}/{row['id']}", row["province"], sources[(row["site"], row["id"])], gold, roles))
    return docs


def _key(name: str) -> str:
    return normalize(" ".join(name.split()))


# --- systems: each returns {type: {canonical key}} and {person key: role} for one document

Result = tuple[dict[str, set[str]], dict[str, str]]


def rules(doc: Doc) -> Result:
    found: dict[str, set[str]] = {t: set() for t in TYPES}
    roles: dict[str, str] = {}
    for text in doc.texts:
        for entity in find_entities(text, doc.province):
            found[entity.type].add(_key(entity.name))
            if entity.type == "person" and entity.role:
                roles.setdefault(_key(entity.name), " ".join(entity.role.split()))
    return found, roles


def _underthesea_spans(text: str) -> list[tuple[str, str]]:
    from underthesea import ner

    spans: list[tuple[str, str]] = []
    for sentence in re.split(r"(?<=[.!?;])\s+|\n+", text):
        if not sentence.strip():
            continue
        current: list[str] = []
        label = ""
        for token, _pos, _chunk, tag in ner(sentence):
            if tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
                if current:
                    spans.append((label, " ".join(current)))
                current, label = [token], tag[2:]
            elif tag.startswith("I-"):
                current.append(token)
            else:
                if current:
                    spans.append((label, " ".join(current)))
                current, label = [], ""
        if current:
            spans.append((label, " ".join(current)))
    return spans


def underthesea_ner(doc: Doc) -> Result:
    kinds = {"PER": "person", "ORG": "organization", "LOC": "place"}
    found: dict[str, set[str]] = {t: set() for t in TYPES}
    for text in doc.texts:
        for label, span in _underthesea_spans(text):
            kind = kinds.get(label)
            if kind == "place":
                span = _ADMIN.sub("", span)
            elif kind == "organization":
                span = expand_name(span)
            if kind and span:
                found[kind].add(_key(normalize_tones(span)))
    return found, {}


def hybrid(doc: Doc) -> Result:
    """Rules, plus the people underthesea finds that the rules missed."""
    found, roles = rules(doc)
    extra, _ = underthesea_ner(doc)
    found["person"] |= {p for p in extra["person"] if len(p.split()) >= 2}
    return found, roles


SYSTEMS: dict[str, Callable[[Doc], Result]] = {"rules (unionnews)": rules, "underthesea": underthesea_ner, "hybrid": hybrid}


def score(docs: list[Doc], system: Callable[[Doc], Result]) -> dict[str, object]:
    tp = {t: 0 for t in TYPES}
    fp = {t: 0 for t in TYPES}
    fn = {t: 0 for t in TYPES}
    roles_right = roles_total = 0
    timings = []
    misses: list[str] = []
    for doc in docs:
        started = time.perf_counter()
        found, roles = system(doc)
        timings.append(time.perf_counter() - started)
        for t in TYPES:
            tp[t] += len(found[t] & doc.gold[t])
            fp[t] += len(found[t] - doc.gold[t])
            fn[t] += len(doc.gold[t] - found[t])
            misses += [f"{doc.key} {t} missed: {n}" for n in doc.gold[t] - found[t]]
            misses += [f"{doc.key} {t} spurious: {n}" for n in found[t] - doc.gold[t]]
        for person, role in doc.gold_roles.items():
            if person in found["person"]:
                roles_total += 1
                roles_right += _key(roles.get(person, "")) == _key(role)
    result: dict[str, object] = {"ms": 1000 * statistics.mean(timings), "misses": misses,
                                 "roles": roles_right / roles_total if roles_total else 0.0}  # fmt: skip
    for t in TYPES:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        result[t] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return result


def main() -> None:
    docs = load_docs()
    gold_counts = {t: sum(len(d.gold[t]) for d in docs) for t in TYPES}
    print(f"gold: {len(docs)} articles; entities per type {gold_counts}\n")
    header = f"{'system':<20}" + "".join(f"{t + ' P/R/F1':>26}" for t in TYPES) + f"{'roles':>8}{'ms/article':>12}"
    print(header)
    print("-" * len(header))
    results = {}
    for name, system in SYSTEMS.items():
        try:
            results[name] = score(docs, system)
        except ImportError:
            print(f"{name:<20}  (not installed: pip install -e '.[bench]')")
            continue
        r = results[name]
        cells = "".join(f"{'{:.3f} / {:.3f} / {:.3f}'.format(*r[t]):>26}" for t in TYPES)
        print(f"{name:<20}{cells}{r['roles']:>8.2f}{r['ms']:>12.2f}")
    if "-v" in sys.argv:
        print("\n".join(["", "rules: differences from gold", *results["rules (unionnews)"]["misses"]]))


if __name__ == "__main__":
    main()
