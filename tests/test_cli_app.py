"""The ``fanwen`` group: every command is found, and a command loads only its own modules."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import click

from crawler.cli import main
from crawler.cli.app import COMMAND_MODULES


def test_every_command_a_module_defines_is_listed_for_lazy_loading() -> None:
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(module)
    assert set(main.commands) == set(COMMAND_MODULES)
    context = click.Context(main, info_name="fanwen")
    assert main.list_commands(context) == sorted(COMMAND_MODULES)
    for name in COMMAND_MODULES:
        command = main.get_command(context, name)
        assert command is not None and command.name == name


def test_crawl_loads_none_of_the_other_commands_modules() -> None:
    # A fresh interpreter: this one has imported everything already.
    script = (
        "import json, sys, click\n"
        "from crawler.cli import main\n"
        "main.get_command(click.Context(main), 'crawl')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('crawler.cli.')"
        " or m in ('redis', 'scrapy_redis', 'datasette', 'pyarrow'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(loaded) == [
        "crawler.cli.app",
        "crawler.cli.common",
        "crawler.cli.crawl_command",
    ]
