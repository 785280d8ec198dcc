"""From confirmed groups of URLs to the regexes of a profile.

Groups that differ only in one literal segment (`/tin-tuc/{slug}-{n}.html`, `/su-kien/{slug}-{n}.html`)
are one CMS route under several sections. When every such sibling that was seen holds articles, the
segment becomes a wildcard, so sections the probe did not reach still crawl; when one sibling is
something else (`/tags/{slug}-{n}.ldo` beside `/cong-doan/{slug}-{n}.ldo`), the rule names the
confirmed sections instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.discovery.clusters import Cluster
from crawler.discovery.shapes import ANY, VARIABLE, Shape, shape_of, shape_regex, token_regex


def _is_literal(token: str) -> bool:
    return not any(v in token for v in VARIABLE)


def _wildcard(shape: Shape, i: int) -> tuple[object, ...]:
    return (len(shape.path), shape.path[:i], shape.path[i + 1 :], shape.query, shape.trailing_slash)


def article_rules(clusters: Iterable[Cluster], ignored: frozenset[str]) -> list[str]:
    """One regex per confirmed group, siblings (groups that differ in one path segment) merged."""
    clusters = list(clusters)
    confirmed = [c for c in clusters if c.confirmed]
    others = [c for c in clusters if not c.confirmed and c.shape.identified]
    rules: list[str] = []
    done: set[int] = set()
    for cluster in confirmed:
        if id(cluster) in done:
            continue
        rule = shape_regex(cluster.shape, ignored)
        for i in range(len(cluster.shape.path)):
            key = _wildcard(cluster.shape, i)
            siblings = [c for c in confirmed if _wildcard(c.shape, i) == key and id(c) not in done]
            if len(siblings) < 2:
                continue
            done.update(id(c) for c in siblings)
            tokens = [c.shape.path[i] for c in siblings]
            if all(map(_is_literal, tokens)) and not any(_wildcard(c.shape, i) == key for c in others):
                merged = token_regex(ANY)  # sections: the ones not seen are alike
            else:  # a tag page beside the sections, or two spellings of an id and a slug: name them
                merged = "(?:{})".format("|".join(sorted({token_regex(t) for t in tokens})))
            rule = shape_regex(cluster.shape, ignored, {i: merged})
            break
        done.add(id(cluster))
        if rule not in rules:
            rules.append(rule)
    return rules


def listing_rules(urls: Iterable[str], ignored: frozenset[str] = frozenset()) -> list[str]:
    """Regexes of listing pages: shapes that differ in one path segment merge into one (a wildcard there).

    A section's pages are `/chuyen-muc/tin-hoat-dong?page=2` and `/chuyen-muc/cham-lo-doan-vien?page=2`:
    one rule must take both, and the sections the probe did not page through. Listing rules may be
    generous (article rules are asked first, and the walk's depth bounds the rest), but a rule keeps a
    literal segment or its query: `/{any}/{any}` would be every page two levels down.
    """
    shapes = sorted({shape_of(u) for u in urls})
    merged = True
    while merged:
        merged = False
        for a, b in ((a, b) for i, a in enumerate(shapes) for b in shapes[i + 1 :]):
            diff = [i for i in range(len(a.path)) if len(a.path) == len(b.path) and a.path[i] != b.path[i]]
            if len(diff) == 1 and a.query == b.query and a.trailing_slash == b.trailing_slash:
                path = list(a.path)
                path[diff[0]] = ANY
                if all(t == ANY for t in path) and not a.query:
                    continue  # every page of that depth: no longer a rule about listings
                shapes = sorted(
                    {*(s for s in shapes if s not in (a, b)), Shape(tuple(path), a.query, a.trailing_slash)}
                )
                merged = True
                break
    return [shape_regex(s, ignored) for s in shapes if s.variables]


def matches_any(rules: Iterable[str], url: str) -> bool:
    return any(re.search(rule, url) for rule in rules)
