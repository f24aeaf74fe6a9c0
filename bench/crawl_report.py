"""The crawl benchmark's report: medians per kind of run, the targets met or
not, the machine and the code measured; as JSON and as the printed table."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
from pathlib import Path
from typing import Any

from crawl_runs import Run
from crawl_setup import FAST, PROJECT

TARGETS = {
    "ratio_full_bare": ("<=", 1.25),
    "full_essays_per_s": (">=", 300.0),
    "replay_essays_per_s": (">=", 400.0),
    "rss_20k_over_5k": ("<=", 1.3),
}


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
