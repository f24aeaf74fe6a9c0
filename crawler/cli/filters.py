"""The essay filters search and export share: a query, categories, a period, copies."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import UTC, date, timedelta
from typing import Any, TypeVar

import click

from storage.search import EssayFilter, QueryError, parse_query
from storage.search.query import day_start

F = TypeVar("F", bound=Callable[..., Any])
_PERIOD = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
ONE_DAY = timedelta(days=1)


def _midnight_fits(day: date) -> bool:
    """Whether ``day``'s first instant (Beijing time) is a datetime in UTC too.

    The filter compares ``published_at`` with ``day_start`` of the first day
    and of the day after the last, and the database stores UTC: near year 1
    or 9999 that arithmetic overflows.
    """
    try:
        day_start(day).astimezone(UTC)
    except OverflowError:
        return False
    return True


def _period_fits(first: date, last: date) -> bool:
    return last < date.max and _midnight_fits(first) and _midnight_fits(last + ONE_DAY)


# A time zone's offset is under a day, so at most one day is lost at either end.
FIRST_DAY = next(day for day in (date.min, date.min + ONE_DAY) if _period_fits(day, day))
LAST_DAY = next(day for day in (date.max, date.max - ONE_DAY) if _period_fits(day, day))


class Period(click.ParamType[tuple[date, date], str]):
    """A year, a month or a day (2020, 2020-03, 2020-03-02): its first and last day."""

    name = "DATE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[date, date]:
        if isinstance(value, tuple):
            return value
        try:
            first, last = _period(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD", param, ctx)
        if not _period_fits(first, last):
            self.fail(
                f"{value!r} is out of range: dates run from {FIRST_DAY} to {LAST_DAY}", param, ctx
            )
        return first, last


def _period(text: str) -> tuple[date, date]:
    """The first and last day of a year, a month or a day; ValueError if it is none."""
    match = _PERIOD.fullmatch(text)
    if match is None:
        raise ValueError(text)
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day), date(year, month, day)


def filter_options(include_duplicates_default: bool) -> Callable[[F], F]:
    """--category, --since, --until and --include-duplicates/--exclude-duplicates."""

    def decorate(command: F) -> F:
        for option in reversed(
            (
                click.option(
                    "--category",
                    "categories",
                    multiple=True,
                    metavar="NAME",
                    help="Only this category (as the breadcrumb names it). Repeatable.",
                ),
                click.option(
                    "--since",
                    type=Period(),
                    help="Published on or after this day, month or year (Beijing time).",
                ),
                click.option(
                    "--until",
                    type=Period(),
                    help="Published on or before this day, month or year (Beijing time).",
                ),
                click.option(
                    "--include-duplicates/--exclude-duplicates",
                    default=include_duplicates_default,
                    show_default=True,
                    help="Whether copies of another essay (exact or near) are included.",
                ),
            )
        ):
            command = option(command)
        return command

    return decorate


def essay_filter(
    query: str | None,
    categories: tuple[str, ...],
    since: tuple[date, date] | None,
    until: tuple[date, date] | None,
    include_duplicates: bool,
) -> EssayFilter:
    """The filter, or a one-line usage error for a query that cannot be run."""
    try:
        parsed = parse_query(query) if query is not None else None
    except QueryError as exc:
        raise click.UsageError(str(exc)) from exc
    first = since[0] if since else None
    last = until[1] if until else None
    if first and last and first > last:
        raise click.UsageError(f"--since {first} is after --until {last}")
    return EssayFilter(parsed, categories, first, last, include_duplicates)
