"""The ``fanwen`` command group; each subcommand lives in a module of its own.

Exit codes: 0 the command did its job; 1 the crawl ended badly (the archive
could not be written, or the crawl did not finish); 2 a usage error.
"""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fanwen-archive")
def main() -> None:
    """Crawl Chinese essay sites (人人范文网 and its sister sites) into an archive.

    Start with `fanwen crawl` (replays the bundled fixtures into ./archive.db),
    then `fanwen export --format jsonl`.
    """
