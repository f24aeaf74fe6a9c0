"""The crawl benchmark: the whole archive pipeline against a bare Scrapy spider.

    python bench/run_bench.py [--sizes 1000,5000,20000] [--rounds 3] [--output FILE.json]
    python bench/run_bench.py --smoke        # N=200, one round, any server, a minute

For each size N it generates the synthetic site (bench/site_generator.py),
serves it on 127.0.0.1 (nginx if installed, else the Python fallback) and
times, as child processes, the full ``fanwen crawl`` into a fresh SQLite file
and the bare spider (bench/bare_spider.py), alternated ``--rounds`` times with
the same settings; then records the crawl once as WARC and times ``fanwen
crawl --replay`` of it ``--rounds`` times. Per run: wall time, user+sys CPU
and peak RSS of the child (os.wait4), essays archived, the load average.
Then one crawl under cProfile, summarized per essay into bench-results/profile.txt.
Nothing is asserted: the targets are reported as met or not.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.util
import json
import os
import platform
import pstats
import re
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# The code under test: where ``crawler`` imports from (the checkout, or a
# snapshot put first on PYTHONPATH so that commits landing mid-run change nothing).
_CRAWLER = importlib.util.find_spec("crawler")
PROJECT = Path(_CRAWLER.origin).resolve().parent.parent if _CRAWLER and _CRAWLER.origin else Path()
PYTHON = sys.executable
BENCH = Path(__file__).resolve().parent
CONCURRENCY = 16
# A local server is not a site to be polite to (README: "a local mirror fast").
FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    f"CONCURRENT_REQUESTS_PER_DOMAIN={CONCURRENCY}",
    "-s",
    f"CONCURRENT_REQUESTS={CONCURRENCY}",
    "-s",
    "ROBOTSTXT_OBEY=True",
]
TARGETS = {
    "ratio_full_bare": ("<=", 1.25),
    "full_essays_per_s": (">=", 300.0),
    "replay_essays_per_s": (">=", 400.0),
    "rss_20k_over_5k": ("<=", 1.3),
}
CLK_TCK = os.sysconf("SC_CLK_TCK")


# -- the server ----------------------------------------------------------------
@dataclass
class SiteServer:
    kind: str
    version: str
    base_url: str
    pids: list[int]

    def cpu_seconds(self) -> float:
        """User+sys CPU the server's processes have used so far (/proc/PID/stat)."""
        ticks = 0
        for pid in self.pids:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])
        return ticks / CLK_TCK


@contextlib.contextmanager
def serve(root: Path, workdir: Path, kind: str) -> Iterator[SiteServer]:
    if kind == "auto":
        kind = "nginx" if shutil.which("nginx") else "python"
    server = _nginx(root, workdir) if kind == "nginx" else _python_server(root, workdir)
    with server as running:
        yield running


