"""Site profiles as TOML files: read and check one, write one back (docs/profiles.md is the format).

The shape of a file is the shape of the dataclasses in crawler/sites/profile.py, read off their type
hints, so a field is declared once: adding one to SiteProfile adds it to the reader, the checker and
the writer. What a type cannot say (a regex that compiles, CSS that parses, a level from the list) is
in `_CHECKS`, one line per field. Every problem is reported as one line naming the file and the field,
`sites/foo.toml: crawl.article[0]: bad regex …`, so an operator can fix a hand-edited file at once.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, Field, fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w
from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from cleaner.selectors import Selectors
from crawler.sites.profile import EVIDENCE, LEVELS, SiteProfile

KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # file names: the archive's site names and `--site` values


class ProfileError(ValueError):
    """A profile file that cannot be used, said in one line: `<file>: <field>: <what is wrong>`."""

    def __init__(self, source: str | os.PathLike[str], where: str, message: str) -> None:
        self.source, self.where, self.message = str(source), where, message
        super().__init__(f"{self.source}: {where}: {message}" if where else f"{self.source}: {message}")


# ---- checks the types cannot express


def _url(value: str) -> str | None:
    parts = urlsplit(value)
    return None if parts.scheme in ("http", "https") and parts.hostname else f"not an http(s) URL: {value!r}"


def _optional_url(value: str) -> str | None:
    return _url(value) if value else None


def _regex(value: str) -> str | None:
    try:
        re.compile(value)
    except re.error as exc:
        return f"bad regex '{value}': {exc}"
    return None


def _css(value: str | None) -> str | None:
    try:
        if value:
            CSSSelector(value)
    except SelectorError as exc:
        return f"bad CSS selector '{value}': {exc}"
    return None


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str | None]:
    return lambda value: None if value in choices else f"{value!r} is not one of {', '.join(choices)}"


def _function(value: str | None) -> str | None:
    if value and not re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*", value):
        return f'{value!r} is not "package.module:function"'
    return None


def _not_negative(value: float) -> str | None:
    return None if value >= 0 else f"must not be negative, got {value}"


# Keyed by the field's path without indices; lists are checked item by item.
_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "home": _url,
    "mirrors": _url,
    "evidence_url": _optional_url,
    "level": _one_of(LEVELS),
    "evidence": _one_of(EVIDENCE),
    "download_delay": _not_negative,
    "crawl.article": _regex,
    "crawl.listing": _regex,
    "crawl.exclude": _regex,
    "crawl.listing_area": _css,
    "crawl.max_listing_pages": _not_negative,
    "crawl.incremental_depth": _not_negative,
    **{f"selectors.{name}": _css for name in ("title", "body", "date", "byline", "category", "caption", "remove")},
    "selectors.parse": _function,
}


# ---- reading


def _toml_name(f: Field[Any]) -> str | None:
    return f.metadata.get("toml", f.name)


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(value: Any, hint: Any, where: str, path: str, source: str) -> Any:
    """A TOML value as the field's type; `where` names it for the error (crawl.article[0])."""

    def fail(message: str) -> ProfileError:
        return ProfileError(source, where, message)

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):  # X | None: "" (or leaving it out) means None
        inner = next(a for a in args if a is not type(None))
        return None if value == "" else _convert(value, inner, where, path, source)
    if origin is tuple:
        if not isinstance(value, list):
            raise fail(f"expected a list, got {value!r}")
        return tuple(_convert(v, args[0], f"{where}[{i}]", path, source) for i, v in enumerate(value))
    if is_dataclass(hint):
        if not isinstance(value, dict):
            raise fail(f"expected a table, got {value!r}")
        return _build(hint, value, f"{where}.", path + ".", source)
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        converted: Any = float(value)
    elif hint is date and isinstance(value, date) and not isinstance(value, datetime):
        converted = value
    elif hint in (str, int) and isinstance(value, hint) and not isinstance(value, bool):
        converted = value
    elif hint is bool and isinstance(value, bool):
        converted = value
    else:
        expected = {
            str: "a string",
            int: "a whole number",
            float: "a number",
            bool: "true or false",
            date: "a date like 2021-06-30 (no quotes)",
        }
        raise fail(f"expected {expected.get(hint, hint)}, got {value!r}")
    if (check := _CHECKS.get(path)) and (problem := check(converted)):
        raise fail(problem)
    return converted


