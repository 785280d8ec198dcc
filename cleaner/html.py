"""HTML page → CleanedArticle.

Layers, most precise first: the site profile's selectors; the page's own metadata (JSON-LD,
OpenGraph, `<time>`); then generic rules that work on a site never seen before (cleaner/generic.py
for the main content, furniture tags and classes, noise lines, caption and byline shapes); and,
when the archive has learnt them, the blocks the site repeats on many pages.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from functools import lru_cache
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.etree import ParserError
from lxml.html import HtmlElement
from trafilatura.metadata import extract_author

from cleaner.acceptance import PageLinks, rejection
from cleaner.article import CleanedArticle, ExtractionError, NotAnArticle
from cleaner.blocks import Block, iter_blocks
from cleaner.body import Body, build_body, is_date_line
from cleaner.boilerplate import LABELLED, NOISE_CLASS, NOISE_TAGS, SITE_FURNITURE_CLASS, FurnitureNames, is_slogan
from cleaner.byline import has_prefix, is_account, parse_byline
from cleaner.captions import caption_texts, find_captions, remove_captions
from cleaner.custom import custom_fields
from cleaner.decode import decode_html
from cleaner.generic import main_lines
from cleaner.metadata import read_metadata
from cleaner.selectors import Selectors
from cleaner.repeated import RepeatedBlocks
from cleaner.title import find_title, headline_near, squash, strip_suffix
from vnlang.dates import has_time, parse_date
from vnlang.text import nfc

_CATEGORY_PREFIX = re.compile(r"^(?:danh mục|chuyên mục|chuyên trang|category)\s*:\s*", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?:https?://)?[\w.-]+\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
_VIETNAMESE_LETTERS = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_AUTHOR_CLASS = re.compile(r"author|tacgia|tac-gia|byline", re.IGNORECASE)
_CRUMBS = etree.XPath(".//a | .//li[not(.//a)]")
_NEVER_TEXT = ("script", "style", "noscript", "template")
_DATE_BEFORE, _DATE_AFTER = 6, 10  # how far (in blocks) from the headline a date line may stand
_MIN_BODY = 40
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# "Hôm nay: 22/11/2024" in a portal's header is the day the page was served, never the article's date.
_TODAY = re.compile(r"^\s*(?:ngày\s+)?(?:hôm nay|today)\b", re.IGNORECASE)
_BARE_TIME = re.compile(r"(?:lúc\s*)?(?P<H>[01]?\d|2[0-3])\s*[:hg]\s*(?P<M>[0-5]\d)(?:\s*(?:sáng|chiều|tối))?", re.IGNORECASE)
# Comments and processing instructions inside paragraphs would cut them in two for the generic path.
# Every element is a plain HtmlElement: lxml.html's own lookup (form and input classes) runs in Python
# for each element touched and costs more than the rest of the cleaner's tree walks.
def _parser(huge_tree: bool) -> lxml.html.HTMLParser:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=huge_tree)
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )  # fmt: skip
    return parser


_PARSER = _parser(huge_tree=False)
# libxml2 stops reading past 256 nested elements (the article's body was lost), and trafilatura's
# fallback costs the depth squared: a page nested deeper is parsed again with the limit raised to
# 2,048 (deeper still is refused with that reason), and the wrappers nested past _DEPTH are
# unwrapped, their text and paragraphs kept in order.
_DEEP_PARSER = _parser(huge_tree=True)
_DEPTH = 128
_KEPT_WHEN_DEEP = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "img", "figure", "figcaption", "a"})
# Cleaning costs more than the page's size grows (20 MB: 46 s); a page above this is refused with its reason,
# kept as a raw page. Real article pages are under 1 MB of text: what makes one larger is mostly a photo
# pasted inline as a data: URI, which is dropped (only for cleaning) before the size is judged.
MAX_PAGE_BYTES = 5 * 1024 * 1024
_INLINE_DATA = re.compile(rb"data:[^,\"'\s>]{0,100},[^\"'\s>)]{4096,}")
_INLINE_DATA_TEXT = re.compile(_INLINE_DATA.pattern.decode())
_FURNITURE_ROLES = {"marquee", "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}


@lru_cache(maxsize=256)
def _compiled(css: str) -> CSSSelector:
    return CSSSelector(css)  # translating CSS to XPath costs more than running it


def _select(tree: HtmlElement, css: str) -> list[HtmlElement]:
    return _compiled(css)(tree)


def _first(tree: HtmlElement, css: str | None) -> HtmlElement | None:
    if not css:
        return None
    found = _select(tree, css)
    return found[0] if found else None


def _text(el: HtmlElement | None) -> str:
    return squash(el.text_content()) if el is not None else ""


def _parse(html: str) -> HtmlElement:
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)  # lxml refuses str input with an encoding declaration
    # Control characters parse, but lxml refuses them later wherever text is set (trafilatura does that):
    # one pasted U+0008 cost the whole article. trafilatura's own loader drops them the same way.
    html = _CONTROL.sub("", html)
    try:
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
        if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in _PARSER.error_log):
            tree = lxml.html.document_fromstring(html, parser=_DEEP_PARSER)
            if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in _DEEP_PARSER.error_log):
                raise ExtractionError("page nests elements deeper than 2,048 levels (libxml2's limit)")
            _unwrap_deep(tree)
        return tree
    except ExtractionError:
        raise
    except (ParserError, ValueError) as exc:
        raise ExtractionError(f"not an HTML document: {exc}") from exc


def _unwrap_deep(tree: HtmlElement) -> None:
    depth, deep = 0, []
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if event == "start" and depth > _DEPTH and el.tag not in _KEPT_WHEN_DEEP:
            deep.append(el)
    for el in deep:
        el.drop_tag()


def _drop(el: HtmlElement) -> None:
    if el.getparent() is not None:
        el.drop_tree()


def _is_furniture(el: HtmlElement, names: FurnitureNames) -> bool:
    label = f"{el.get('class', '')} {el.get('id', '')}"
    if el.get("role") not in _FURNITURE_ROLES and not names.search(label):
        return False
    prose = sum(len(p.text_content()) for p in el.iter("p"))
    return prose < 400  # a mislabelled wrapper that holds the article is not furniture


def _strip_furniture(
    root: HtmlElement,
    sel: Selectors,
    names: FurnitureNames = NOISE_CLASS,
    tags: tuple[str, ...] = NOISE_TAGS,
    labelled: list[HtmlElement] | None = None,
) -> None:
    """Furniture out of `root`: the profile's `remove` list, noise tags, and elements whose class names it."""
    for css in sel.remove:
        for el in _select(root, css):
            _drop(el)
    for el in list(root.iter(*tags)):
        _drop(el)
    dropped: set[HtmlElement] = set()
    for el in LABELLED(root) if labelled is None else labelled:
        if el is root or el.getparent() is None or any(a in dropped for a in el.iterancestors()):
            continue  # already gone with an outer piece of furniture
        if _is_furniture(el, names):
            dropped.add(el)
            el.drop_tree()


