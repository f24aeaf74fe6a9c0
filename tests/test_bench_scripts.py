"""Smoke tests of the benchmark scripts: each one's main, at a tiny size, into tmp_path."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _script(name: str) -> ModuleType:
    """A bench/ script as a module (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the script runs.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dedupe_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("bench-dedupe")
    output = folder / "dedupe.json"
    _script("bench_dedupe_store").main(
        ["--sizes", "200,300", "--measured", "20", "--output", str(output)]
    )
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return report


@pytest.mark.slow
def test_bench_text_times_every_page_and_the_synthetic_one(tmp_path: Path) -> None:
    output = tmp_path / "text.json"
    _script("bench_text").main(["--repeat", "3", "--synthetic-kb", "10", "--output", str(output)])
    report = json.loads(output.read_text(encoding="utf-8"))
    rows = [*report["pages"], *report["synthetic"]]
    timed = ("clean_ms", "info_line_ms", "clean_dates_ms", "clean_dates_ms_per_10kb")
    assert [row["page"] for row in report["synthetic"]] == ["synthetic 10 KB"]
    assert len(report["pages"]) > 0
    assert [row["page"] for row in rows if not all(row[key] > 0 for key in timed)] == []


@pytest.mark.slow
def test_bench_dedupe_store_times_each_size(dedupe_report: dict[str, Any]) -> None:
    timed = [
        (
            result["archived"],
            result["measured"],
            result["fingerprint_ms"]["median"] > 0,
            result["link_ms"]["p95"] > 0,
            result["dedupe_ms_per_10kb"]["median"] > 0,
        )
        for result in dedupe_report["sizes"]
    ]
    assert timed == [(200, 20, True, True, True), (300, 20, True, True, True)]
    assert all(ratio > 0 for ratio in dedupe_report["ratio_largest_to_smallest"].values())


@pytest.mark.slow
def test_bench_dedupe_store_essays_link_as_their_kind_says(
    dedupe_report: dict[str, Any],
) -> None:
    linked = [
        (result["links_as_expected"], result["unexpected_links"])
        for result in dedupe_report["sizes"]
    ]
    assert linked == [(20, {}), (20, {})]
