"""One crawl under cProfile, of the live site or of a WARC, summarized per essay.

The table: the crawl's time by stage (spider callbacks, each pipeline, the
WARC middleware), then our functions by cumulative time and all functions by
own time.
"""

from __future__ import annotations

import pstats
import re
from pathlib import Path
from typing import Any

from crawl_runs import Run, archived, fanwen, timed
from crawl_setup import PROJECT
from site_server import SiteServer


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
    ("StorePipeline batches (BatchWriter.write)", "crawler/batch_writer.py", ("write",)),
    # Only in a recording or a replay.
    ("WARC recording (middleware)", "crawler/webarchive/recorder.py", ("process_response",)),
    ("WARC replay lookups (middleware)", "crawler/webarchive/replay.py", ("process_request",)),
)
# Entry points and wrappers that hold the whole crawl: not a cost of their own.
WRAPPERS = (
    "<module>",
    "<listcomp>",
    "<genexpr>",
    "<dictcomp>",
    "main",
    "run",
    "crawl",
    "run_crawl",
)


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
