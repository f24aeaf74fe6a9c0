"""The essay text of article pages: only the essay, as a reader sees it.

See SITE.md, "What real pages do to the text". Pure functions over HTML
strings: no Scrapy, no database.
"""

from crawler.text.clean import clean_essay, clean_page, join_pages

__all__ = ["clean_essay", "clean_page", "join_pages"]
