"""The crawl benchmark's timed runs, each a child process.

The full ``fanwen crawl`` into a fresh SQLite file, the bare spider
(bare_spider.py) and the replay of a WARC: wall time, user+sys CPU and peak
RSS of the child (os.wait4), the load average, the server's CPU; then the
essays and responses the run archived.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from crawl_setup import BENCH, FAST, PYTHON
from site_server import SiteServer


@dataclass
class Run:
    kind: str  # full, bare, record, replay, profile
    size: int
    round: int
    command: list[str]
    wall_s: float
    cpu_s: float
    user_s: float
    sys_s: float
    peak_rss_mb: float
    essays: int
    responses: int
    load_1m: float
    server_cpu_s: float | None
    returncode: int
    # The crawl's own process, without its pipeline children (process/cpu_s);
    # the bare spider has no children, so its cpu_s.
    main_cpu_s: float | None = None

    @property
    def essays_per_s(self) -> float:
        return self.essays / self.wall_s if self.wall_s else 0.0


def timed(
    kind: str, size: int, number: int, command: list[str], rundir: Path, server: SiteServer | None
) -> tuple[Run, str]:
    """Run ``command`` as a child; its wall time, CPU and peak RSS from os.wait4."""
    rundir.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    server_cpu = server.cpu_seconds() if server else 0.0
    with (rundir / "stdout.txt").open("w") as out, (rundir / "stderr.txt").open("w") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=rundir, stdout=out, stderr=err)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # stopped (SIGTERM, ^C): no child outlives the run
            process.kill()
            process.wait()
            raise
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
    run = Run(
        kind,
        size,
        number,
        command,
        round(wall, 3),
        round(usage.ru_utime + usage.ru_stime, 3),
        round(usage.ru_utime, 3),
        round(usage.ru_stime, 3),
        round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        0,
        0,
        load,
        round(server.cpu_seconds() - server_cpu, 3) if server else None,
        process.returncode,
    )
    if run.returncode != 0:
        tail = (rundir / "stderr.txt").read_text()[-2000:]
        raise SystemExit(f"{kind} run failed ({run.returncode}): {' '.join(command)}\n{tail}")
    return run, (rundir / "stdout.txt").read_text()


def fanwen(*args: str) -> list[str]:
    return [PYTHON, "-m", "crawler", "crawl", "--no-progress", *args, *FAST]


def archived(db: Path) -> tuple[int, int, dict[str, int], float | None]:
    """Essays archived, responses received, copies linked by kind, the crawl process's
    own CPU seconds; then the file goes."""
    with contextlib.closing(sqlite3.connect(db)) as connection:
        essays = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        kinds = dict(
            connection.execute(
                "SELECT duplicate_kind, count(*) FROM articles"
                " WHERE duplicate_kind IS NOT NULL GROUP BY duplicate_kind"
            ).fetchall()
        )
        stats = connection.execute("SELECT stats FROM crawl_runs ORDER BY id DESC").fetchone()[0]
    counters = json.loads(stats) if stats else {}
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return essays, counters.get("response_received_count", 0), kinds, counters.get("process/cpu_s")


def full_run(
    size: int, number: int, base: Path, server: SiteServer, *extra: str, kind: str = "full"
) -> tuple[Run, dict[str, int]]:
    rundir = base / f"{kind}-{number}"
    db = rundir / "fresh.db"
    command = fanwen("--start-url", server.base_url, "--db", f"sqlite:///{db}", *extra)
    run, _ = timed(kind, size, number, command, rundir, server)
    run.essays, run.responses, copies, run.main_cpu_s = archived(db)
    return run, copies


def bare_run(size: int, number: int, base: Path, server: SiteServer) -> Run:
    script = str(BENCH / "bare_spider.py")
    command = [PYTHON, script, "--start-url", server.base_url, *FAST]
    run, stdout = timed("bare", size, number, command, base / f"bare-{number}", server)
    counts = json.loads(stdout.strip().splitlines()[-1])
    run.essays, run.responses = counts["items"], counts["responses"]
    run.main_cpu_s = run.cpu_s
    return run


def replay_run(size: int, number: int, base: Path, warc: Path) -> Run:
    rundir = base / f"replay-{number}"
    db = rundir / "fresh.db"
    run, _ = timed(
        "replay",
        size,
        number,
        fanwen("--replay", str(warc), "--db", f"sqlite:///{db}"),
        rundir,
        None,
    )
    run.essays, run.responses, _, run.main_cpu_s = archived(db)
    return run
