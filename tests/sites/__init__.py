"""Fixture sites imitating the CMS families of real union sites, with gold data.

Seven small sites (NukeViet, Liferay, DotNetNuke, ASP.NET paths, /trang/TinTuc/ portal, slug-only,
a Lao Động-like newspaper) served for real on 127.0.0.1, for the tests and benchmarks of site
discovery and extraction. Not part of the package: see README.md here for keys and URL shapes,
``server.FixtureSites`` to serve them and ``gold.load_gold`` for what each site holds.
"""
