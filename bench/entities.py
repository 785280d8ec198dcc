"""Entity extraction on two gold sets side by side: gazetteer + rules vs underthesea's CRF tagger vs a hybrid.

    python -m bench.entities [-v]       # underthesea rows need `pip install -e '.[bench]'`

Gold sets (GUIDELINES.md beside them):
- held-out: tests/data/entities/heldout/, 42 articles written and annotated by someone who had not read
  the rules, frozen before the rules were tuned further; it measures, it is never tuned on. Its lines
  also carry relations (person, post, organisation, status).
- old: tests/data/entities/gold.jsonl, the 28 demo articles and 6 extra ones the rules were developed on
  (no relations annotated, so its relation column is blank).
Speed is the mean per article once the gazetteer is loaded (a one-time cost per process).
Scoring is per article: the set of canonical names of each type found, against the gold set (compared
lower-cased, one tone-mark style); relations as the set of (person, post, organisation) triples.
underthesea's output gets the same canonicalisation as ours (abbreviations expanded, administrative
words dropped from places), so the comparison measures finding entities, not spelling them.
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
from cleaner.entities.relations import find_relations  # noqa: E402
from unionnews.demo.content import load_sites  # noqa: E402
from vnlang.abbreviations import expand_name  # noqa: E402
from vnlang.text import normalize, normalize_tones  # noqa: E402

GOLD = REPO / "tests" / "data" / "entities"
TYPES = ("person", "organization", "place")
_GOLD_KEYS = {"person": "persons", "organization": "organizations", "place": "places"}
_ADMIN = re.compile(r"^(?:tỉnh|thành phố|tp\.?|huyện|thị xã|quận|xã|phường|thị trấn|thôn|bản|xóm)\s+", re.IGNORECASE)


Triple = tuple[str, str, str]


@dataclass
class Doc:
    key: str
    province: str
    texts: list[str]
    gold: dict[str, set[str]]
    gold_roles: dict[str, str] = field(default_factory=dict)
    gold_relations: set[Triple] | None = None  # None: the set does not annotate relations


def _texts(article: dict | object) -> list[str]:
    get = (lambda k: article.get(k)) if isinstance(article, dict) else (lambda k: getattr(article, k))
    paragraphs = [get("lead") or "", *get("paragraphs")]
    images = get("images") or ()
    captions = [img["caption"] if isinstance(img, dict) else img.caption for img in images]
    return [get("title"), "\n\n".join(p for p in paragraphs if p), *[c for c in captions if c]]


def _toml_articles(path: Path) -> dict[tuple[str, int], dict]:
    return {(a["site"], a["id"]): a for a in tomllib.loads(path.read_text(encoding="utf-8"))["articles"]}


def _gold_docs(path: Path, sources: dict[tuple[str, int], dict | object]) -> list[Doc]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold = {t: {_key(n if isinstance(n, str) else n["name"]) for n in row[_GOLD_KEYS[t]]} for t in TYPES}
        roles = {_key(p["name"]): " ".join(p["role"].split()) for p in row["persons"] if p.get("role")}
        relations = {_triple(r["person"], r["post"], r["organization"]) for r in row["relations"]} if "relations" in row else None
        texts = _texts(sources[(row["site"], row["id"])])
        docs.append(Doc(f"{row['site']}/{row['id']}", row["province"], texts, gold, roles, relations))
    return docs


def load_old() -> list[Doc]:
    sources: dict[tuple[str, int], dict | object] = {
        (name, article.id): article for name, site in load_sites().items() for article in site.articles
    }
    sources |= {("extra", i): a for (_, i), a in _toml_articles(GOLD / "extra_articles.toml").items()}
    return _gold_docs(GOLD / "gold.jsonl", sources)


def load_heldout() -> list[Doc]:
    return _gold_docs(GOLD / "heldout" / "gold.jsonl", _toml_articles(GOLD / "heldout" / "articles.toml"))


def _key(name: str) -> str:
    return normalize(" ".join(name.split()))


def _triple(person: str, post: str, organization: str | None) -> Triple:
    return _key(person), _key(post), _key(organization or "")


# --- systems: each returns {type: {canonical key}} and {person key: role} for one document

Result = tuple[dict[str, set[str]], dict[str, str], set[Triple]]


def rules(doc: Doc) -> Result:
    found: dict[str, set[str]] = {t: set() for t in TYPES}
    roles: dict[str, str] = {}
    relations: set[Triple] = set()
    for text in doc.texts:
        entities = find_entities(text, doc.province)
        for entity in entities:
            found[entity.type].add(_key(entity.name))
            if entity.type == "person" and entity.role:
                roles.setdefault(_key(entity.name), " ".join(entity.role.split()))
        relations |= {_triple(r.person, r.post, r.organization) for r in find_relations(text, doc.province, entities)}
    return found, roles, relations


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
    return found, {}, set()


def hybrid(doc: Doc) -> Result:
    """Rules, plus the people underthesea finds that the rules missed."""
    found, roles, relations = rules(doc)
    extra, _, _ = underthesea_ner(doc)
    found["person"] |= {p for p in extra["person"] if len(p.split()) >= 2}
    return found, roles, relations


SYSTEMS: dict[str, Callable[[Doc], Result]] = {"rules (unionnews)": rules, "underthesea": underthesea_ner, "hybrid": hybrid}


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def score(docs: list[Doc], system: Callable[[Doc], Result]) -> dict[str, object]:
    counts = {t: [0, 0, 0] for t in (*TYPES, "relation")}  # tp, fp, fn
    roles_right = roles_total = 0
    timings = []
    misses: list[str] = []
    for doc in docs:
        started = time.perf_counter()
        found, roles, relations = system(doc)
        timings.append(time.perf_counter() - started)
        pairs = [(t, found[t], doc.gold[t]) for t in TYPES]
        if doc.gold_relations is not None:
            pairs.append(("relation", relations, doc.gold_relations))
        for t, got, want in pairs:
            counts[t][0] += len(got & want)
            counts[t][1] += len(got - want)
            counts[t][2] += len(want - got)
            misses += [f"{doc.key} {t} missed: {n}" for n in sorted(map(str, want - got))]
            misses += [f"{doc.key} {t} spurious: {n}" for n in sorted(map(str, got - want))]
        for person, role in doc.gold_roles.items():
            if person in found["person"]:
                roles_total += 1
                roles_right += _key(roles.get(person, "")) == _key(role)
    result: dict[str, object] = {"ms": 1000 * statistics.mean(timings), "misses": misses,
                                 "roles": roles_right / roles_total if roles_total else 0.0}  # fmt: skip
    for t, (tp, fp, fn) in counts.items():
        result[t] = _f1(tp, fp, fn) if tp + fp + fn else None
    return result


def _row(label: str, r: dict[str, object]) -> str:
    cells = "".join(f"{'{:.3f} / {:.3f} / {:.3f}'.format(*r[t]) if r[t] else '–':>24}" for t in (*TYPES, "relation"))
    return f"{label:<30}{cells}{r['roles']:>7.2f}{r['ms']:>9.2f}"


def main() -> None:
    sets = {"held-out": load_heldout(), "old": load_old()}
    for label, docs in sets.items():
        gold_counts = {t: sum(len(d.gold[t]) for d in docs) for t in TYPES}
        relations = sum(len(d.gold_relations or ()) for d in docs)
        print(f"{label} gold: {len(docs)} articles; entities per type {gold_counts}; relations {relations}")
    header = f"{'system / gold set':<30}" + "".join(f"{t + ' P/R/F1':>24}" for t in (*TYPES, "relation"))
    header += f"{'roles':>7}{'ms/art':>9}"
    print("\n" + header + "\n" + "-" * len(header))
    misses = []
    rules(sets["old"][0])  # load the gazetteer and compile its matcher once, as a running crawl has
    for name, system in SYSTEMS.items():
        try:
            results = {label: score(docs, system) for label, docs in sets.items()}
        except ImportError:
            print(f"{name:<30}  (not installed: pip install -e '.[bench]')")
            continue
        for label, r in results.items():
            print(_row(f"{name}, {label}", r))
        if system is rules:
            misses = [f"{label} {m}" for label, r in results.items() for m in r["misses"]]  # type: ignore[union-attr]
    if "-v" in sys.argv:
        print("\n".join(["", "rules: differences from gold", *misses]))


if __name__ == "__main__":
    main()
