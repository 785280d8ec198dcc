"""The site profiles the spider and the CLI know by name: TOML files, built in or the operator's own.

Built-in profiles ship in `crawler/sites/builtin/` (the registry's real union sites, and the demo
sites); an operator's own go in `$UNIONNEWS_HOME/sites/<key>.toml` and win over a built-in of the
same name. The home comes from the caller (the spider reads it from Scrapy's settings), never from
the app. A broken file does not hide the others: it is kept as an error, reported by whoever lists
the profiles, and raised only to whoever asks for that one site.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from crawler.sites.files import (
    ProfileError,
    dump_profile,
    load_profile,
    profile_from_dict,
    read_profile,
    save_profile,
)
from crawler.sites.profile import CrawlRules, SiteProfile

BUILTIN = Path(__file__).resolve().parent / "builtin"  # where scripts/registry_profiles.py writes them


class UnknownSite(KeyError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(name)
        self.known = known

    def __str__(self) -> str:
        return f"unknown site {self.args[0]!r}; known sites: {', '.join(self.known)} (see `unionnews sites`)"


@dataclass
class Profiles:
    """Every profile that loaded, by key, and one ProfileError per file that did not."""

    by_name: dict[str, SiteProfile] = field(default_factory=dict)
    errors: dict[str, ProfileError] = field(default_factory=dict)

    def __iter__(self) -> Iterator[SiteProfile]:
        return iter(self.by_name.values())

    def __len__(self) -> int:
        return len(self.by_name)

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    def get(self, name: str) -> SiteProfile:
        """The profile called `name`; its file's ProfileError if it is broken, UnknownSite if there is none."""
        if name in self.errors:
            raise self.errors[name]
        try:
            return self.by_name[name]
        except KeyError:
            raise UnknownSite(name, sorted(self.by_name)) from None

    def real(self) -> list[SiteProfile]:
        """What a bare `unionnews crawl` crawls: every site but the demo sites (those are crawled by name)."""
        return [p for p in self if p.level != "demo"]

    def for_url(self, url: str) -> SiteProfile | None:
        """The profile whose site the URL lives on, if any."""
        return next((p for p in self if p.owns(url)), None)


def _load_dir(directory: Traversable, profiles: Profiles, shown_as: str) -> None:
    for entry in sorted((e for e in directory.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name):
        key = entry.name.removesuffix(".toml")
        profiles.errors.pop(key, None)
        profiles.by_name.pop(key, None)  # the operator's file wins, even a broken one: no silent fallback
        try:
            profiles.by_name[key] = read_profile(key, entry.read_bytes(), f"{shown_as}/{entry.name}")
        except ProfileError as exc:
            profiles.errors[key] = exc


def load_profiles(home: str | os.PathLike[str] | None = None) -> Profiles:
    """The built-in profiles, then `<home>/sites/*.toml` over them (with no home, the built-in ones only).

    The built-in ones are package resources, so they load from a zipped egg too (Scrapyd runs those).
    """
    profiles = Profiles()
    _load_dir(resources.files(__name__).joinpath("builtin"), profiles, "crawler/sites/builtin")
    if home is not None and (own := profiles_dir(home)).is_dir():
        _load_dir(own, profiles, "sites")
    return profiles


def profiles_dir(home: str | os.PathLike[str]) -> Path:
    """Where an operator's own profiles live (save_profile writes there)."""
    return Path(home) / "sites"


__all__ = [
    "BUILTIN", "CrawlRules", "ProfileError", "Profiles", "SiteProfile", "UnknownSite", "dump_profile",
    "load_profile", "load_profiles", "profile_from_dict", "profiles_dir", "read_profile", "save_profile",
]  # fmt: skip
