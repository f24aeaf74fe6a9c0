"""Benchmark the cleaner and the date parser per article page.

    python bench/bench_text.py [--repeat 200] [--synthetic-kb 10,50]
                               [--output bench-results/text.json]

Pages: every article page of the fixture site (fixtures/site/manifest.json:
a path /{slug}/{id}.html answered 200, by the site profile's article
pattern), read as the UTF-8 text it is stored in; and synthetic essay pages
of 10 and 50 KB built from the seed page (fanwendaquan/121745.html: its head
and chrome kept, its content paragraphs repeated or cut to the size).

Per page, each step as the pipelines run it, all three in every repetition:

- clean: crawler.text.clean_page(html);
- info line: parsel Selector(text=html) and crawler.pages.info_line. The
  spider parses every page into a Selector anyway, for its title, breadcrumb
  and links, so this is reported apart and not counted in the target;
- dates: crawler.dates.find_raw_date and parse_date on that line.

Medians per page, and per 10 KB (10,240 bytes) of the page's UTF-8 HTML.
Repetitions run with the cleaner's caches warm (page_stylesheet, the
style-declaration caches), as they are through a crawl of one site.
Target: clean + dates under 1 ms per 10 KB essay page.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import cycle
from pathlib import Path
from typing import Any

import lxml.etree
import parsel
from parsel import Selector

from crawler.dates import find_raw_date, parse_date
from crawler.pages import info_line
from crawler.site_profile import DEFAULT_PROFILE, SiteProfile
from crawler.text import clean_page

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import text_table

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = REPO / "fixtures" / "site"
SEED_PAGE = FIXTURE_SITE / "pages" / "fanwendaquan" / "121745.html"
DEFAULT_OUTPUT = Path("bench-results/text.json")
DEFAULT_REPEAT = 200
DEFAULT_SYNTHETIC_KB = (10, 50)
TARGET_MS_PER_10KB = 1.0
TEN_KB = 10 * 1024
# Any instant after the fixtures' dates: a "future date" would cut parse_date short.
FETCHED_AT = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)

# The seed's content block: its opening tag, its <p> lines, and what closes it.
_CONTENT_BLOCK_RE = re.compile(r'(<div class="content" id="content">)(.*?)(\n\s*</div>)', re.S)
_PARAGRAPH_RE = re.compile(r"<p>.*?</p>", re.S)


@dataclass(frozen=True)
class Page:
    name: str
    html: str

    @property
    def size(self) -> int:
        return len(self.html.encode("utf-8"))


def article_pages(site: Path = FIXTURE_SITE, profile: SiteProfile = DEFAULT_PROFILE) -> list[Page]:
    """The fixture site's article pages, in manifest order."""
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    return [
        Page(entry["path"], (site / entry["file"]).read_text(encoding="utf-8"))
        for entry in manifest["pages"]
        if entry["status"] == 200 and profile.article_re.match(entry["path"])
    ]


def synthetic_page(seed_html: str, size: int) -> Page:
    """The seed page with its content paragraphs cycled until the page is ``size`` bytes."""
    block = _CONTENT_BLOCK_RE.search(seed_html)
    if block is None:
        raise ValueError("the seed page has no content block")
    paragraphs = _PARAGRAPH_RE.findall(block.group(2))
    if not paragraphs:
        raise ValueError("the seed page's content block has no paragraphs")
    head, tail = seed_html[: block.start(2)], seed_html[block.end(2) :]
    used = len((head + tail).encode("utf-8"))
    chosen: list[str] = []
    for paragraph in cycle(paragraphs):
        cost = len(f"\n    {paragraph}".encode())
        if used + cost > size:
            break
        chosen.append(paragraph)
        used += cost
    if not chosen:
        raise ValueError(f"{size} bytes cannot hold the seed page's chrome and a paragraph")
    content = "".join(f"\n    {paragraph}" for paragraph in chosen)
    return Page(f"synthetic {size / 1024:g} KB", head + content + tail)


def _dates(line: str | None, profile: SiteProfile) -> str | None:
    raw = find_raw_date(line, profile) if line else None
    if raw:
        parse_date(raw, FETCHED_AT, profile.timezone)
    return raw


