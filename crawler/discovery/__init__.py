"""Discovery: learning a site never seen before from its own pages, with no hand-written profile.

`probe.probe_site` visits a site politely (robots.txt, one request at a time, the profile's delay),
clusters the shapes of the URLs its home page and menus link to, confirms a sample of each cluster
through the cleaner, and returns the rules of a site profile. It runs outside Scrapy: a probe makes a
few dozen sequential requests, which a plain HTTP client does with none of a crawl's machinery.
"""
