"""Scrapy extensions of the archive's crawls (enabled in ``crawler.settings.EXTENSIONS``)."""
