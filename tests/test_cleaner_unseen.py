"""Pages in layouts the rules were not written for, one per cause of loss found on other people's pages.

Each page in tests/data/unseen/ (gold in the format of tests/data/gold/, with the `cause` it stands for)
reproduces one way the generic path used to lose an article: furniture names matched inside compound
class names, real lines in lower case dropped, a heading-like line near the end read as a byline, a
headline printed after the text, a control character in the page, fast mode keeping a fragment, and
the metadata cases (a lead outside the body, account names as authors, NukeViet dates).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import extract_html
from tests.support.goldset import GoldPage, written_pages

UNSEEN = Path(__file__).parent / "data" / "unseen"
PAGES = written_pages(UNSEEN)


@pytest.mark.parametrize("gold", PAGES, ids=[p.name for p in PAGES])
def test_unseen_page(gold: GoldPage) -> None:
    article = extract_html(gold.page, gold.url, None, gold.content_type)
    assert article.title == gold.title
    assert article.published == gold.published
    assert article.author == gold.author
    assert article.body.split("\n\n") == gold.body.split("\n\n")
    for leak in gold.leaks:
        assert leak not in article.body
