"""Named entities (people, organisations, places) and citable figures, by gazetteer and rules.

Measured before chosen (bench/entities.py): underthesea's offline CRF tagger misses most people and
organisations of union news and mistakes abbreviations for names, while the conventions of these
texts (cue words, positions after commas, abbreviations by level, administrative words before
places) are regular enough for rules backed by a gazetteer, at a fraction of the time.
"""

from __future__ import annotations

from dataclasses import replace

from cleaner.article import CleanedArticle, Entity
from cleaner.entities.figures import find_figures
from cleaner.entities.organizations import find_organizations
from cleaner.entities.people import find_people
from cleaner.entities.places import find_places
from cleaner.entities.relations import Relation, find_relations
from cleaner.entities.text import words


def find_entities(text: str, province: str | None = None, field: str = "body") -> list[Entity]:
    """Every mention in `text`; a bare "LĐLĐ tỉnh" or "Tỉnh ủy" resolves to `province`."""
    tokens = words(text)
    organizations = find_organizations(text, province)
    org_spans = [(e.start, e.end) for e in organizations]
    cued = find_people(text, tokens, org_spans, cued_only=True)  # "bà Đinh Thị Thanh Hoa" is no Thanh Hóa
    places = [p for p in find_places(text, province, tokens) if not any(c.start <= p.start < c.end for c in cued)]
    taken = org_spans + [(e.start, e.end) for e in places + cued]
    people = cued + find_people(text, tokens, taken)
    mentions = sorted(organizations + places + people, key=lambda e: (e.start, e.type))
    return [replace(e, field=field) for e in mentions] if field != "body" else mentions


def annotate(article: CleanedArticle, province: str | None = None) -> CleanedArticle:
    """The article with its entities (title, body, captions), the posts its people hold (dated with the
    article) and the figures in its body."""
    entities: list[Entity] = []
    relations: dict[tuple[str, str, str], Relation] = {}
    day = article.published.date().isoformat() if article.published else None
    texts = [("title", article.title), ("body", article.body)] + [(f"caption:{i}", c) for i, c in enumerate(article.captions)]
    for field, text in texts:
        found = find_entities(text, province, field)
        entities += found
        for relation in find_relations(text, province, found):
            relations.setdefault((relation.person, relation.post, relation.organization), replace(relation, date=day))
    return replace(article, entities=tuple(entities), relations=tuple(relations.values()),
                   figures=tuple(find_figures(article.body, article.published)))  # fmt: skip
