"""What a ``crawler.offload`` child process runs: its start-up and its calls.

Apart from the crawl's process on purpose: a spawned child imports the
module of every function it is given, and ``crawler.offload`` brings in
Scrapy and Twisted, which no child uses (a quarter of a second of CPU for
each child of each crawl).
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable
from typing import Any

# A call's outcome as it crosses back: (True, result) or (False, the exception).
Answer = tuple[bool, Any]


def exit_with_parent() -> None:
    """In the child: end when the crawl's process ends, however it ends.

    A crawl killed with SIGKILL never shuts its executor down; its children
    would wait for work forever (the writer holding a database connection).
    An unfinished batch transaction is rolled back by the database.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def run_calls(calls: list[tuple[Callable[..., Any], tuple[Any, ...]]]) -> list[Answer]:
    """In the child: each call's result, or the exception it raised (for that call alone)."""
    answers: list[Answer] = []
    for function, args in calls:
        try:
            answers.append((True, function(*args)))
        except Exception as exc:
            answers.append((False, exc))
    if gc.get_freeze_count() == 0:
        # The first calls imported what the child's work needs: from now on
        # the garbage collector's full passes skip those modules' objects
        # (as the crawl's process does, crawler/extensions/heap.py).
        gc.collect()
        gc.freeze()
    return answers
