"""The held-out entity gold set (tests/data/entities/heldout/) is consistent with its own articles.

The set measures the entity rules and is never used to tune them, so nothing here runs the rules: these
tests guard the data. Every annotated name must be findable in its article's text (title, lead,
paragraphs and captions; not the byline) modulo the canonical spelling of GUIDELINES.md: NFC, new-style
tone marks, the expanded abbreviations, case, a bare body completed with a place the article names
("UBND tỉnh" → "Ủy ban nhân dân tỉnh Gia Lai"), and industrial parks distributed from a list ("các KCN
Quế Võ, Yên Phong" → "Khu công nghiệp Yên Phong"). A typo in a name, a role copied from the wrong
article or a relation to an organisation the line does not list fails here.
"""

from __future__ import annotations

import json
import tomllib
import unicodedata
from pathlib import Path

import pytest

from vnlang.text import normalize_tones

HELDOUT = Path(__file__).resolve().parent / "data" / "entities" / "heldout"
ARTICLES = HELDOUT / "articles.toml"
GOLD = HELDOUT / "gold.jsonl"

# The abbreviation table of GUIDELINES.md ("KCN" per its held-out notes), as canonical names spell it out.
EXPANSIONS = {
    "LĐLĐ": "Liên đoàn Lao động",
    "CĐCS": "Công đoàn cơ sở",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BCH": "Ban Chấp hành",
    "KCN": "Khu công nghiệp",
    "TP.HCM": "Thành phố Hồ Chí Minh",
}
# Administrative words that a bare body ("Sở Nội vụ", "LĐLĐ tỉnh") may or may not print before its place.
ADMIN_WORDS = ("tỉnh", "thành phố", "huyện", "thị xã", "xã", "phường")
STATUSES = {"current", "former", "new"}
PARK = "Khu công nghiệp "


def load_articles() -> list[dict]:
    return tomllib.loads(ARTICLES.read_text(encoding="utf-8"))["articles"]


def load_gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


ARTICLE_LIST = load_articles()
GOLD_LIST = load_gold()
GOLD_BY_ID = {line["id"]: line for line in GOLD_LIST}


def annotated_text(article: dict) -> str:
    """What the guidelines annotate: title, lead, paragraphs and image captions (never the byline)."""
    parts = [article["title"], article["lead"], *article["paragraphs"]]
    parts += [image.get("caption", "") for image in article.get("images", [])]
    return normalize_tones("\n".join(parts))


def expanded(text: str) -> str:
    for short, long in EXPANSIONS.items():
        text = text.replace(short, long)
    return text.lower()


def org_found(org: str, text: str, places: list[str]) -> bool:
    """Printed in full, or a bare body completed with one of the article's places."""
    org = org.lower()
    if org in text or (org == "tổng liên đoàn lao động việt nam" and "tổng liên đoàn" in text):
        return True
    for place in places:
        suffix = " " + place.lower()
        if not org.endswith(suffix):
            continue
        stem = org[: -len(suffix)]
        stems = [stem] + [stem[: -len(word) - 1] for word in ADMIN_WORDS if stem.endswith(" " + word)]
        if any(candidate and candidate in text for candidate in stems):
            return True
    return False


def place_found(place: str, text: str) -> bool:
    place = place.lower()
    if place in text:
        return True
    park = PARK.lower()
    return place.startswith(park) and park in text and place[len(park) :] in text


def test_files_are_nfc() -> None:
    for path in (ARTICLES, GOLD):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, f"{path.name} is not NFC"


def test_set_size_and_provinces() -> None:
    assert len(ARTICLE_LIST) >= 40
    assert len({article["province"] for article in ARTICLE_LIST}) >= 10


def test_ids_match_one_to_one() -> None:
    article_ids = [article["id"] for article in ARTICLE_LIST]
    gold_ids = [line["id"] for line in GOLD_LIST]
    assert len(set(article_ids)) == len(article_ids)
    assert len(set(gold_ids)) == len(gold_ids)
    assert article_ids == gold_ids
    assert all(article["site"] == "heldout" and GOLD_BY_ID[article["id"]]["site"] == "heldout" for article in ARTICLE_LIST)


def test_body_lengths_are_news_sized() -> None:
    for article in ARTICLE_LIST:
        words = len(" ".join([article["lead"], *article["paragraphs"]]).split())
        assert 150 <= words <= 350, (article["id"], words)


@pytest.mark.parametrize("article", ARTICLE_LIST, ids=lambda article: str(article["id"]))
def test_annotation_occurs_in_its_article(article: dict) -> None:
    gold = GOLD_BY_ID[article["id"]]
    text = annotated_text(article)
    full = expanded(text)
    assert gold["province"] == article["province"]
    assert gold["province"] in gold["places"], "the article's own province is one of its places"
    for key in ("organizations", "places"):
        assert len(set(gold[key])) == len(gold[key]), f"duplicate in {key}"
    names = [person["name"] for person in gold["persons"]]
    assert len(set(names)) == len(names), "a person is listed once, under the fullest name"
    for person in gold["persons"]:
        assert len(person["name"].split()) >= 2, person
        assert person["name"] in text, person["name"]
        assert person["role"] is None or person["role"] in text, person
    for place in gold["places"]:
        assert place_found(place, full), place
    for org in gold["organizations"]:
        assert org_found(org, full, gold["places"]), org
    for relation in gold["relations"]:
        assert relation["person"] in names, relation
        assert relation["organization"] in gold["organizations"], relation
        assert relation["status"] in STATUSES, relation
        assert relation["post"] in text, relation


def test_relations_exercise_every_status() -> None:
    statuses = [relation["status"] for line in GOLD_LIST for relation in line["relations"]]
    assert {status: statuses.count(status) >= 5 for status in STATUSES} == dict.fromkeys(STATUSES, True)
