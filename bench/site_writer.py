"""The synthetic site's writer: plans N essays (ids, categories, titles, dates,
copies, multi-page essays) with a seeded generator and writes them, their list pages,
the home page and robots.txt as GBK files, one per URL.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from site_markup import (
    ARTICLE,
    HOME,
    break_sentence,
    entry_link,
    essay_pager,
    list_pager,
    page,
    split_pages,
    watermark,
)
from site_model import (
    CATEGORIES,
    DOMAIN,
    FIXTURE_PAGES,
    GENRES,
    HEADINGS,
    NUMERALS,
    PROMOS,
    SITE_NAME,
    UNITS,
    Essay,
    sentence_pool,
    title_of,
)

LIST_PAGE_SIZE = 20
FIRST_ID = 100001
PAGE_TEXT_CHARS = 4000  # with the chrome, about 12 KB of GBK per essay page
COPY_SHARE, MULTI_PAGE_SHARE = 0.10, 0.10
RELATED_LINKS = 10
_DIGITS = re.compile(r"\d+")


@dataclass
class SiteSummary:
    """What ``generate`` wrote: the crawl of it should archive ``essays`` records."""

    essays: int
    seed: int
    exact_copies: int = 0
    near_copies: int = 0
    multi_page_essays: int = 0
    essay_pages: int = 0
    list_pages: int = 0
    files: int = 0
    bytes: int = 0
    mean_essay_page_bytes: float = 0.0
    paths: list[str] = field(default_factory=list, repr=False)


class SiteWriter:
    def __init__(self, root: Path, essays: int, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.pool = sentence_pool()
        self.summary = SiteSummary(essays=essays, seed=seed)
        self._essay_bytes = 0
        fixture_titles = sorted({title_of(p) for p in FIXTURE_PAGES.glob("*/[0-9]*.html")} - {""})
        self.titles = fixture_titles + [
            f"{year}年{unit}{genre}"
            for year in range(2015, 2024)
            for unit in UNITS
            for genre in GENRES
        ]
        self.essays = self._plan(essays)

    # -- the plan: ids, categories, titles, dates, copies ----------------------
    def _plan(self, count: int) -> list[Essay]:
        rng = self.rng
        essays: list[Essay] = []
        start, step = datetime(2015, 1, 1, 8, 0), timedelta(days=8 * 365) / max(count, 1)
        for index in range(count):
            published = start + step * index + timedelta(seconds=rng.randrange(3600))
            slug = rng.choice(CATEGORIES)[0]
            originals = [e for e in essays[-500:] if e.copy_of is None and e.pages == 1]
            if index >= 20 and originals and rng.random() < COPY_SHARE:
                essays.append(self._copy(rng.choice(originals), FIRST_ID + index, slug, published))
                continue
            pages = rng.choice((2, 3)) if rng.random() < MULTI_PAGE_SHARE / (1 - COPY_SHARE) else 1
            title = rng.choice(self.titles)
            text = [self._paragraphs(PAGE_TEXT_CHARS) for _ in range(pages)]
            paragraphs = [paragraph for page in text for paragraph in page]
            essays.append(Essay(FIRST_ID + index, slug, title, published, paragraphs, pages))
            self.summary.multi_page_essays += pages > 1
        return essays

    def _copy(self, original: Essay, essay_id: int, slug: str, published: datetime) -> Essay:
        rng, paragraphs = self.rng, list(original.paragraphs)
        kind = rng.choice(("exact", "near"))
        if kind == "near":  # SITE.md: an editor's note, a paragraph dropped, punctuation changed
            edits = rng.sample(("note", "drop", "punct"), 2)
            if "drop" in edits:
                del paragraphs[rng.randrange(1, len(paragraphs))]
            if "punct" in edits:
                at = rng.randrange(len(paragraphs))
                paragraphs[at] = paragraphs[at].replace("。", "！", 1)
            if "note" in edits:
                paragraphs.insert(0, "编者按：" + "".join(self._sentences(2)))
        title = original.title if rng.random() < 0.5 else rng.choice(self.titles)
        self.summary.exact_copies += kind == "exact"
        self.summary.near_copies += kind == "near"
        return Essay(essay_id, slug, title, published, paragraphs, 1, original.essay_id, kind)

    def _sentences(self, count: int) -> list[str]:
        return [self._renumber(s) for s in self.rng.sample(self.pool, count)]

    def _renumber(self, sentence: str) -> str:
        # Fresh numbers make two essays drawn from one pool less alike.
        def redraw(match: re.Match[str]) -> str:
            digits = match.group()
            if len(digits) == 4 and digits[:2] in ("19", "20"):
                return str(self.rng.randrange(2010, 2024))  # a year stays a plausible year
            low = 10 ** (len(digits) - 1) if len(digits) > 1 else 0
            return str(self.rng.randrange(low, 10 ** len(digits)))

        return _DIGITS.sub(redraw, sentence)

    def _paragraphs(self, chars: int) -> list[str]:
        """One page's worth of paragraphs, with a numbered heading every few."""
        paragraphs: list[str] = []
        headings = iter(self.rng.sample(HEADINGS, len(HEADINGS)))
        size, heading_no = 0, 0
        while size < chars:
            if paragraphs and heading_no < 9 and self.rng.random() < 0.15:
                paragraphs.append(f"{NUMERALS[heading_no]}、{next(headings, '工作情况')}")
                heading_no += 1
            paragraph = "".join(self._sentences(self.rng.randint(1, 5)))
            paragraphs.append(paragraph)
            size += len(paragraph)
        return paragraphs

    # -- writing ---------------------------------------------------------------
    def write(self) -> SiteSummary:
        self._write("/robots.txt", "User-agent: *\nDisallow: /plus/\nDisallow: /member/\n")
        by_category: dict[str, list[Essay]] = {slug: [] for slug, _, _ in CATEGORIES}
        for essay in self.essays:
            by_category[essay.slug].append(essay)
        for slug, name, typeid in CATEGORIES:
            self._write_lists(slug, name, typeid, by_category[slug][::-1])
        for essay in self.essays:
            self._write_essay(essay, by_category[essay.slug])
        latest = "".join(entry_link(e) for e in self.essays[::-1][:20])
        self._write("/", page(f"{SITE_NAME}_范文大全", HOME.format(latest=latest)))
        pages = self.summary.essay_pages
        self.summary.mean_essay_page_bytes = round(self._essay_bytes / max(pages, 1), 1)
        return self.summary

    def _write(self, path: str, text: str) -> int:
        file = self.root / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        file.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("gbk")
        file.write_bytes(data)
        self.summary.files += 1
        self.summary.bytes += len(data)
        self.summary.paths.append(path)
        return len(data)

    def _write_lists(self, slug: str, name: str, typeid: int, essays: list[Essay]) -> None:
        total = max(1, -(-len(essays) // LIST_PAGE_SIZE))
        for number in range(1, total + 1):
            chunk = essays[(number - 1) * LIST_PAGE_SIZE : number * LIST_PAGE_SIZE]
            entries, year_above = [], None
            for essay in chunk:
                day = essay.published
                # SITE.md: a month-day date takes the year of the full date above it.
                short = year_above == day.year and self.rng.random() < 0.6
                shown = day.strftime("%m-%d" if short else "%Y-%m-%d")
                year_above = day.year if not short else year_above
                intro = essay.paragraphs[0][:40]
                entries.append(
                    f'<li><a href="/{slug}/{essay.essay_id}.html" title="{essay.title}">'
                    f'{essay.title}</a><span class="date">{shown}</span>'
                    f'<p class="intro">{intro}...</p></li>\n'
                )
            pager = list_pager(slug, typeid, number, total, len(essays))
            body = (
                f'<div class="position">当前位置:<a href="/">首页</a> &gt; '
                f'<a href="/{slug}/">{name}</a></div>\n<div class="listbox">\n'
                f'<ul class="list">\n{"".join(entries)}</ul>\n{pager}\n</div>\n'
            )
            path = f"/{slug}/" if number == 1 else f"/{slug}/list_{typeid}_{number}.html"
            self._write(path, page(f"{name}_第{number}页_{SITE_NAME}", body))
            self.summary.list_pages += 1

    def _write_essay(self, essay: Essay, category: list[Essay]) -> None:
        name = next(n for slug, n, _ in CATEGORIES if slug == essay.slug)
        pages = split_pages(essay.paragraphs, essay.pages)
        related = "".join(
            f'<li><a href="/{other.slug}/{other.essay_id}.html">{essay.title}</a></li>'
            for other in self.rng.sample(category, min(RELATED_LINKS, len(category)))
        )
        info = self._info_line(essay, name)
        for number, paragraphs in enumerate(pages, start=1):
            path = f"/{essay.slug}/{essay.essay_id}" + (f"_{number}" if number > 1 else "")
            content = self._content(paragraphs, essay, name, last=number == len(pages))
            pager = essay_pager(essay, number, len(pages))
            body = ARTICLE.format(
                slug=essay.slug,
                name=name,
                title=essay.title,
                info=info,
                content=content,
                pager=pager,
                related=related,
                id=essay.essay_id,
            )
            self._essay_bytes += self._write(
                f"{path}.html", page(f"{essay.title}_{name}_{SITE_NAME}", body)
            )
            self.summary.essay_pages += 1

    def _info_line(self, essay: Essay, category: str) -> str:
        at, pick = essay.published, self.rng.random()
        if pick < 0.70:
            date = f"发布时间:{at:%Y-%m-%d %H:%M:%S}"
        elif pick < 0.80:
            date = f"发布时间：{at:%Y}年{at:%m}月{at:%d}日"
        elif pick < 0.88:
            date = f"时间:{at.year}-{at.month}-{at.day} {at.hour}:{at:%M}"
        elif pick < 0.93:
            date = f"更新时间:{at:%Y-%m-%d %H:%M:%S}"
        elif pick < 0.97:
            date = "发布时间:0000-00-00 00:00:00"  # DedeCMS's empty date: the list date counts
        else:
            date = ""
        return (
            f'{date} 来源:{category} <a href="javascript:addfav()">收藏本文</a> '
            f'<a href="/plus/download.php?aid={essay.essay_id}">下载本文</a> '
            f'<a href="http://m.{DOMAIN}/{essay.slug}/{essay.essay_id}.html">手机版</a>'
        )

    def _content(self, paragraphs: list[str], essay: Essay, category: str, last: bool) -> str:
        rng, lines = self.rng, []
        as_breaks = rng.random() < 0.1  # one block split by <br />
        indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if rng.random() < 0.15 else "　　"
        for paragraph in paragraphs:
            for part in break_sentence(paragraph, rng):
                if rng.random() < 0.08:
                    part = watermark(part, rng)
                lines.append(f"{indent}{part}<br />" if as_breaks else f"<p>{indent}{part}</p>")
            if rng.random() < 0.02:
                lines.append(
                    '<div class="ad"><a href="http://ads.example.com/click?pid=2031">'
                    '<img src="http://ads.example.com/banner/2031.gif" alt="考研辅导" /></a></div>'
                )
            if rng.random() < 0.02:
                lines.append('<script type="text/javascript">var cpro_id = "u2031";</script>')
        if last and rng.random() < 0.5:
            promo = rng.choice(PROMOS).format(
                site=SITE_NAME, domain=DOMAIN, category=category, title=rng.choice(self.titles)
            )
            lines.append(f"<p>{indent}{promo}</p>")
        return "\n    ".join(lines)


def generate_site(folder: Path, essays: int, seed: int = 1) -> SiteSummary:
    """Write the site to ``folder/www`` and its summary to ``folder/site.json``."""
    summary = SiteWriter(folder / "www", essays, seed).write()
    record = asdict(summary)
    record.pop("paths")
    (folder / "site.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    (folder / "paths.txt").write_text("\n".join(summary.paths) + "\n", encoding="utf-8")
    return summary
