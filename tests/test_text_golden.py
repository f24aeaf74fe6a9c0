"""The golden corpus: whole article pages in, the essay and its date out.

Each case in tests/golden/cleaning/ is NAME.html (a full article page in the
markup of SITE.md) and NAME.json (what the archive must keep of it), written
from the rules, not from the code's output.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from parsel import Selector

from crawler.dates import find_raw_date, parse_date
from crawler.site_profile import DEFAULT_PROFILE
from crawler.text import clean_page

GOLDEN = Path(__file__).parent / "golden" / "cleaning"
FETCHED_AT = datetime.fromisoformat("2026-11-29T12:00:00+08:00")
CASES = sorted(path.stem for path in GOLDEN.glob("*.html"))


def info_line(html: str) -> str:
    """The info line's text, as the spider reads it."""
    return " ".join(Selector(text=html).css(f"{DEFAULT_PROFILE.article_info} ::text").getall())


def archived(html: str) -> dict[str, Any]:
    raw = find_raw_date(info_line(html))
    parsed = parse_date(raw, FETCHED_AT) if raw is not None else None
    return {
        "paragraphs": clean_page(html),
        "raw_date": raw,
        "published_at": parsed.instant.isoformat() if parsed and parsed.instant else None,
        "date_precision": parsed.precision if parsed else None,
        "date_problem": parsed.problem if parsed else None,
    }


def test_corpus_is_complete() -> None:
    assert len(CASES) >= 30
    assert sorted(path.stem for path in GOLDEN.glob("*.json")) == CASES


@pytest.mark.parametrize("name", CASES)
def test_golden_page(name: str) -> None:
    html = (GOLDEN / f"{name}.html").read_text(encoding="utf-8")
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert archived(html) == expected