@contextlib.contextmanager
def _nginx(root: Path, workdir: Path) -> Iterator[SiteServer]:
    """nginx in the foreground with its own config in ``workdir``; stopped with SIGQUIT."""
    nginx = shutil.which("nginx")
    if nginx is None:
        raise SystemExit(
            "nginx is not installed (apt-get install -y nginx), or use --server python"
        )
    prefix = workdir / "nginx"
    prefix.mkdir(exist_ok=True)
    port = _free_port()
    # root's workers would run as nobody, who cannot enter a 0700 temp dir.
    user = "user root;" if os.geteuid() == 0 else ""
    temp = "".join(
        f"{name}_temp_path {prefix}/{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(f"""{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  charset off;  # the live site sends Content-Type: text/html with no charset
  types {{ text/html html; text/plain txt; }}
  default_type application/octet-stream;
  sendfile on;
  keepalive_requests 1000000;
  {temp}
  server {{ listen 127.0.0.1:{port}; root {root}; index index.html; }}
}}
""")
    version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr.strip()
    process = subprocess.Popen(
        [
            nginx,
            "-p",
            str(prefix),
            "-c",
            str(prefix / "nginx.conf"),
            "-e",
            str(prefix / "error.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_listening(port, process)
        children = [
            int(pid)
            for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        ]
        yield SiteServer("nginx", version, f"http://127.0.0.1:{port}/", [process.pid, *children])
    finally:
        _stop(process)


@contextlib.contextmanager
def _python_server(root: Path, workdir: Path) -> Iterator[SiteServer]:
    script = BENCH / "site_generator.py"
    process = subprocess.Popen(
        [PYTHON, str(script), "serve", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().split()[-1]  # "serving ROOT on URL"
        version = f"asyncio, Python {platform.python_version()}"
        yield SiteServer("python", version, base_url, [process.pid])
    finally:
        _stop(process)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"nginx did not start: {error.strip()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise SystemExit(f"nginx is not listening on port {port} after 10 s")


def _stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()  # nginx: fast shutdown; the Python server: exits
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def measure_server(server: SiteServer, paths: list[str], limit: int = 3000) -> dict[str, Any]:
    """The server alone: one keep-alive client fetching the site's pages in a tight loop."""
    host, port = server.base_url.split("/")[2].split(":")
    connection = http.client.HTTPConnection(host, int(port))
    wanted = [paths[i % len(paths)] for i in range(limit)]
    cpu, received = server.cpu_seconds(), 0
    start = time.perf_counter()
    for path in wanted:
        connection.request("GET", path)
        response = connection.getresponse()
        received += len(response.read())
        assert response.status == 200, (path, response.status)
    seconds = time.perf_counter() - start
    connection.close()
    server_cpu = server.cpu_seconds() - cpu
    return {
        "requests": limit,
        "seconds": round(seconds, 3),
        "requests_per_s": round(limit / seconds, 1),
        "mb_per_s": round(received / seconds / 1e6, 1),
        "server_cpu_ms_per_request": round(1000 * server_cpu / limit, 4),
    }


# -- the runs -------------------------------------------------------------------
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


# -- the profile -----------------------------------------------------------------
def profile_run(size: int, base: Path, source: SiteServer | Path, output: Path) -> dict[str, Any]:
    """One crawl under cProfile: of the live site (a server) or of a WARC (a path).

    With the pipeline's work in the crawl's own process (no children), so
    that the profile shows what each stage costs wherever it runs.
    """
    kind = "profile" if isinstance(source, SiteServer) else "profile-replay"
    rundir = base / kind
    db, stats_file = rundir / "fresh.db", rundir / "crawl.prof"
    where = ["--start-url", source.base_url] if isinstance(source, SiteServer) else ["--replay"]
    command = fanwen(
        *where,
        *([] if isinstance(source, SiteServer) else [str(source)]),
        "--db",
        f"sqlite:///{db}",
        "-s",
        "ARCHIVE_PIPELINE_PROCESSES=0",
    )
    command[1:1] = ["-m", "cProfile", "-o", str(stats_file)]
    run, _ = timed(
        kind, size, 1, command, rundir, source if isinstance(source, SiteServer) else None
    )
    run.essays, run.responses, _, run.main_cpu_s = archived(db)
    text, top = profile_table(stats_file, run)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(f"{' '.join(command)}\n\n{text}")
    print(text)
    return {
        "essays": run.essays,
        "wall_s": run.wall_s,
        "command": " ".join(command),
        "file": str(output),
        "top": top,
    }


# Where the crawl's time goes, stage by stage: (label, file, functions). The
# spider's callbacks and the pipelines' process_item do not nest in one
# another; what is left of the crawl is Scrapy, Twisted and asyncio.
STAGES = (
    (
        "spider callbacks (parse_*)",
        "crawler/spiders/essays.py",
        ("parse_home", "parse_list", "parse_essay", "parse_continuation"),
    ),
    ("CleanTextPipeline", "crawler/pipelines/clean.py", ("process_item",)),
    ("NormalizeDatePipeline", "crawler/pipelines/dates.py", ("process_item",)),
    ("ValidatePipeline", "crawler/pipelines/validate.py", ("process_item",)),
    ("DedupePipeline", "crawler/pipelines/dedupe.py", ("process_item",)),
    ("StorePipeline batches (_flush)", "crawler/pipelines/store.py", ("_flush",)),
    # Only in a recording or a replay.
    ("WARC recording (middleware)", "crawler/webarchive/recorder.py", ("process_response",)),
    ("WARC replay lookups (middleware)", "crawler/webarchive/replay.py", ("process_request",)),
)
# Entry points and wrappers that hold the whole crawl: not a cost of their own.
WRAPPERS = ("<module>", "<listcomp>", "<genexpr>", "<dictcomp>", "main", "crawl", "run_crawl")


