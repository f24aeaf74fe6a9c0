"""The ``fanwen`` command line; its commands load on demand (``app.COMMAND_MODULES``)."""

from crawler.cli.app import main

__all__ = ["main"]
