"""Export records: the archive as JSON lines, CSV or Parquet, one record per essay.

Every format streams: records come from the database in batches
(``yield_per``) and go out as they come, Parquet one row group per batch,
so an archive larger than memory exports all the same.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from storage.queries import ExportRecord, export_records
from storage.search import EssayFilter

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
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
# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"
PARQUET_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("title", pa.string()),
        ("category", pa.string()),
        ("published_at", pa.timestamp("us", tz="Asia/Shanghai")),
        ("date_precision", pa.string()),
        ("raw_date", pa.string()),
        ("body", pa.string()),
        ("pages", pa.int32()),
        ("content_hash", pa.string()),
        ("duplicate_of", pa.string()),
        ("duplicate_kind", pa.string()),
        ("fetched_at", pa.timestamp("us", tz="Asia/Shanghai")),
    ]
)
PARQUET_ROW_GROUP = 1000


def export_row(record: ExportRecord) -> dict[str, Any]:
    row = asdict(record)
    for key in ("published_at", "fetched_at"):
        value = row[key]
        if isinstance(value, datetime):
            row[key] = value.astimezone(DISPLAY_TIMEZONE).isoformat()
    return {key: row[key] for key in EXPORT_FIELDS}


def write_export(
    session: Session,
    stream: IO[str],
    export_format: str,
    essay_filter: EssayFilter | None = None,
    bom: bool = False,
) -> int:
    """JSON lines or CSV (``bom``: a byte order mark first, for Excel) to a text stream."""
    if export_format not in ("jsonl", "csv"):
        raise ValueError(f"not a text export format: {export_format!r}")
    writer = csv.DictWriter(stream, fieldnames=EXPORT_FIELDS) if export_format == "csv" else None
    if bom and writer is not None:
        stream.write(BOM)
    if writer is not None:
        writer.writeheader()
    count = 0
    for record in export_records(session, essay_filter):
        row = export_row(record)
        if writer is not None:
            writer.writerow(row)
        else:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_parquet(session: Session, path: Path, essay_filter: EssayFilter | None = None) -> int:
    """Parquet with typed columns (timestamps with their zone), a row group per batch."""
    count = 0
    with pq.ParquetWriter(path, PARQUET_SCHEMA) as writer:
        for batch in _batches(export_records(session, essay_filter), PARQUET_ROW_GROUP):
            columns = {name: [getattr(record, name) for record in batch] for name in EXPORT_FIELDS}
            writer.write_table(pa.table(columns, schema=PARQUET_SCHEMA))
            count += len(batch)
    return count


def _batches(records: Iterable[ExportRecord], size: int) -> Iterator[list[ExportRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch
