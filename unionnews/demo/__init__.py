"""Local imitations of the four CMS families the crawler targets.

The real provincial sites are slow, change without notice and may not be
hammered, so the demo serves fixed Vietnamese articles through the same
URL schemes and markup; the crawler can be exercised end to end offline
and its output compared against the known text of every article.
"""
