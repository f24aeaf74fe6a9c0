"""ProcessStage: work runs in a real child process, each call keeps its own outcome,
and a dead child costs no call."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.offload import ProcessStage


def pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def refuse_odd(number: int) -> int:
    if number % 2:
        raise ValueError(f"odd: {number}")
    return number


def stats() -> MemoryStatsCollector:
    return MemoryStatsCollector(get_crawler())


def test_calls_run_in_a_child_once_started_and_give_the_same_results() -> None:
    counts = stats()
    stage = ProcessStage("test", processes=1, start_after=0, stats=counts)

    async def many() -> list[tuple[int, int]]:
        return await asyncio.gather(*(stage.run(pid_and_square, n) for n in range(100)))

    try:
        results = asyncio.run(many())
    finally:
        stage.close()
    assert [square for _, square in results] == [n * n for n in range(100)]
    assert {pid for pid, _ in results} != {os.getpid()}
    assert len({pid for pid, _ in results}) == 1
    assert counts.get_stats() == {"offload/test/in_child": 100}


def test_first_calls_run_here_until_start_after() -> None:
    counts = stats()
    stage = ProcessStage("test", processes=1, start_after=3, stats=counts)

    async def three() -> list[tuple[int, int]]:
        return [await stage.run(pid_and_square, n) for n in range(3)]

    try:
        results = asyncio.run(three())
    finally:
        stage.close()
    assert results == [(os.getpid(), 0), (os.getpid(), 1), (os.getpid(), 4)]
    assert counts.get_stats() == {"offload/test/in_crawl": 3}


def test_a_call_counts_the_work_it_holds() -> None:
    # A writer's batch of 5 items counts as 5 towards start_after, not 1:
    # the children start after that much work, however it was batched.
    counts = stats()
    stage = ProcessStage("test", processes=1, start_after=4, stats=counts)

    async def batches() -> list[tuple[int, int]]:
        first = await stage.run(pid_and_square, 2, work=5)
        while not stage.in_child:
            await asyncio.sleep(0.05)
        return [first, await stage.run(pid_and_square, 3, work=5)]

    try:
        results = asyncio.run(asyncio.wait_for(batches(), 60))
    finally:
        stage.close()
    assert results[0] == (os.getpid(), 4)
    assert results[1][0] != os.getpid() and results[1][1] == 9
    assert counts.get_stats() == {"offload/test/in_crawl": 1, "offload/test/in_child": 1}


def test_with_start_after_0_even_a_call_of_no_work_runs_in_a_child() -> None:
    # A writer's batch of failures only holds no items: it counts no work, and
    # must not slip into the crawl's process when children were asked for.
    counts = stats()
    stage = ProcessStage("test", processes=1, start_after=0, stats=counts)
    try:
        pid, square = asyncio.run(stage.run(pid_and_square, 3, work=0))
    finally:
        stage.close()
    assert (pid != os.getpid(), square) == (True, 9)
    assert counts.get_stats() == {"offload/test/in_child": 1}


def test_a_child_freezes_its_heap_after_its_first_calls() -> None:
    stage = ProcessStage("test", processes=1, start_after=0)

    async def counts() -> list[int]:
        return [await stage.run(gc.get_freeze_count) for _ in range(2)]

    try:
        first, second = asyncio.run(counts())
    finally:
        stage.close()
    assert first == 0  # the very first message's calls run before the freeze
    assert second > 1000


def test_no_processes_runs_everything_here() -> None:
    stage = ProcessStage("test", processes=0)
    assert asyncio.run(stage.run(pid_and_square, 7)) == (os.getpid(), 49)
    stage.close()


def test_an_exception_belongs_to_its_call_alone() -> None:
    """Calls gathered into one message to the child still fail one by one."""
    stage = ProcessStage("test", processes=1, start_after=0)

    async def mixed() -> list[int | BaseException]:
        return await asyncio.gather(
            *(stage.run(refuse_odd, n) for n in range(6)), return_exceptions=True
        )

    try:
        results = asyncio.run(mixed())
    finally:
        stage.close()
    assert [r if isinstance(r, int) else str(r) for r in results] == [
        0,
        "odd: 1",
        2,
        "odd: 3",
        4,
        "odd: 5",
    ]


def test_a_killed_child_costs_no_call(caplog: pytest.LogCaptureFixture) -> None:
    counts = stats()
    stage = ProcessStage("test", processes=1, start_after=0, stats=counts)

    async def kill_then_call() -> list[tuple[int, int]]:
        child, _ = await stage.run(pid_and_square, 1)
        os.kill(child, signal.SIGKILL)
        return await asyncio.gather(*(stage.run(pid_and_square, n) for n in range(10)))

    with caplog.at_level(logging.WARNING, logger="crawler.offload"):
        try:
            results = asyncio.run(kill_then_call())
        finally:
            stage.close()
    assert results == [(os.getpid(), n * n) for n in range(10)]
    assert [r.getMessage() for r in caplog.records] == [
        "the test process died; its work goes on in the crawl's own process"
    ]
    # The ten calls were sent to the dead child, then each ran again here.
    assert counts.get_stats() == {"offload/test/in_child": 11, "offload/test/redone_in_crawl": 10}


PARENT = """
import asyncio, os, sys, time
sys.path.insert(0, {tests!r})
from crawler.offload import ProcessStage
from test_offload import pid_and_square

async def main():
    stage = ProcessStage("test", processes=1, start_after=0)
    child, _ = await stage.run(pid_and_square, 2)
    print(child, flush=True)
    time.sleep(60)

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_children_end_when_the_crawl_is_killed(tmp_path: Path) -> None:
    """SIGKILL skips every shutdown: the children notice their parent is gone and exit."""
    script = tmp_path / "parent.py"
    script.write_text(PARENT.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    ) as parent:
        try:
            assert parent.stdout is not None
            child = int(parent.stdout.readline())
            assert _running(child)
        finally:
            parent.kill()
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)


def _running(pid: int) -> bool:
    """Alive and not a zombie (an exited child of a dead parent is reaped by init)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