def profile_table(stats_file: Path, run: Run, rows: int = 25) -> tuple[str, list[dict[str, Any]]]:
    """Top costs per essay: by stage, our functions by cumulative time, all by own time."""
    stats = pstats.Stats(str(stats_file))
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    entries = []
    for (filename, line, name), (_, calls, own, cumulative, _) in table.items():
        relative = filename.split(str(PROJECT) + "/", 1)[-1]
        entries.append(
            {
                "file": relative,
                "name": name,
                "function": _short(filename, line, name),
                "ours": relative.startswith(("crawler/", "storage/")) and name not in WRAPPERS,
                "calls": calls,
                "own_s": own,
                "cum_s": cumulative,
            }
        )
    crawl = next((e["cum_s"] for e in entries if e["name"] == "run_crawl"), stats.total_tt)  # type: ignore[attr-defined]
    essays = max(run.essays, 1)

    def row(seconds: float, calls: float | None, label: str) -> str:
        per_call = f"{calls / essays:11.2f}" if calls is not None else f"{'':11}"
        return f"{1000 * seconds / essays:9.3f} {100 * seconds / crawl:7.1f}% {per_call}  {label}"

    lines = [
        f"cProfile of the crawl: {run.essays} essays, {run.responses} responses; "
        f"the crawl (run_crawl) took {crawl:.1f} s under the profiler, "
        f"{1000 * crawl / essays:.2f} ms per essay, with the pipeline's work in the crawl's "
        f"process (ARCHIVE_PIPELINE_PROCESSES=0) so that every stage shows. The profiler "
        f"slows Python code unevenly: compare rows, not totals.",
        "",
    ]
    head = f"{'ms/essay':>9} {'% crawl':>8} {'calls/essay':>11}  "
    lines += ["by stage", head + "stage"]
    top: list[dict[str, Any]] = []
    staged = 0.0
    for label, file, names in STAGES:
        found = [e for e in entries if e["file"] == file and e["name"] in names]
        if not found:
            continue
        seconds = sum(e["cum_s"] for e in found)
        staged += seconds
        lines.append(row(seconds, sum(e["calls"] for e in found), label))
        top.append(
            {
                "table": "stage",
                "function": label,
                "seconds": round(seconds, 4),
                "ms_per_essay": round(1000 * seconds / essays, 4),
            }
        )
    lines += [row(crawl - staged, None, "the rest: Scrapy, Twisted, asyncio, downloads"), ""]
    for title, chosen, key in (
        (
            "crawler/ and storage/ functions by cumulative time",
            [e for e in entries if e["ours"]],
            "cum_s",
        ),
        ("all functions by own time (time not in a callee)", entries, "own_s"),
    ):
        chosen = sorted(chosen, key=lambda e: e[key], reverse=True)[:rows]
        lines += [title, head + "function"]
        for entry in chosen:
            lines.append(row(entry[key], entry["calls"], entry["function"]))
            top.append(
                {
                    "table": key,
                    "function": entry["function"],
                    "seconds": round(entry[key], 4),
                    "ms_per_essay": round(1000 * entry[key] / essays, 4),
                    "calls": entry["calls"],
                }
            )
        lines.append("")
    return "\n".join(lines), top


def _short(filename: str, line: int, name: str) -> str:
    if filename == "~":
        return name  # a built-in
    filename = re.sub(r"^.*/lib/python3\.\d+/(site-packages/)?", "", filename)
    return f"{filename.split(str(PROJECT) + '/', 1)[-1]}:{line}({name})"