def _build(cls: type, table: dict[str, Any], prefix: str, path: str, source: str, **given: Any) -> Any:
    hints = _hints(cls)
    known = {_toml_name(f): f for f in fields(cls) if _toml_name(f)}
    for key in table:
        if key not in known:
            raise ProfileError(source, prefix + key, f"unknown field (known: {', '.join(known)})")
    values = {f.name: _convert(table[key], hints[f.name], prefix + key, path + key, source)
              for key, f in known.items() if key in table}  # fmt: skip
    return cls(**given, **values)


def profile_from_dict(key: str, table: dict[str, Any], source: str | os.PathLike[str] = "<profile>") -> SiteProfile:
    """Check a parsed TOML document and build its profile; ProfileError names what is wrong."""
    source = str(source)
    if not KEY.match(key):
        raise ProfileError(source, "", f"the file name {key!r} is not a site key (lower-case letters, digits, '-')")
    if "home" not in table:
        raise ProfileError(source, "home", "missing: every profile needs its home page URL")
    profile: SiteProfile = _build(SiteProfile, table, "", "", source, name=key)
    _check_versions(profile.selector_sets, source)
    return profile


def _check_versions(sets: tuple[Selectors, ...], source: str) -> None:
    """Oldest first; every set but the newest says until when it served (Fundus's VALID_UNTIL)."""
    for i, current in enumerate(sets[:-1]):
        if current.valid_until is None:
            raise ProfileError(source, f"selectors[{i}].valid_until", "missing: only the newest set may leave it out")
        following = sets[i + 1].valid_until
        if following is not None and following <= current.valid_until:
            raise ProfileError(source, f"selectors[{i + 1}].valid_until",
                               f"{following} is not after {current.valid_until}: sets go oldest first")  # fmt: skip


def read_profile(key: str, data: bytes, source: str | os.PathLike[str]) -> SiteProfile:
    """A profile from the bytes of its file; `source` is how errors name the file."""
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(source, "", f"not valid TOML: {exc}") from None
    return profile_from_dict(key, table, source)


def load_profile(path: str | os.PathLike[str], shown_as: str | None = None) -> SiteProfile:
    """Read one `<key>.toml`; `shown_as` is how errors name the file (default: its path)."""
    path = Path(path)
    source = shown_as or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProfileError(source, "", f"cannot read it: {exc.strerror or exc}") from None
    return read_profile(path.stem, data, source)


# ---- writing


# Written even when they hold their default: they are what a reader of the file looks for first.
_ALWAYS = {"title", "level", "province", "province_after_2025", "home", "evidence"}


def _plain(value: Any) -> Any:
    if is_dataclass(value):
        return _table(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _default(f: Field[Any]) -> Any:
    if f.default is not MISSING:
        return f.default
    return f.default_factory() if f.default_factory is not MISSING else MISSING


def _table(obj: Any) -> dict[str, Any]:
    """A dataclass as a TOML table: fields left at their default (or None) are left out."""
    table = {}
    for f in fields(obj):
        name, value = _toml_name(f), getattr(obj, f.name)
        if name is None or value is None or (value == _default(f) and f.name not in _ALWAYS):
            continue
        if (plain := _plain(value)) != {}:
            table[name] = plain
    return table


def dump_profile(profile: SiteProfile) -> str:
    """The profile as TOML text that load_profile reads back into an equal profile."""
    header = f"# {profile.name}: site profile for unionnews (format: docs/profiles.md)\n"
    return header + tomli_w.dumps(_table(profile))


def save_profile(profile: SiteProfile, directory: str | os.PathLike[str]) -> Path:
    """Write `<directory>/<key>.toml`, whole or not at all, after checking it reads back the same.

    A profile that would not load (a bad regex from a guess, a key that is not a file name) raises
    ProfileError and leaves any existing file untouched.
    """
    directory = Path(directory)
    target = directory / f"{profile.name}.toml"
    text = dump_profile(profile)
    again = profile_from_dict(profile.name, tomllib.loads(text), target)
    if again != profile:
        raise ProfileError(target, "", "does not read back as the same profile (a value TOML cannot hold?)")
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, suffix=".tmp", delete=False) as tmp:
        tmp.write(text)
    os.replace(tmp.name, target)
    return target
