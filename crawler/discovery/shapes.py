"""URL shapes: a URL read as literal segments and variable parts (numbers, ids, slugs).

Articles of one CMS share a shape (NukeViet's `/vi/news/{slug}-{n}/{slug}-{n}.html`, DotNetNuke's
`/Default.aspx?tabid={n}&NID={n}&…`), and so do its listing pages, so grouping a site's links by shape
separates them before a single article is opened. Literal segments stay in the shape: `/tags/…` and
`/cong-doan/…` may have the same slugs and ids and still be a tag page and an article; which of the
two a shape is, content decides (confirm.py), and only then are siblings merged (rules.py).

A segment is a slug when it has at least four hyphen- or underscore-separated parts: article titles
are long, menu labels ("tin-tuc", "gioi-thieu", "lien-he") short. That is what lets a site whose
article URLs carry no id at all (`/bai-viet/<slug>`, `/<slug>`) still show an article shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

NUMBER, SLUG, SLUG_ID, ID_SLUG, TOKEN, ANY = "{n}", "{slug}", "{slug}-{n}", "{n}-{slug}", "{id}", "{any}"
VARIABLE = (NUMBER, SLUG, SLUG_ID, ID_SLUG, TOKEN, ANY)
_SLUG_PARTS = 4
_EXT = re.compile(r"^(?P<base>.+?)(?P<ext>\.[A-Za-z][A-Za-z0-9]{0,4})$")
_PARTS = re.compile(r"[-_]")
_RANDOM_ID = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{8,}$")  # Liferay instance ids, hashes
# What each variable stands for in a regex: consistent with how segments are classified below.
_REGEX = {
    NUMBER: r"\d+",
    SLUG: r"[^/?#]*(?:[-_][^/?#]*){" + str(_SLUG_PARTS - 1) + ",}",
    SLUG_ID: r"[^/?#]*[-_][^/?#]*[-_]\d+",
    ID_SLUG: r"\d+[-_][^/?#]+",
    TOKEN: r"[A-Za-z0-9]+",
    ANY: r"[^/?#]+",
}


def _word_parts(text: str) -> list[str]:
    return [p for p in _PARTS.split(text) if p]


def segment_token(segment: str) -> str:
    """One path segment as a token: a literal, or a variable with its literal decorations kept."""
    text = unquote(segment)
    match = _EXT.match(text)
    base, ext = (match["base"], match["ext"].lower()) if match else (text, "")
    if base.isdigit():
        return NUMBER + ext
    if _RANDOM_ID.match(base) and not base.isalpha():
        return TOKEN + ext
    parts = _word_parts(base)
    if len(parts) >= 2 and parts[-1].isdigit():
        words = parts[:-1]
        if len(words) == 1 and not words[0].isdigit():
            return f"{words[0].lower()}-{NUMBER}{ext}"  # page-2, trang-3: a word and a number
        return SLUG_ID + ext
    if len(parts) >= 2 and parts[0].isdigit():
        return ID_SLUG + ext  # Joomla's 12-some-title
    if len(parts) >= _SLUG_PARTS:
        return SLUG + ext
    return text


def _value_token(value: str) -> str:
    if not value:
        return ""
    if value.isdigit():
        return NUMBER
    return value if len(value) <= 12 and not any(c.isdigit() for c in value) else ANY


def query_tokens(query: str) -> tuple[str, ...]:
    """Sorted `key=token` pairs; a bare slug standing as a key (DotNetNuke's `&ldld-tinh-trao-…&`) is `{slug}`."""
    tokens = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        if not value and len(_word_parts(key)) >= _SLUG_PARTS:
            tokens.append(SLUG)
        else:
            tokens.append(f"{key}={_value_token(value)}")
    return tuple(sorted(set(tokens)))


@dataclass(frozen=True, order=True)
class Shape:
    path: tuple[str, ...]
    query: tuple[str, ...] = ()
    trailing_slash: bool = False

    def __str__(self) -> str:
        text = "/" + "/".join(self.path) + ("/" if self.trailing_slash and self.path else "")
        return text + ("?" + "&".join(self.query) if self.query else "")

    @property
    def variables(self) -> int:
        return sum(is_variable(t) for t in (*self.path, *self.query))

    @property
    def identified(self) -> bool:
        """Whether the last path segment or a query value carries an id or a slug: a page of its own."""
        last = self.path[-1] if self.path else ""
        return is_variable(last) or any(is_variable(t.partition("=")[2]) or t == SLUG for t in self.query)

    @property
    def has_id(self) -> bool:
        """Whether a number or an id stands in the URL: without one, only a slug can tell pages apart."""
        return any(v in t for t in (*self.path, *self.query) for v in (NUMBER, TOKEN))


def is_variable(token: str) -> bool:
    return any(v in token for v in VARIABLE)


def shape_of(url: str) -> Shape:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    return Shape(tuple(segment_token(s) for s in segments), query_tokens(parts.query),
                 parts.path.endswith("/") and bool(segments))  # fmt: skip


def escape(text: str) -> str:
    """re.escape for people reading the profile: only what regexes treat specially (not `-` or `/`)."""
    return re.sub(r"([.^$*+?{}\[\]\\|()])", r"\\\1", text)


def token_regex(token: str) -> str:
    """A token as a regex over one path segment (or one query value)."""
    for variable in sorted(VARIABLE, key=len, reverse=True):
        if variable in token:
            before, _, after = token.partition(variable)
            return escape(before) + _REGEX[variable] + escape(after)
    return escape(token)


def shape_regex(shape: Shape, ignored_params: frozenset[str] = frozenset(), at: dict[int, str] | None = None) -> str:
    """A regex searched in absolute URLs, matching the URLs of this shape on any host (profiles are rebased).

    The path is anchored at both ends; the query must hold the shape's parameters with variable
    values (their names and kinds), in any order, and may hold others; a shape without a query
    matches only URLs without one (links are stripped of ignored parameters before they are matched).
    `at` gives ready regexes for some path positions (siblings merged by rules.py).
    """
    path = "/".join((at or {}).get(i, token_regex(t)) for i, t in enumerate(shape.path))
    regex = r"^https?://[^/?#]+/" + path + ("/" if shape.trailing_slash else "")
    checks = []
    for token in shape.query:
        key, _, value = token.partition("=")
        if token == SLUG or key in ignored_params or not is_variable(value):
            continue
        checks.append(rf"(?=[^#]*[?&]{escape(key)}={token_regex(value)}(?:[&#]|$))")
    if checks:
        return regex + "".join(checks) + r"\?"
    return regex + (r"(?:\?|$)" if shape.query else "$")
