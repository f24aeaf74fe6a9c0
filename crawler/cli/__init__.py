"""The ``fanwen`` command line. Importing a command module registers its commands."""

from crawler.cli import archive_tools, crawl_command, runs_commands  # noqa: F401  (registration)
from crawler.cli.app import main

__all__ = ["main"]
