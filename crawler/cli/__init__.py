"""The ``fanwen`` command line. Importing a command module registers its commands."""

from crawler.cli import (  # noqa: F401  (registration)
    archive_tools,
    browse_commands,
    crawl_command,
    runs_commands,
    seed_command,
)
from crawler.cli.app import main

__all__ = ["main"]
