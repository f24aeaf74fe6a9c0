"""``python -m crawler`` is ``fanwen``."""

from crawler.cli import main

main()
