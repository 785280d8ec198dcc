"""Entity pages over a crawled demo archive (one real `unionnews serve`, tests/webapp.py): a person's posts
with first/last dates and the articles that say so, a former post ending a timeline, the same as JSON,
organisations and places, and the article page linking to them."""

from __future__ import annotations

import html
import re
import urllib.parse

from test_web_api import get, get_json
from webapp import WebServer

HOA = "/people/" + urllib.parse.quote("Bế Thị Hòa")
FEDERATION = "Liên đoàn Lao động tỉnh Lạng Sơn"


def test_a_person_page_lists_posts_with_dates_and_evidence(web_server: WebServer) -> None:
    status, headers, body = get(web_server, HOA)
    page = html.unescape(body.decode())
    assert status == 200 and headers["content-type"].startswith("text/html")
    (post,) = re.findall(r'<li class="post ended">(.*?)</ol></li>', page, re.S)
    assert "<strong>Phó Chủ tịch Thường trực</strong>" in post and FEDERATION in post
    assert "31/12/2019 – 28/07/2020" in post and "thôi giữ chức trước 17/05/2021" in post
    evidence = re.findall(r'<a href="/articles/(\d+)">', post)
    assert len(evidence) == 4  # 2019-12-31, 2020-01-16, 2020-07-28 and the "nguyên" mention of 2021-05-17
    record = get_json(web_server, "/api" + HOA)
    (tenure,) = record["people"][0]["posts"]
    assert [str(e["article_id"]) for e in tenure["evidence"]] == evidence
    assert (tenure["first"], tenure["last"], tenure["ended"], tenure["open"]) == ("2019-12-31", "2020-07-28", "2021-05-17", False)
    for article_id in evidence:  # each cited article names her
        assert "Bế Thị Hòa" in html.unescape(get(web_server, f"/articles/{article_id}")[2].decode())
    assert html.escape(record["search"]) in body.decode()  # the search of her articles


def test_organisation_and_place_pages(web_server: WebServer) -> None:
    org = get_json(web_server, "/api/organizations/" + urllib.parse.quote(FEDERATION))
    holders = {(t["person"], t["post"]) for t in org["posts"]}
    assert {("Bế Thị Hòa", "Phó Chủ tịch Thường trực"), ("Lộc Văn Hưng", "Chủ tịch")} <= holders
    assert sum(m["articles"] for m in org["articles_per_month"]) >= 5
    assert "Bế Thị Hòa" in {p["name"] for p in org["co_mentioned"]["person"]}
    status, _, body = get(web_server, "/places/" + urllib.parse.quote("Chi Lăng"))
    assert status == 200 and "<svg" in body.decode() and "/people/" in body.decode()
    assert get(web_server, "/people/" + urllib.parse.quote("Không Có Ai"))[0] == 404
    assert get_json(web_server, "/api/places/Nowhere", status=404)["detail"]


def test_the_article_page_links_its_entities_to_their_pages(web_server: WebServer) -> None:
    hits = get_json(web_server, "/api/search?person=be+thi+hoa&sort=date")["hits"]
    body = get(web_server, hits[0]["article"])[2].decode()
    assert f'href="{HOA}"' in body and 'href="/organizations/' in body