def _date_of(el: HtmlElement) -> datetime | None:
    for attr in ("datetime", "content"):
        if el.get(attr) and (parsed := parse_date(el.get(attr))):
            return parsed
    return parse_date(_text(el))


class _Page:
    """One parsed page and the facts every layer shares (its blocks, where the headline stands)."""

    def __init__(self, tree: HtmlElement, sel: Selectors, html: str = "", url: str = "") -> None:
        self.tree = tree
        self.sel = sel
        self.html = html  # parsed again, untouched, when the fast path's article looks thin
        self.meta = read_metadata(tree)  # before scripts go: JSON-LD lives in one
        for el in list(tree.iter(*_NEVER_TEXT)):
            _drop(el)
        self.body = tree.find("body") if tree.find("body") is not None else tree
        self.labelled: list[HtmlElement] = LABELLED(tree)
        self.blocks: list[Block] = [b for b in iter_blocks(self.body) if b.text]
        self.page_title = _text(_first(tree, "title"))
        self.headings = frozenset(b.text for b in self.blocks if b.element.tag in _HEADING_TAGS)
        # The site's own name, as OpenGraph and JSON-LD's publisher give it and as its host spells it
        # ("vnexpress" for VnExpress).
        host = (urlsplit(url).hostname or "").removeprefix("www.").split(".")
        self.site_names = {
            n.casefold() for n in (self.meta.site_name, self.meta.publisher, host[0] if len(host) > 1 else "") if n
        }

    def block_index(self, el: HtmlElement | None, text: str | None = None) -> int | None:
        for i, block in enumerate(self.blocks):
            if (el is not None and (block.element is el or el in block.element.iterancestors())) or block.text == text:
                return i
        return None

    def is_date_block(self, i: int) -> bool:
        block = self.blocks[i]
        if not is_date_line(block.text) or is_slogan(block.text) or _TODAY.match(block.text):
            return False
        # Only links printed in this block count (the owner element may hold a whole list further down).
        links = sum(len(t) for a in block.element.iter("a") if (t := _text(a)) and t in block.text)
        return links * 2 < len(block.text) and not any(a.tag == "a" for a in block.element.iterancestors())

    def date_line(self, anchor: int | None) -> tuple[int, datetime] | None:
        """The date line nearest the headline; one with a clock time wins over a bare date.

        It stands above the headline or between it and the article text: the search stops at the
        second long paragraph, so dates in related-news lists below never count.
        """
        if anchor is None:
            return None
        window = list(range(max(0, anchor - _DATE_BEFORE), anchor + 1))
        long_seen = 0
        for i in range(anchor + 1, min(len(self.blocks), anchor + _DATE_AFTER + 1)):
            if len(self.blocks[i].text) > 150:
                long_seen += 1
                if long_seen == 2:
                    break
            window.append(i)
        candidates = []
        for i in window:
            if self.is_date_block(i) and (parsed := parse_date(self.blocks[i].text)):
                if not has_time(self.blocks[i].text) and (clock := self._clock_beside(i)):
                    parsed = parsed.replace(hour=clock[0], minute=clock[1])
                    candidates.append((False, abs(i - anchor), i, parsed))
                    continue
                candidates.append((not has_time(self.blocks[i].text), abs(i - anchor), i, parsed))
        if not candidates:
            return None
        best = min(candidates, key=lambda c: (c[0], c[1]))
        return best[2], best[3]

    def _clock_beside(self, i: int) -> tuple[int, int] | None:
        """A bare time printed on its own next to a bare date ("20/11/2019", "14:00")."""
        for j in (i + 1, i - 1):
            if 0 <= j < len(self.blocks) and (match := _BARE_TIME.fullmatch(self.blocks[j].text)):
                return int(match["H"]), int(match["M"])
        return None

    def first_date_line(self) -> int | None:
        """Where the page prints its date when no headline anchors it: the first date line near the top."""
        for i in range(min(60, len(self.blocks))):
            if self.is_date_block(i):
                return i
        return None

    def date_distance(self, el: HtmlElement) -> int | None:
        """How many blocks away the nearest date line stands from `el`, when it is within two."""
        if (i := self.block_index(el, _text(el))) is None:
            return None
        near = [abs(j - i) for j in range(max(0, i - 2), min(len(self.blocks), i + 3)) if j != i and self.is_date_block(j)]
        return min(near) if near else None


