"""The ``fanwen`` command line. Importing a command module registers its commands."""

from crawler.cli import archive_tools, browse_commands, crawl_command, seed_command  # noqa: F401
from crawler.cli.app import main

__all__ = ["main"]