# -- the report ---------------------------------------------------------------------
def summarize(kind: str, runs: list[Run]) -> dict[str, Any]:
    chosen = [run for run in runs if run.kind == kind]
    if not chosen:
        return {}
    median = statistics.median
    return {
        "runs": len(chosen),
        "wall_s": round(median(r.wall_s for r in chosen), 3),
        "essays": chosen[0].essays,
        "essays_per_s": round(median(r.essays_per_s for r in chosen), 1),
        "cpu_s": round(median(r.cpu_s for r in chosen), 2),
        "cpu_ms_per_essay": round(median(1000 * r.cpu_s / max(r.essays, 1) for r in chosen), 3),
        "main_cpu_ms_per_essay": (
            round(
                median(1000 * cpu / max(r.essays, 1) for r, cpu in zip(chosen, main, strict=True)),
                3,
            )
            if len(main := [r.main_cpu_s for r in chosen if r.main_cpu_s is not None])
            == len(chosen)
            else None
        ),
        "peak_rss_mb": round(median(r.peak_rss_mb for r in chosen), 1),
        "server_cpu_s": (
            round(median(served), 3) if len(served := server_cpu(chosen)) == len(chosen) else None
        ),
        "load_1m": round(median(r.load_1m for r in chosen), 2),
    }


def server_cpu(runs: list[Run]) -> list[float]:
    return [run.server_cpu_s for run in runs if run.server_cpu_s is not None]