def _title(page: _Page) -> tuple[str, int | None]:
    sel = page.sel
    if (el := _first(page.tree, sel.title)) is not None and _text(el):
        return _text(el), page.block_index(el)
    title, el = find_title(page.tree, page.labelled, page.meta, page.page_title, page.site_names, page.date_distance)
    if title:
        return title, page.block_index(el, title)
    texts = [b.text for b in page.blocks]
    if (date_at := page.first_date_line()) is not None and (i := headline_near(texts, date_at)) is not None:
        return texts[i], i
    title = strip_suffix(page.page_title, page.site_names)
    return title, page.block_index(None, title)


def _published(page: _Page, anchor: int | None) -> datetime | None:
    if (el := _first(page.tree, page.sel.date)) is not None and (parsed := _date_of(el)):
        return parsed
    if page.meta.published and (parsed := parse_date(page.meta.published)):
        # Metadata that gave the day only, or a time that did not read ("2016-04-19ICT23:11:00", NukeViet's
        # zone name where the "T" goes, reads as midnight): the time the page prints beside the headline wins.
        if parsed.time() == time(0) and (near := page.date_line(anchor)) and near[1].date() == parsed.date():
            return near[1]
        return parsed
    for el in page.tree.xpath("//time[@datetime]"):
        if not el.xpath("ancestor::a | ancestor::li") and (parsed := _date_of(el)):
            return parsed
    near = page.date_line(anchor)
    return near[1] if near else None


