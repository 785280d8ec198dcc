"""The Jinja2 environment: autoescaping always on, undefined names an error, the view helpers as filters."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.templating import Jinja2Templates

from unionnews.web import views
from vnlang.dates import local_date
from vnlang.numbers import format_number


def environment() -> Environment:
    env = Environment(loader=PackageLoader("unionnews.web", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    env.filters.update(vn_datetime=views.vn_datetime, vn_date=local_date, snippet=views.snippet_markup,
                       web_url=views.web_url, size=views.size, vn_date_only=views.vn_date_only,
                       vn_number=format_number, vn_day=views.vn_day)  # fmt: skip
    env.globals.update(body_paragraphs=views.body_paragraphs, entity_groups=views.entity_groups, cite=views.cite,
                       source_names=views.SOURCE_NAMES,
                       entity_search_url=views.entity_search_url, entity_url=views.entity_url,
                       status_labels=views.POST_STATUS)  # fmt: skip
    return env


templates = Jinja2Templates(env=environment())
