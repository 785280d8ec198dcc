"""The Scrapy project: settings, the generic news spider, site profiles and the archive pipelines."""