def _category(page: _Page) -> str | None:
    if (el := _first(page.tree, page.sel.category)) is not None and (text := _text(el)):
        return _CATEGORY_PREFIX.sub("", text) or None
    if page.meta.section:
        return squash(page.meta.section)
    # Joomla's category line and schema.org microdata say it outright.
    for el in page.labelled:
        if "category-name" in el.get("class", "") or el.get("itemprop") in ("articleSection", "genre"):
            return _CATEGORY_PREFIX.sub("", _text(el)) or None
    trail = next((el for el in page.labelled if "breadcrumb" in el.get("class", "").lower()), None)
    crumbs = _CRUMBS(trail) if trail is not None else []
    names = [_text(c) for c in crumbs if _text(c) and _text(c).lower() not in {"trang chủ", "home"}]
    return names[-1] if names else None


def _profile_body(page: _Page, body_el: HtmlElement, title: str, repeated: RepeatedBlocks | None) -> tuple[Body, list[str]]:
    found = find_captions(body_el, page.sel.caption)
    remove_captions(found)
    _strip_furniture(body_el, page.sel)
    lines = [nfc(b.text) for b in iter_blocks(body_el) if b.text]
    return build_body(lines, title, repeated, page.headings), caption_texts(found)


def _generic_body(page: _Page, title: str, anchor: int | None, repeated: RepeatedBlocks | None) -> tuple[Body, list[str]]:
    found = find_captions(page.body, None, page.labelled)
    remove_captions(found)
    # Only what trafilatura does not know: it handles nav, header, form and the like itself, better than
    # removing them blindly would (ASP.NET pages wrap everything in a <form>).
    _strip_furniture(page.body, page.sel, SITE_FURNITURE_CLASS, ("marquee",), page.labelled)
    sapo = _is_vietnamese(page, [b.text for b in page.blocks])
    captions = {text for _, text in found}
    lines = main_lines(
        page.tree, page.blocks, title, captions, lambda: _parse(page.html), sapo, page.meta.description or ""
    )
    if lines is None:
        raise ExtractionError("no article body found")
    body = build_body(lines, title, repeated, page.headings)
    if body.byline is None and (after := _byline_after(page, body)):
        body.author, body.byline = after
    # Captions count only inside the article, between the headline and the byline: a sidebar's photo
    # box is not one of them.
    # Source lines stand in for document order: cheap, and only ever too lenient (minified pages).
    where = {b.text: b.element.sourceline or 0 for b in reversed(page.blocks)}
    ends = [where[t] for t in (*body.lines, body.byline) if t in where]
    if anchor is not None:
        ends.append(page.blocks[anchor].element.sourceline or 0)
    if ends and found:
        found = [(el, text) for el, text in found if min(ends) <= (el.sourceline or 0) <= max(ends)]
    return body, caption_texts(found)