def generate(base: Path, size: int, seed: int) -> tuple[dict[str, Any], list[str]]:
    """The site, written by a child: the runner stays small (see ``timed``)."""
    base.mkdir(parents=True, exist_ok=True)
    command = [PYTHON, str(BENCH / "site_generator.py"), "generate", str(base)]
    subprocess.run(
        [*command, "--essays", str(size), "--seed", str(seed)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    site = json.loads((base / "site.json").read_text(encoding="utf-8"))
    return site, (base / "paths.txt").read_text(encoding="utf-8").split()


def bench_size(
    size: int, rounds: int, workdir: Path, server_kind: str, seed: int
) -> dict[str, Any]:
    base = workdir / f"n{size}"
    print(f"-- N={size}: generating the site", flush=True)
    site, paths = generate(base, size, seed)
    runs: list[Run] = []
    result: dict[str, Any] = {"essays": size, "rounds": rounds, "site": site}
    with serve(base / "www", base, server_kind) as server:
        alone = measure_server(server, paths)
        result["server"] = {"kind": server.kind, "version": server.version, "alone": alone}
        print(f"   server {server.kind} at {server.base_url}: {alone}", flush=True)
        for number in range(1, rounds + 1):
            # Alternate which goes first, so drifting load falls on both alike.
            order = ("full", "bare") if number % 2 else ("bare", "full")
            for kind in order:
                if kind == "full":
                    run, copies = full_run(size, number, base, server)
                    result["copies_linked"] = copies
                else:
                    run = bare_run(size, number, base, server)
                runs.append(run)
                _progress(run)
        warc = base / "rec.warc.gz"
        record, _ = full_run(size, 1, base, server, "--warc", str(warc), kind="record")
        runs.append(record)
        _progress(record)
    for number in range(1, rounds + 1):
        runs.append(replay_run(size, number, base, warc))
        _progress(runs[-1])
    warc.unlink()
    pairs = zip(
        [r for r in runs if r.kind == "full"], [r for r in runs if r.kind == "bare"], strict=True
    )
    result["ratio_full_bare"] = round(statistics.median(f.wall_s / b.wall_s for f, b in pairs), 3)
    result["rows"] = {kind: summarize(kind, runs) for kind in ("full", "bare", "record", "replay")}
    result["runs"] = [asdict(run) | {"essays_per_s": round(run.essays_per_s, 1)} for run in runs]
    return result


def profile_size(size: int, workdir: Path, server_kind: str, output: Path) -> dict[str, Any]:
    """The live crawl and its replay under cProfile, after every timed run (pstats is big)."""
    base = workdir / f"n{size}"
    warc = base / "profile.warc.gz"
    print(f"-- N={size}: profiling", flush=True)
    with serve(base / "www", base, server_kind) as server:
        live = profile_run(size, base, server, output)
        full_run(size, 1, base, server, "--warc", str(warc), kind="profile-record")
    replayed = output.with_name(f"{output.stem}-replay{output.suffix}")
    replay = profile_run(size, base, warc, replayed)
    warc.unlink()
    return {"live": live, "replay": replay}


def _progress(run: Run) -> None:
    print(
        f"   {run.kind:<7} round {run.round}: {run.essays} essays in {run.wall_s:.1f} s "
        f"({run.essays_per_s:.0f}/s), cpu {run.cpu_s:.1f} s, rss {run.peak_rss_mb:.0f} MB, "
        f"load {run.load_1m:.2f}",
        flush=True,
    )


def targets(results: list[dict[str, Any]]) -> dict[str, Any]:
    largest = results[-1]
    values = {
        "ratio_full_bare": largest["ratio_full_bare"],
        "full_essays_per_s": largest["rows"]["full"]["essays_per_s"],
        "replay_essays_per_s": largest["rows"]["replay"]["essays_per_s"],
    }
    rss = {r["essays"]: r["rows"]["full"]["peak_rss_mb"] for r in results}
    if 5000 in rss and 20000 in rss:
        values["rss_20k_over_5k"] = round(rss[20000] / rss[5000], 3)
    report = {}
    for name, value in values.items():
        sign, bar = TARGETS[name]
        met = value <= bar if sign == "<=" else value >= bar
        report[name] = {
            "value": value,
            "target": f"{sign} {bar}",
            "met": met,
            "at_essays": largest["essays"],
        }
    return report


def render(report: dict[str, Any]) -> str:
    lines = [
        f"fanwen-archive crawl benchmark ({report['machine']['cpus']} CPUs, load "
        f"{report['machine']['load_start']} -> {report['machine']['load_end']}, "
        f"server {report['server']['kind']})",
        "",
    ]
    head = (
        f"{'N':>6} {'run':<7} {'wall s':>8} {'essays/s':>9} {'cpu s':>8} {'cpu ms/essay':>12} "
        f"{'main ms/essay':>13} {'peak RSS MB':>11} {'server cpu s':>12} {'load':>5}"
    )
    lines.append(head)
    for result in report["sizes"]:
        for kind, row in result["rows"].items():
            server_cpu = "-" if row["server_cpu_s"] is None else f"{row['server_cpu_s']:.2f}"
            main = row.get("main_cpu_ms_per_essay")
            main_cpu = "-" if main is None else f"{main:.2f}"
            lines.append(
                f"{result['essays']:>6} {kind:<7} {row['wall_s']:8.2f} {row['essays_per_s']:9.1f} "
                f"{row['cpu_s']:8.2f} {row['cpu_ms_per_essay']:12.2f} {main_cpu:>13} "
                f"{row['peak_rss_mb']:11.1f} {server_cpu:>12} {row['load_1m']:5.2f}"
            )
        lines.append(
            f"{result['essays']:>6} ratio full/bare (median of rounds): "
            f"{result['ratio_full_bare']:.2f}"
        )
    lines += [
        "",
        "scaling (full crawl): "
        + ", ".join(
            f"N={row['essays']}: {row['essays_per_s']:.0f} essays/s, {row['peak_rss_mb']:.0f} MB"
            for row in report["scaling"]
        ),
    ]
    for result in report["sizes"]:
        alone = result["server"]["alone"]
        lines.append(
            f"server alone at N={result['essays']}: {alone['requests_per_s']:.0f} requests/s, "
            f"{alone['mb_per_s']} MB/s, "
            f"{alone['server_cpu_ms_per_request']} ms server CPU per request"
        )
    lines += ["", "targets:"]
    for name, target in report["targets"].items():
        lines.append(
            f"  {name:<20} {target['value']:>8} (target {target['target']}): "
            f"{'met' if target['met'] else 'NOT met'}"
        )
    return "\n".join(lines)


def parse_sizes(spec: str, rounds: int) -> list[tuple[int, int]]:
    """``1000,5000,20000:1`` -> [(1000, rounds), (5000, rounds), (20000, 1)], smallest first."""
    sizes = []
    for part in spec.split(","):
        size, _, own_rounds = part.partition(":")
        sizes.append((int(size), int(own_rounds) if own_rounds else rounds))
    return sorted(sizes)


def code_version() -> dict[str, Any]:
    """Which crawler was measured: its folder, and its git commit if it is a checkout."""
    git = ["git", "-C", str(PROJECT)]
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--", "crawler", "storage"], capture_output=True, text=True
    )
    return {
        "crawler_from": str(PROJECT),
        "commit": head.stdout.strip() or None,
        "uncommitted_changes": bool(changed.stdout.strip()) if head.returncode == 0 else None,
    }


def write_report(output: Path, report: dict[str, Any]) -> str:
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    text = render(report)
    output.with_suffix(".txt").write_text(text + "\n")
    return text


def build_report(
    results: list[dict[str, Any]],
    load_start: tuple[float, ...],
    seed: int,
    profiles: dict[str, Any] | None,
) -> dict[str, Any]:
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_start": [round(x, 2) for x in load_start],
            "load_end": [round(x, 2) for x in os.getloadavg()],
        },
        "settings": {
            "sizes": [{"essays": r["essays"], "rounds": r["rounds"]} for r in results],
            "seed": seed,
            "crawl_options": FAST,
        },
        "code": code_version(),
        "commands": {run["kind"]: " ".join(run["command"]) for run in results[-1]["runs"]},
        "server": results[-1]["server"],
        "sizes": results,
        "scaling": [
            {
                "essays": r["essays"],
                "essays_per_s": r["rows"]["full"]["essays_per_s"],
                "peak_rss_mb": r["rows"]["full"]["peak_rss_mb"],
            }
            for r in results
        ],
        # Children's ru_maxrss starts at the runner's own peak (Linux keeps the
        # high-water mark across fork and exec): the runner stays far below theirs.
        "runner_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "profile": profiles,
    }
    report["targets"] = targets(results)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="1000,5000,20000",
        help="essays per site, comma-separated; N:R measures size N in R rounds",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds per size (default 3)")
    parser.add_argument("--output", type=Path, default=Path("bench-results/bench.json"))
    parser.add_argument(
        "--profile-output", type=Path, default=None, help="default: profile.txt beside --output"
    )
    parser.add_argument(
        "--profile-size",
        type=int,
        default=None,
        help="the size to profile (default: 5000 if measured, else the smallest)",
    )
    parser.add_argument(
        "--no-profile", action="store_true", help="skip the profiled full and replay crawls"
    )
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workdir", type=Path, default=None, help="default: a temp dir, removed after"
    )
    parser.add_argument("--smoke", action="store_true", help="N=200, one round, any server")
    args = parser.parse_args(argv)
    sizes = [(200, 1)] if args.smoke else parse_sizes(args.sizes, args.rounds)
    measured = [size for size, _ in sizes]
    profiled = args.profile_size or (5000 if 5000 in measured else measured[0])
    profile_output = args.profile_output or args.output.parent / "profile.txt"
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="fanwen-bench-"))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # SIGTERM unwinds like ^C, so the server and the running child are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load_start = os.getloadavg()
    results: list[dict[str, Any]] = []
    try:
        for size, rounds in sizes:
            results.append(bench_size(size, rounds, workdir, args.server, args.seed))
            # Written after every size: a long run stopped half-way keeps what it measured.
            text = write_report(args.output, build_report(results, load_start, args.seed, None))
        profiles = (
            None
            if args.no_profile
            else profile_size(profiled, workdir, args.server, profile_output)
        )
        text = write_report(args.output, build_report(results, load_start, args.seed, profiles))
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
