"""The own gold set (every demo page and the written pages in tests/data/gold) through the generic path.

No profile selectors here: what an unknown site would get. The figures against trafilatura are in
bench/extraction.py; this guards every page's fields one by one.
"""

from __future__ import annotations

import unicodedata

import pytest

from cleaner import extract_html
from tests.support.goldset import GoldPage, check, demo_pages, written_pages
from tests.support.scoring import leaked, prf, same_minute, shingle_counts

WRITTEN = written_pages()
DEMO = demo_pages()


def test_gold_set_is_large_enough_and_consistent() -> None:
    assert len(WRITTEN) >= 20 and len(DEMO) == 28
    assert len({p.layout for p in WRITTEN}) == len(WRITTEN)  # every written page is another layout
    assert check(WRITTEN + DEMO) == []


@pytest.mark.parametrize("gold", WRITTEN + DEMO, ids=lambda p: p.name)
def test_generic_path_matches_gold(gold: GoldPage) -> None:
    article = extract_html(gold.page, gold.url, None, gold.content_type)
    assert article.title == gold.title
    assert same_minute(gold.published, article.published), article.published
    assert (article.author, article.byline) == (gold.author, gold.byline)
    assert list(article.captions) == list(gold.captions)
    assert leaked(article.body, gold.leaks) == []
    assert prf([shingle_counts(gold.body, article.body, 1)])[2] >= 0.98
    assert unicodedata.is_normalized("NFC", article.body + article.title)


@pytest.mark.parametrize("gold", DEMO, ids=lambda p: p.name)
def test_profile_path_matches_gold_exactly(gold: GoldPage) -> None:
    article = extract_html(gold.page, gold.url, gold.selectors, gold.content_type)
    squash = " ".join  # the gold text itself has double spaces where the seed pages have them
    assert (article.title, article.author) == (gold.title, gold.author)
    assert squash(article.body.split()) == squash(gold.body.split())
    assert article.published == gold.published and article.captions == gold.captions