def _byline_after(page: _Page, body: Body) -> tuple[str, str] | None:
    """The byline trafilatura dropped as too short: the page's block right after the last body line.

    A heading or a link there ("Related Posts", "Learn More") is the next widget, not a signature.
    """
    texts = [b.text for b in page.blocks]
    if not body.lines or body.lines[-1] not in texts:
        return None
    end = len(texts) - 1 - texts[::-1].index(body.lines[-1])
    for block in page.blocks[end + 1 : end + 3]:
        linked = block.element.tag == "a" or any(a.tag == "a" for a in block.element.iterancestors()) or any(
            _text(a) == block.text for a in block.element.iter("a")
        )
        if block.text in page.headings or linked:
            continue
        if parsed := parse_byline(block.text):
            return parsed
    return None


def _same_name(printed: str, full: str) -> bool:
    """The printed byline names the metadata's author, maybe abbreviated: "Ban TG" for "Ban Tuyên giáo"."""
    words = full.casefold().split()
    initials = "".join(w[0] for w in words)
    return all(t in words or (len(t) > 1 and t in initials) for t in printed.casefold().split())


def _named(name: str | None, page: _Page) -> str | None:
    """A metadata author worth keeping: not a CMS account, the publisher, a domain or a link.

    A newspaper's JSON-LD names itself as the author of an unsigned story ("Báo Lao Động", also its
    publisher): that says who published it, not who wrote it. The site's own name (`og:site_name`) is
    kept, but `_author` takes it only when the page prints no other name.
    """
    name = squash(name)
    if not name or is_account(name) or _DOMAIN.match(name) or name.casefold() == (page.meta.publisher or "").casefold():
        return None
    return name


def _is_vietnamese(page: _Page, lines: list[str]) -> bool:
    """The page is in Vietnamese: its `lang` says so, or its text has the letters only Vietnamese uses."""
    if (page.tree.get("lang") or "").lower().startswith("vi"):
        return True
    sample = " ".join(lines)[:2000]
    return len(_VIETNAMESE_LETTERS.findall(sample)) * 30 >= len(sample)


def _author(page: _Page, body: Body) -> tuple[str | None, str | None]:
    """Most explicit first: the profile's byline element; a byline that says it is one ("Tin, ảnh: …",
    "By …"), or a bare name closing the text that the metadata confirms or that a Vietnamese page prints
    (the press there signs that way; elsewhere such a line is mostly the next widget's heading, "Recent
    Posts"); the article's metadata, then the page's `<meta name="author">`; a printed author element;
    trafilatura's author rules. A CMS account, the publisher or a domain is never the author, the site's
    own name only when the page prints no other; a byline that names nobody ("PV") is kept as printed,
    with no author."""
    if (el := _first(page.tree, page.sel.byline)) is not None and (printed := _text(el)):
        parsed = parse_byline(printed)
        return (parsed[0], printed) if parsed else (printed, printed)
    schema = _named(page.meta.author, page)
    weak = not schema or is_account(schema, page.site_names)  # nobody, or the site's own name
    if body.author and body.byline and (has_prefix(body.byline) or weak or _same_name(body.author, schema)):
        if has_prefix(body.byline) or page.meta.author or _is_vietnamese(page, body.lines):
            return body.author, body.byline
    if schema := schema or _named(page.meta.page_author, page):
        return schema, None
    if body.byline and body.author is None:  # signed, but by nobody in particular ("PV")
        return None, body.byline
    authors = [
        el for el in page.labelled
        if el.get("itemprop") == "author" or el.get("rel") == "author" or _AUTHOR_CLASS.search(el.get("class", ""))
    ]  # fmt: skip
    for el in authors:
        parsed = parse_byline(printed) if (printed := _text(el)) else None
        if parsed and not is_account(parsed[0] or "", page.site_names):
            return parsed
    return _named(extract_author(page.tree), page), None


