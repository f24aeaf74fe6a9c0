"""The dedupe benchmark's printed report: a row per archive size, each size's
details, the ratio of the largest archive to the smallest, the target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench_common import text_table
from dedupe_passes import BATCH_SIZE

TARGET_MS_PER_10KB = 1.5


def ratios(results: Sequence[dict[str, Any]]) -> dict[str, float] | None:
    """Largest archive's cost over the smallest's: 1.0 is flat."""
    if len(results) < 2:
        return None
    small, large = results[0], results[-1]
    return {
        f"{part}_{stat}": round(large[part][stat] / small[part][stat], 2)
        for part in ("fingerprint_ms", "link_ms")
        for stat in ("median", "p95")
    }


def print_report(report: dict[str, Any]) -> None:
    rows = [
        [
            result["archived"],
            result["archive"]["generate_seconds"]["total"],
            result["fingerprint_ms"]["median"],
            result["fingerprint_ms"]["p95"],
            result["link_ms"]["median"],
            result["link_ms"]["p95"],
            result["link_ms"]["mean_with_commit"],
            result["dedupe_ms_per_10kb"]["median"],
            result["dedupe_ms_per_10kb"]["p95"],
            result["similarity_checks"]["per_essay"],
            f"{result['links_as_expected']}/{result['measured']}",
            result["memory"]["tracemalloc_peak_mb"],
            result["memory"]["rss_peak_mb"],
        ]
        for result in report["sizes"]
    ]
    header = [
        "archived",
        "gen s",
        "fp med",
        "fp p95",
        "link med",
        "link p95",
        "link+commit mean",
        "dedupe/10KB med",
        "p95",
        "jaccards",
        "as expected",
        "py peak MB",
        "RSS peak MB",
    ]
    print(
        f"ms per essay: fingerprint (fp), store_essays (link, a batch of {BATCH_SIZE}'s time"
        " over its essays); dedupe = fp + link"
    )
    print(text_table(header, rows))
    for result in report["sizes"]:
        archive, seconds = result["archive"], result["archive"]["generate_seconds"]
        print(
            f"\n{result['archived']} archived ({archive['canonical']} canonical, "
            f"{archive['exact_copies']} exact and {archive['near_copies']} near copies, "
            f"{archive['band_rows']} band rows, {archive['db_mb']} MB): generated in "
            f"{seconds['total']} s ({seconds['texts_and_fingerprints']} s texts and "
            f"fingerprints, {seconds['inserts']} s inserts)"
        )
        print(f"  background Jaccard of unrelated bodies: {result['background_jaccard']}")
        print(f"  commit per batch of {BATCH_SIZE}: {result['commit_ms_per_batch']} ms")
        if result["unexpected_links"]:
            print(f"  unexpected links: {result['unexpected_links']}")
        statements = result["statements"]
        top = list(statements["by_statement_ms"].items())[:4]
        print(
            f"  SQL per essay: {statements['sql_ms']} ms in {statements['statements']} "
            f"statements of a {statements['link_ms_mean']} ms link; most: {top}"
        )
        print(f"  candidate query plan: {'; '.join(result['candidate_query_plan'])}")
    if report["ratio_largest_to_smallest"]:
        print(f"\nratio largest/smallest archive: {report['ratio_largest_to_smallest']}")
    largest = report["sizes"][-1]
    verdict = "met" if report["target_met"] else "NOT met"
    print(
        f"target < {TARGET_MS_PER_10KB} ms per 10 KB at {largest['archived']} archived: "
        f"{largest['dedupe_ms_per_10kb']['median']} median -> {verdict}"
    )