def time_page(page: Page, repeat: int, profile: SiteProfile = DEFAULT_PROFILE) -> dict[str, Any]:
    """Median milliseconds of each step on one page, and of clean + dates together."""
    clean_ns: list[int] = []
    line_ns: list[int] = []
    dates_ns: list[int] = []
    both_ns: list[int] = []
    paragraphs = clean_page(page.html, profile)  # warm the caches, as a crawl does
    line = info_line(Selector(text=page.html), profile)
    raw = _dates(line, profile)
    for _ in range(repeat):
        start = time.perf_counter_ns()
        clean_page(page.html, profile)
        cleaned = time.perf_counter_ns()
        line = info_line(Selector(text=page.html), profile)
        found = time.perf_counter_ns()
        _dates(line, profile)
        dated = time.perf_counter_ns()
        clean_ns.append(cleaned - start)
        line_ns.append(found - cleaned)
        dates_ns.append(dated - found)
        both_ns.append(cleaned - start + dated - found)
    clean_and_dates = statistics.median(both_ns) / 1e6
    return {
        "page": page.name,
        "bytes": page.size,
        "paragraphs": len(paragraphs),
        "raw_date": raw,
        "clean_ms": round(statistics.median(clean_ns) / 1e6, 4),
        "info_line_ms": round(statistics.median(line_ns) / 1e6, 4),
        "dates_ms": round(statistics.median(dates_ns) / 1e6, 4),
        "clean_dates_ms": round(clean_and_dates, 4),
        "clean_dates_ms_per_10kb": round(clean_and_dates * TEN_KB / page.size, 4),
    }


def summarize(
    pages: Sequence[dict[str, Any]], synthetic: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    per_10kb = [row["clean_dates_ms_per_10kb"] for row in pages]
    ten_kb = min(synthetic, key=lambda row: abs(row["bytes"] - TEN_KB), default=None)
    return {
        "pages": len(pages),
        "median_page_bytes": statistics.median(row["bytes"] for row in pages) if pages else None,
        "median_clean_dates_ms": (
            round(statistics.median(row["clean_dates_ms"] for row in pages), 4) if pages else None
        ),
        "median_clean_dates_ms_per_10kb": round(statistics.median(per_10kb), 4) if pages else None,
        "max_clean_dates_ms_per_10kb": max(per_10kb, default=None),
        "pages_under_target": sum(value < TARGET_MS_PER_10KB for value in per_10kb),
        "synthetic_10kb_clean_dates_ms": ten_kb["clean_dates_ms"] if ten_kb else None,
        "synthetic_10kb_under_target": (
            ten_kb["clean_dates_ms_per_10kb"] < TARGET_MS_PER_10KB if ten_kb else None
        ),
    }


def _print_report(report: dict[str, Any]) -> None:
    header = ["page", "KB", "paras", "clean", "info line", "dates", "clean+dates", "per 10 KB"]
    rows = [
        [
            row["page"],
            f"{row['bytes'] / 1024:.1f}",
            row["paragraphs"],
            row["clean_ms"],
            row["info_line_ms"],
            row["dates_ms"],
            row["clean_dates_ms"],
            row["clean_dates_ms_per_10kb"],
        ]
        for row in [*report["pages"], *report["synthetic"]]
    ]
    print(f"ms per page, median of {report['repeat']} runs")
    print(text_table(header, rows))
    summary = report["summary"]
    print(
        f"\nfixture pages: median {summary['median_clean_dates_ms']} ms per page, "
        f"{summary['median_clean_dates_ms_per_10kb']} ms per 10 KB "
        f"(max {summary['max_clean_dates_ms_per_10kb']}); "
        f"{summary['pages_under_target']}/{summary['pages']} under "
        f"{TARGET_MS_PER_10KB} ms per 10 KB"
    )
    print(
        f"synthetic 10 KB essay page: clean + dates {summary['synthetic_10kb_clean_dates_ms']} ms"
        f" (target < {TARGET_MS_PER_10KB} ms: "
        f"{'met' if summary['synthetic_10kb_under_target'] else 'NOT met'})"
    )


def _sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="runs per page")
    parser.add_argument(
        "--synthetic-kb",
        type=_sizes,
        default=list(DEFAULT_SYNTHETIC_KB),
        help="sizes of the synthetic essay pages, comma-separated",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    seed_html = SEED_PAGE.read_text(encoding="utf-8")
    pages = [time_page(page, args.repeat) for page in article_pages()]
    synthetic = [
        time_page(synthetic_page(seed_html, kb * 1024), args.repeat) for kb in args.synthetic_kb
    ]
    report = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "lxml": ".".join(map(str, lxml.etree.LXML_VERSION)),
            "parsel": parsel.__version__,
        },
        "repeat": args.repeat,
        "target_ms_per_10kb": TARGET_MS_PER_10KB,
        "pages": pages,
        "synthetic": synthetic,
        "summary": summarize(pages, synthetic),
    }
    _print_report(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"\n-> {args.output}")
    return report


if __name__ == "__main__":
    main()
