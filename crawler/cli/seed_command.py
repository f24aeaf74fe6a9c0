"""``fanwen seed``: put start URLs into a shared Redis frontier, and show how far it got."""

from __future__ import annotations

from typing import Any

import click

from crawler.cli.app import main
from crawler.cli.common import REDIS_URL_ENV, redis_option, start_url_option
from crawler.distributed import (
    DEFAULT_IDLE_TIMEOUT,
    Frontier,
    FrontierError,
    NothingSeeded,
    prepare_worker,
    redis_client,
    start_url_hosts,
)
from storage.database import masked


@main.command()
@redis_option
@start_url_option
@click.option(
    "--reset",
    is_flag=True,
    help="First forget the previous crawl in this Redis database: its queue and seen requests.",
)
def seed(redis_url: str | None, start_urls: tuple[str, ...], reset: bool) -> None:
    """Seed a distributed crawl, then print the frontier's counts.

    Workers started with `fanwen crawl --redis URL` on any machine take the
    start URLs and share every request after them. With no --start-url it
    only prints the counts: requests queued, claimed by workers, seen.

    \b
    Examples:
      fanwen seed --redis redis://10.0.0.5:6379/0 --start-url https://www.example.com/
      fanwen seed --redis redis://10.0.0.5:6379/0
    """
    if not redis_url:
        raise click.UsageError(f"give --redis URL or set ${REDIS_URL_ENV}")
    # The URLs are checked already (StartURL): hosts cannot fail.
    hosts = start_url_hosts(start_urls)
    try:
        frontier = Frontier(redis_client(redis_url))
    except FrontierError as exc:
        raise click.ClickException(str(exc)) from exc
    if reset:
        frontier.reset()
    if start_urls:
        frontier.seed(start_urls, hosts)
        click.echo(f"seeded {len(start_urls)} start URL(s) into {masked(redis_url)}", err=True)
    for name, count in frontier.status().items():
        click.echo(f"{name}\t{count}")


def worker_settings(
    redis_url: str, start_urls: tuple[str, ...], idle_timeout: int | None
) -> dict[str, Any]:
    """`fanwen crawl --redis`: seed ``start_urls`` if given; the worker's Scrapy settings."""
    timeout = DEFAULT_IDLE_TIMEOUT if idle_timeout is None else idle_timeout
    try:
        return prepare_worker(redis_url, list(start_urls), timeout)
    except NothingSeeded as exc:
        raise click.UsageError(str(exc)) from exc
    except FrontierError as exc:
        raise click.ClickException(str(exc)) from exc
