"""Running the pipelines' heavy work in a child process, off the engine's core.

Scrapy's engine, the downloads and the spider's callbacks share one Python
thread; a pipeline's CPU work (cleaning HTML, MinHash, the database write)
holds that thread and the GIL as well, so a thread cannot run it beside the
engine (measured: a writer thread made the crawl slower). A child process
can: it has its own interpreter, and the machine's second core.

A :class:`ProcessStage` runs module-level functions in child processes
(``spawn``: a fork of a process with a running reactor and threads is not
safe), or in the crawl's own process when ``processes`` is 0 and while the
children are not started or not ready. The work waits in the executor's
queue; what bounds it is Scrapy's own limit on the items in flight
(``CONCURRENT_ITEMS`` per response, the scraper's
``SCRAPER_SLOT_MAX_ACTIVE_SIZE``), since an item's pipeline step only
returns when its result is back. If the child dies (killed, out of memory), the
stage says so once in the log and goes on in the crawl's own process: the
work that was under way is run again there, so no item is lost. The stats
``offload/<stage>/in_child``, ``in_crawl`` and ``redone_in_crawl`` count the
calls that ran where.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar, cast

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.offload_child import Answer, exit_with_parent, run_calls

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
# Calls made within this many seconds of each other go to a child in one
# message, up to MAX_SHIPMENT of them: one message per call cost the crawl's
# process more (pickling threads, wake-ups, the GIL changing hands) than the
# cleaning it moved away.
GATHER_SECONDS = 0.005
MAX_SHIPMENT = 32

PROCESSES_SETTING = "ARCHIVE_PIPELINE_PROCESSES"
START_AFTER_SETTING = "ARCHIVE_PIPELINE_PROCESSES_AFTER"


class ProcessStage:
    """Runs functions in ``processes`` child processes once ``start_after`` work has run here.

    A child costs about half a second of CPU to start (a new interpreter and
    its imports), more than a crawl of a few dozen pages takes: the first
    ``start_after`` units of work run in the crawl's own process (a call is
    one unit unless it says how many it holds: a batch of 100 items is 100),
    then the children start, and the work moves to them once they are ready
    (until then it goes on here, so nothing waits for the imports). With
    ``start_after`` 0 the children start with the first call, which waits
    for them.
    """

    def __init__(
        self,
        name: str,
        processes: int,
        start_after: int = 0,
        stats: StatsCollector | None = None,
    ) -> None:
        self.name = name
        self.stats = stats
        self.processes = processes
        self.start_after = start_after
        self.work = 0
        self._executor: ProcessPoolExecutor | None = None
        self._warm_up: Future[int] | None = None
        self._ready = False
        self._queued: list[tuple[Callable[..., Any], tuple[Any, ...], asyncio.Future[Answer]]] = []
        self._timer: asyncio.TimerHandle | None = None

    @property
    def in_child(self) -> bool:
        return self._ready

    def start(self) -> None:
        """Start the children (if there are to be any) without waiting for them."""
        if self.processes <= 0 or self._executor is not None:
            return
        self._executor = ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=exit_with_parent,
        )
        self._warm_up = self._executor.submit(int)
        self._warm_up.add_done_callback(self._warmed_up)

    def _warmed_up(self, future: Future[int]) -> None:
        # Runs on the executor's thread: one assignment, nothing else.
        self._ready = future.exception() is None

    async def run(self, function: Callable[..., Result], *args: Any, work: int = 1) -> Result:
        self.work += work
        # With start_after 0, from the first call, even one that holds no work
        # (a writer's batch of failures only).
        if self.work > self.start_after or self.start_after == 0:
            self.start()
        if self.start_after == 0 and self._warm_up is not None and not self._ready:
            # Asked for children from the first call: wait for them to be ready.
            with contextlib.suppress(BrokenProcessPool):
                await asyncio.wrap_future(self._warm_up)
        if not self._ready or self._executor is None:
            self._count("in_crawl")
            return function(*args)
        self._count("in_child")
        answer: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._queued.append((function, args, answer))
        if len(self._queued) >= MAX_SHIPMENT:
            self._ship()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(GATHER_SECONDS, self._ship)
        try:
            succeeded, value = await answer
        except BrokenProcessPool:
            if self._ready:
                logger.warning(
                    "the %s process died; its work goes on in the crawl's own process", self.name
                )
                self._ready = False
                self.processes = 0
            self._count("redone_in_crawl")
            return function(*args)
        if not succeeded:
            raise value
        return cast(Result, value)

    def _count(self, where: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"offload/{self.name}/{where}")

    def _ship(self) -> None:
        """One message to a child for every call gathered: the per-message cost is paid once."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        queued, self._queued = self._queued, []
        if not queued:
            return
        assert self._executor is not None
        try:
            shipped = self._executor.submit(run_calls, [(fn, args) for fn, args, _ in queued])
        except BrokenProcessPool as exc:
            for _, _, answer in queued:
                answer.set_exception(exc)
            return
        asyncio.wrap_future(shipped).add_done_callback(
            lambda done: _settle([answer for _, _, answer in queued], done)
        )

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
            self._ready = False


def _settle(answers: list[asyncio.Future[Answer]], done: asyncio.Future[list[Answer]]) -> None:
    error = done.exception()
    for number, answer in enumerate(answers):
        if answer.done():
            continue
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(done.result()[number])


_stages: dict[tuple[int, str], ProcessStage] = {}


def shared_stage(
    crawler: Crawler, name: str, work_per_item: float, max_processes: int | None = None
) -> ProcessStage:
    """The crawl's stage of this name: pipelines that ask for it share its children.

    ``ARCHIVE_PIPELINE_PROCESSES`` children (0: none, the work runs in the
    crawl's process), at most ``max_processes``, started once
    ``ARCHIVE_PIPELINE_PROCESSES_AFTER`` items have gone through the stage
    (``work_per_item``: the units of work, see ``ProcessStage``, the stage
    gets per item). Closed when the spider closes, after the pipelines' own
    ``close_spider``.
    """
    key = (id(crawler), name)
    stage = _stages.get(key)
    if stage is None:
        processes = max(0, crawler.settings.getint(PROCESSES_SETTING, 1))
        if max_processes is not None:
            processes = min(processes, max_processes)
        start_after = crawler.settings.getint(START_AFTER_SETTING, 100)
        stage = _stages[key] = ProcessStage(
            name, processes, int(start_after * work_per_item), crawler.stats
        )

        def close() -> None:
            _stages.pop(key, None)
            stage.close()

        crawler.signals.connect(close, signal=signals.spider_closed, weak=False)
    return stage
