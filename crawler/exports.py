"""Export records: the archive as JSON lines or CSV, one record per essay."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage.queries import ExportRecord, export_records

EXPORT_FORMATS = ("jsonl", "csv")
EXPORT_FIELDS = (
    "url",
    "title",
    "category",
    "published_at",
    "date_precision",
    "raw_date",
    "body",
    "pages",
    "content_hash",
    "duplicate_of",
    "duplicate_kind",
    "fetched_at",
)
# Instants are shown in the site's own time (Beijing), with their offset.
DISPLAY_TIMEZONE = ZoneInfo("Asia/Shanghai")


def export_row(record: ExportRecord) -> dict[str, Any]:
    row = asdict(record)
    for key in ("published_at", "fetched_at"):
        value = row[key]
        if isinstance(value, datetime):
            row[key] = value.astimezone(DISPLAY_TIMEZONE).isoformat()
    return {key: row[key] for key in EXPORT_FIELDS}


def write_export(session: Session, stream: IO[str], export_format: str) -> int:
    if export_format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {export_format!r}")
    writer = csv.DictWriter(stream, fieldnames=EXPORT_FIELDS) if export_format == "csv" else None
    if writer is not None:
        writer.writeheader()
    count = 0
    for record in export_records(session):
        row = export_row(record)
        if writer is not None:
            writer.writerow(row)
        else:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
