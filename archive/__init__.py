"""The archive: the source of truth for everything unionnews knows (sites, raw pages, articles, runs)."""
