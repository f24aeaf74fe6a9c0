"""fanwen-archive: the Scrapy project that crawls essay sites into the archive."""
