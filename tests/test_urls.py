from archive.urls import canonical_url


def test_query_order_tracking_and_session_params_do_not_matter() -> None:
    a = canonical_url("http://127.0.0.1:8473/chitiet.asp?id=5&cat=2&PHPSESSID=abc#top")
    b = canonical_url("HTTP://127.0.0.1:8473/chitiet.asp?cat=2&id=5&utm_source=facebook")
    assert a == b == "http://127.0.0.1:8473/chitiet.asp?cat=2&id=5"


def test_default_port_and_host_case_are_dropped() -> None:
    assert canonical_url("https://CongDoanBacKan.org.vn:443/tin-tuc/a-1.html") == "https://congdoanbackan.org.vn/tin-tuc/a-1.html"


def test_different_articles_stay_different() -> None:
    assert canonical_url("http://h/chitiet.asp?id=5") != canonical_url("http://h/chitiet.asp?id=6")
