"""The registry of site profiles the spider and the CLI know by name.

Profiles outside this package join through `UNIONNEWS_SITES`, a comma-separated list of modules that
each define `PROFILES` (an iterable of SiteProfile): an operator's own sites, or test and benchmark
sites, without editing the package. They load on first use, so those modules may import from here.
"""

from __future__ import annotations

import importlib
import os

from crawler.sites.demo import DEMO_PROFILES
from crawler.sites.profile import SiteProfile

PROFILES: dict[str, SiteProfile] = {p.name: p for p in DEMO_PROFILES}
_loaded: set[str] = set()


class UnknownSite(KeyError):
    def __str__(self) -> str:
        return f"unknown site {self.args[0]!r}; known sites: {', '.join(sorted(all_profiles()))}"


def all_profiles() -> dict[str, SiteProfile]:
    """The built-in profiles plus those of the modules named in UNIONNEWS_SITES."""
    for name in filter(None, (part.strip() for part in os.environ.get("UNIONNEWS_SITES", "").split(","))):
        if name in _loaded:
            continue
        _loaded.add(name)
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise ValueError(f"UNIONNEWS_SITES names {name!r}, which cannot be imported: {exc}") from None
        for profile in getattr(module, "PROFILES", ()):
            PROFILES[profile.name] = profile
    return PROFILES


def get_profile(name: str) -> SiteProfile:
    try:
        return all_profiles()[name]
    except KeyError:
        raise UnknownSite(name) from None


def profile_for_url(url: str) -> SiteProfile | None:
    """The profile whose base URL the given URL lives under, if any."""
    return next((p for p in all_profiles().values() if url.startswith(p.base_url.rstrip("/") + "/")), None)


__all__ = ["PROFILES", "SiteProfile", "UnknownSite", "all_profiles", "get_profile", "profile_for_url"]
