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
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from crawl_profile import profile_run
from crawl_report import build_report, summarize, write_report
from crawl_runs import Run, bare_run, full_run, replay_run
from crawl_setup import BENCH, PYTHON
from site_server import measure_server, serve


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


def parse_sizes(spec: str, rounds: int) -> list[tuple[int, int]]:
    """``1000,5000,20000:1`` -> [(1000, rounds), (5000, rounds), (20000, 1)], smallest first."""
    sizes = []
    for part in spec.split(","):
        size, _, own_rounds = part.partition(":")
        sizes.append((int(size), int(own_rounds) if own_rounds else rounds))
    return sorted(sizes)


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
