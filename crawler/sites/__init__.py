"""The registry of site profiles the spider and the CLI know by name."""

from __future__ import annotations

from crawler.sites.demo import DEMO_PROFILES
from crawler.sites.profile import SiteProfile

PROFILES: dict[str, SiteProfile] = {p.name: p for p in DEMO_PROFILES}


class UnknownSite(KeyError):
    def __str__(self) -> str:
        return f"unknown site {self.args[0]!r}; known sites: {', '.join(sorted(PROFILES))}"


def get_profile(name: str) -> SiteProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise UnknownSite(name) from None


def profile_for_url(url: str) -> SiteProfile | None:
    """The profile whose base URL the given URL lives under, if any."""
    return next((p for p in PROFILES.values() if url.startswith(p.base_url.rstrip("/") + "/")), None)


__all__ = ["PROFILES", "SiteProfile", "UnknownSite", "get_profile", "profile_for_url"]
