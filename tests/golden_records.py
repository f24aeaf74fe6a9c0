"""The fixture site's expected archive (tests/golden/fixture_essays.json), as export records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GOLDEN: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parent / "golden" / "fixture_essays.json").read_text("utf-8")
)


def expected_record(golden: dict[str, Any]) -> dict[str, Any]:
    """The export fields a golden entry fixes (URLs as paths: any host serves the site)."""
    return {
        "url": golden["path"],
        "title": golden["title"],
        "category": golden["category"],
        "published_at": golden["published_at"],
        "date_precision": golden["date_precision"],
        "raw_date": golden["raw_date"],
        "body": "\n".join(golden["paragraphs"]),
        "pages": golden["pages"],
        "duplicate_of": golden["duplicate_of"],
        "duplicate_kind": golden["duplicate_kind"],
    }


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record[key] for key in expected_record(GOLDEN[0])}


def expected_archive() -> dict[str, dict[str, Any]]:
    return {golden["path"]: expected_record(golden) for golden in GOLDEN}
