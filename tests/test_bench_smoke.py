"""The crawl benchmark's smoke run: every row measured, every essay archived.

``bench/run_bench.py --smoke`` generates a 200-essay site, serves it (nginx
when installed, else the Python fallback server), and times the full crawl,
the bare spider, the WARC recording and its replay once each, then profiles
one crawl. No speed is asserted; that the numbers exist and the crawl
archived the whole site is.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SMOKE_ESSAYS = 200
MEASURES = ("wall_s", "essays_per_s", "cpu_s", "cpu_ms_per_essay", "peak_rss_mb")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("bench")
    completed = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run_bench.py"),
            "--smoke",
            "--output",
            str(folder / "bench.json"),
            "--workdir",
            str(folder / "work"),
        ],
        capture_output=True,
        text=True,
        # A guard against a hang, not a speed limit: the run takes about 30 s
        # on a quiet machine and passed 60 s on a busy one.
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result: dict[str, Any] = json.loads((folder / "bench.json").read_text(encoding="utf-8"))
    result["profile_text"] = (folder / "profile.txt").read_text(encoding="utf-8")
    return result


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["full", "bare", "record", "replay"])
def test_every_row_has_positive_numbers(report: dict[str, Any], kind: str) -> None:
    row = report["sizes"][0]["rows"][kind]
    assert {name: row[name] > 0 for name in MEASURES} == dict.fromkeys(MEASURES, True)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["full", "bare", "record", "replay"])
def test_every_run_got_the_whole_site(report: dict[str, Any], kind: str) -> None:
    assert report["sizes"][0]["rows"][kind]["essays"] == SMOKE_ESSAYS


@pytest.mark.slow
def test_full_crawl_archived_every_essay_of_the_site(report: dict[str, Any]) -> None:
    size = report["sizes"][0]
    assert [run["essays"] for run in size["runs"] if run["kind"] == "full"] == [
        size["site"]["essays"]
    ]


@pytest.mark.slow
def test_ratio_and_scaling_are_reported(report: dict[str, Any]) -> None:
    size = report["sizes"][0]
    assert (size["ratio_full_bare"] > 0, report["scaling"][0]["essays"]) == (True, SMOKE_ESSAYS)


@pytest.mark.slow
def test_server_is_nginx_when_installed_else_python(report: dict[str, Any]) -> None:
    expected = "nginx" if shutil.which("nginx") else "python"
    assert report["server"]["kind"] == expected


@pytest.mark.slow
def test_server_alone_was_measured(report: dict[str, Any]) -> None:
    assert report["server"]["alone"]["requests_per_s"] > 0


@pytest.mark.slow
def test_profile_is_summarized_per_essay(report: dict[str, Any]) -> None:
    stages = [
        row["function"] for row in report["profile"]["live"]["top"] if row["table"] == "stage"
    ]
    assert (stages[0], "by stage" in report["profile_text"]) == ("spider callbacks (parse_*)", True)
