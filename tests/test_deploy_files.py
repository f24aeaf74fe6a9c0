"""The shipped cron and systemd files run commands that the CLI accepts today."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from crawler.cli import main

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def fanwen_commands() -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted(DEPLOY.iterdir()):
        for line in path.read_text("utf-8").splitlines():
            if line.lstrip().startswith("#"):
                continue
            match = re.search(r"/fanwen (.*?)(?: >>| 2>&1|$)", line)
            if match:
                found.append((path.name, shlex.split(match[1])))
    return found


def test_the_deploy_folder_ships_a_cron_line_and_a_systemd_pair() -> None:
    assert [name for name, _ in fanwen_commands()] == ["crontab", "fanwen-crawl.service"]
    assert "OnCalendar=" in (DEPLOY / "fanwen-crawl.timer").read_text("utf-8")


@pytest.mark.parametrize(("name", "args"), fanwen_commands())
def test_each_deployed_command_parses(name: str, args: list[str]) -> None:
    context = click.Context(main, info_name="fanwen")
    command_name, *rest = args
    command = main.get_command(context, command_name)
    assert command is not None and command_name == "crawl"
    sub = command.make_context(command_name, list(rest), parent=context)
    assert sub.params["job"] == "nightly"
    assert sub.params["start_urls"] == ("https://www.renrenfanwen.com/",)
    with pytest.raises(click.UsageError):
        command.make_context(command_name, [*rest, "--no-such-option"], parent=context)
