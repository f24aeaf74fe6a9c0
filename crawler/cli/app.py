"""The ``fanwen`` command group; each subcommand lives in a module of its own.

Exit codes: 0 the command did its job; 1 the crawl ended badly (the archive
could not be written, or the crawl did not finish); 2 a usage error.
"""

from __future__ import annotations

import importlib

import click

# Each command and the module that defines it (and registers it on import).
COMMAND_MODULES = {
    "crawl": "crawler.cli.crawl_command",
    "seed": "crawler.cli.seed_command",
    "export": "crawler.cli.archive_tools",
    "dedupe": "crawler.cli.archive_tools",
    "reclean": "crawler.cli.archive_tools",
    "dupes": "crawler.cli.archive_tools",
    "search": "crawler.cli.browse_commands",
    "show": "crawler.cli.browse_commands",
    "stats": "crawler.cli.browse_commands",
    "serve": "crawler.cli.browse_commands",
    "runs": "crawler.cli.runs_commands",
    "failures": "crawler.cli.runs_commands",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is asked for.

    ``fanwen crawl`` had been importing every command's modules before its
    first request, the exports, the browsing UI and Redis among them: CPU
    that a crawl of the bundled fixtures (a fraction of a second) paid
    several times over.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[cmd_name])
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fanwen-archive")
def main() -> None:
    """Crawl Chinese essay sites (人人范文网 and its sister sites) into an archive.

    Start with `fanwen crawl` (replays the bundled fixtures into ./archive.db),
    then `fanwen export --format jsonl`.
    """
