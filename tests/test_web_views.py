"""The web app's small pure pieces: safe snippets and links, entity marks in the body, the monthly chart, parameters."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from markupsafe import Markup

from archive.filters import FilterError, Filters, parse_date
from unionnews.web.chart import monthly_chart
from unionnews.web.params import SearchParams
from unionnews.web.views import body_paragraphs, snippet_markup, vn_datetime, web_url


def test_snippet_keeps_only_mark_and_escapes_the_rest() -> None:
    hostile = "Liên <mark>đoàn</mark> &lt;b&gt; <script>alert(1)</script> <mark><img src=x onerror=alert(2)></mark>"
    shown = snippet_markup(hostile)
    assert isinstance(shown, Markup)
    assert "<script" not in shown and "<img" not in shown and "<b>" not in shown
    assert shown.count("<mark>") == 2 and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=alert(2)&gt;" in shown


@pytest.mark.parametrize("url, allowed", [
    ("http://ldld.example.vn/tin-tuc/1.html", True),
    ("HTTPS://ldld.example.vn/a?b=c", True),
    ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("file:///etc/passwd", False),
    ("//evil.example/x", False),
    ("", False),
])  # fmt: skip
def test_only_web_links_are_followable(url: str, allowed: bool) -> None:
    assert (web_url(url) is not None) == allowed


def test_entity_mentions_are_marked_where_their_offsets_still_match() -> None:
    body = "Đồng chí Bế Thị Hòa dự lễ.\n\nLĐLĐ tỉnh Bắc Kạn trao quà."
    start = body.index("Bắc Kạn")
    entities = [
        {"type": "person", "name": "Bế Thị Hòa", "text": "Bế Thị Hòa", "start": 9, "end": 19, "field": "body"},
        {"type": "place", "name": "Bắc Kạn", "text": "Bắc Kạn", "start": start, "end": start + 7, "field": "body"},
        {"type": "place", "name": "Sơn La", "text": "Sơn La", "start": 0, "end": 6, "field": "body"},  # stale offsets
        {"type": "person", "name": "X", "text": "Đồng", "start": 0, "end": 4, "field": "caption:0"},  # not the body
    ]
    paragraphs = body_paragraphs(body, entities)
    assert ["".join(run.text for run in p) for p in paragraphs] == body.split("\n\n")
    marked = [(run.text, run.kind) for p in paragraphs for run in p if run.kind]
    assert marked == [("Bế Thị Hòa", "person"), ("Bắc Kạn", "place")]


def test_monthly_chart_spans_every_month_and_scales_to_the_peak() -> None:
    chart = monthly_chart(Counter({(2019, 11): 2, (2020, 2): 4}))
    assert chart is not None
    assert [b.month for b in chart.bars] == ["11/2019", "12/2019", "01/2020", "02/2020"]
    assert [b.count for b in chart.bars] == [2, 0, 0, 4]
    tallest = chart.bars[-1]
    assert tallest.y == chart.top and tallest.y + tallest.height == chart.baseline
    assert chart.bars[0].height == pytest.approx(tallest.height / 2)
    assert [t.label for t in chart.years] == ["2019", "2020"]
    assert monthly_chart(Counter()) is None


def test_dates_are_written_as_vietnamese_readers_write_them() -> None:
    assert vn_datetime(datetime(2020, 12, 27, 12, 56, tzinfo=UTC)) == "27/12/2020 19:56"
    assert vn_datetime("2020-12-27T19:56:00+07:00") == "27/12/2020 19:56"
    assert parse_date("27/12/2020", "from") == parse_date("2020-12-27", "from") == date(2020, 12, 27)
    with pytest.raises(FilterError, match="from"):
        parse_date("2020-12-32", "from")


def test_urls_keep_filters_in_a_stable_order_and_reset_the_page() -> None:
    filters = Filters(sites=("demo-table",), persons=("Bế Thị Hòa",))
    params = SearchParams(q="công đoàn", filters=filters, page=3, limit=50)
    assert params.url() == ("/search?q=c%C3%B4ng+%C4%91o%C3%A0n&site=demo-table&person=B%E1%BA%BF+Th%E1%BB%8B+H%C3%B2a"
                            "&page=3&limit=50")  # fmt: skip
    added = params.adding("site", "demo-html5")
    assert added.filters.sites == ("demo-table", "demo-html5") and added.page == 1
    assert params.removing("person", "Bế Thị Hòa").filters.persons == ()
    year = params.year(2020)
    assert (year.filters.date_from, year.filters.date_to) == (date(2020, 1, 1), date(2020, 12, 31))
