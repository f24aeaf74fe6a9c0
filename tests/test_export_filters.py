"""``fanwen export`` with the search filters, CSV with a BOM, and Parquet, on the fixture archive."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fanwen_runner import fanwen

pytestmark = pytest.mark.slow

SITE = "http://www.renrenfanwen.test"


def jsonl(bundled_archive: str, *options: str) -> list[dict[str, object]]:
    run = fanwen("export", "--db", bundled_archive, *options)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_without_filters_every_essay_is_exported_copies_included(bundled_archive: str) -> None:
    records = jsonl(bundled_archive)
    assert len(records) == 33
    assert len(jsonl(bundled_archive, "--exclude-duplicates")) == 31


def test_search_filters_narrow_the_export(bundled_archive: str) -> None:
    records = jsonl(
        bundled_archive,
        "--query",
        "党建",
        "--since",
        "2020",
        "--until",
        "2020-11",
        "--exclude-duplicates",
    )
    assert [record["url"] for record in records] == [
        f"{SITE}/dangjian/121960.html",
        f"{SITE}/dangjian/122876.html",
        f"{SITE}/dangjian/123105.html",
        f"{SITE}/dangjian/123650.html",
        f"{SITE}/diaoyanbaogao/121744.html",
        f"{SITE}/fanwendaquan/121745.html",
    ]
    assert all("党建" in f"{record['title']}{record['body']}" for record in records)
    copies = jsonl(bundled_archive, "--query", "孙少平", "--category", "心得体会")
    assert [(record["url"], record["duplicate_kind"]) for record in copies] == [
        (f"{SITE}/xindetihui/123188.html", "exact")
    ]


@pytest.mark.parametrize(
    "category",
    ["党建' OR '1'='1", "党建; DROP TABLE articles; --", "%", "_", '"党建"'],
)
def test_hostile_filter_values_are_plain_values(bundled_archive: str, category: str) -> None:
    assert jsonl(bundled_archive, "--category", category) == []
    assert len(jsonl(bundled_archive)) == 33


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--query", '"党建'), "Error: malformed query '\"党建': a double quote is not closed"),
        (
            ("--since", "2021", "--until", "2020"),
            "Error: --since 2021-01-01 is after --until 2020-12-31",
        ),
        (("--format", "parquet"), "Error: --format parquet needs -o FILE"),
        (("--bom",), "Error: --bom is for --format csv"),
    ],
)
def test_bad_options_are_one_line_errors(
    bundled_archive: str, options: tuple[str, ...], message: str
) -> None:
    run = fanwen("export", "--db", bundled_archive, *options)
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == message
    assert "Traceback" not in run.stderr


def test_csv_with_a_bom_opens_as_utf8_in_excel(bundled_archive: str, tmp_path: Path) -> None:
    output = tmp_path / "essays.csv"
    run = fanwen(
        "export",
        "--db",
        bundled_archive,
        "--format",
        "csv",
        "--bom",
        "--query",
        "党建",
        "-o",
        str(output),
    )
    assert run.returncode == 0, run.stderr
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfurl,title,category,")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 11  # the near copy of an essay holds 党建 too
    assert rows[0]["category"] == "党建"


def test_parquet_holds_the_same_records_with_typed_columns(
    bundled_archive: str, tmp_path: Path
) -> None:
    output = tmp_path / "essays.parquet"
    run = fanwen("export", "--db", bundled_archive, "--format", "parquet", "-o", str(output))
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == "exported 33 records"
    table = pq.read_table(output)
    assert table.num_rows == 33
    assert str(table.schema.field("published_at").type) == "timestamp[us, tz=Asia/Shanghai]"
    expected = {record["url"]: record for record in jsonl(bundled_archive)}
    for row in table.to_pylist():
        record = expected[row["url"]]
        assert (row["title"], row["body"], row["duplicate_of"]) == (
            record["title"],
            record["body"],
            record["duplicate_of"],
        )
        published = row["published_at"].isoformat() if row["published_at"] else None
        assert published == record["published_at"]