def _lead_in(page: _Page, anchor: int | None, lines: list[str]) -> list[str]:
    """The one link standing just above the body's first line (dates and short labels skipped), if any.

    On a listing that is the first story's headline; on an article, the byline, the lead or a caption,
    or a box of several headlines ("Trending"), which is furniture. Acceptance looks there.
    """
    if anchor is None or not lines:
        return []
    texts = [b.text for b in page.blocks]
    first = next((i for i in range(anchor + 1, len(texts)) if texts[i] == lines[0]), None)
    run: list[str] = []
    for block in reversed(page.blocks[anchor + 1 : first] if first else []):
        if len(block.text.split()) < 4 or is_date_line(block.text):
            continue
        links = [text for a in block.element.iter("a") if (text := _text(a)) and len(text) * 5 >= len(block.text) * 3]
        if not links:
            break
        run += links
    return run if len(run) == 1 else []


def extract_html(
    page: str | bytes,
    url: str,
    selectors: Selectors | None = None,
    content_type: str | None = None,
    *,
    repeated: RepeatedBlocks | None = None,
    require_article: bool = False,
) -> CleanedArticle:
    """Clean one page. `repeated`, when given, drops blocks the site repeats and records this page's blocks.

    `require_article`: raise ExtractionError unless the page reads as an article (cleaner.acceptance),
    for pages whose URL did not say so.
    """
    if len(page) > MAX_PAGE_BYTES:
        page = _INLINE_DATA.sub(b"data:,", page) if isinstance(page, bytes) else _INLINE_DATA_TEXT.sub("data:,", page)
    if len(page) > MAX_PAGE_BYTES:
        raise ExtractionError(f"page too large to clean ({len(page) / 2**20:.1f} MB; the limit is {MAX_PAGE_BYTES // 2**20} MB)")
    html = page if isinstance(page, str) else decode_html(page, content_type)
    if not html.strip():
        raise ExtractionError("empty page")
    html = nfc(html)
    parsed = _Page(_parse(html), selectors or Selectors(), html, url)
    own = custom_fields(parsed.sel.parse, html) if parsed.sel.parse else {}  # the site's parse function wins
    links = PageLinks.read(parsed.tree, url) if require_article else None
    if repeated is not None:
        repeated.observe([b.text for b in parsed.blocks])
    title, anchor = (own["title"], parsed.block_index(None, own["title"])) if "title" in own else _title(parsed)
    if not title:
        raise ExtractionError("no title found")
    published = own["published"] if "published" in own else _published(parsed, anchor)
    category = own.get("category") or _category(parsed)
    body_el = _first(parsed.tree, parsed.sel.body)
    if "body" in own:
        body, captions = Body([p.strip() for p in own["body"].split("\n\n") if p.strip()]), []
    elif body_el is not None:
        body, captions = _profile_body(parsed, body_el, title, repeated)
    else:
        body, captions = _generic_body(parsed, title, anchor, repeated)
    author, byline = _author(parsed, body)
    if "author" in own or "byline" in own:
        author, byline = own.get("author", author), own.get("byline", byline)
    captions = list(own.get("captions", captions))
    if parsed.sel.byline and byline in body.lines:
        body.lines.remove(byline)
    text = "\n\n".join(body.lines)
    if len(text) < _MIN_BODY:
        raise ExtractionError(f"article body too short ({len(text)} characters)")
    article = CleanedArticle(
        url=url,
        title=title,
        body=text,
        published=published,
        author=author,
        byline=byline,
        category=category,
        captions=tuple(captions),
    )
    if links is not None and (reason := rejection(article, links, _lead_in(parsed, anchor, body.lines))):
        raise NotAnArticle(reason)
    return article
