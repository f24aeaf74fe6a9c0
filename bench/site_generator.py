"""A synthetic 人人范文网 for benchmarks: N essays as static files, and a server for them.

    python bench/site_generator.py generate OUT --essays 5000 [--seed 1]
    python bench/site_generator.py serve OUT/www [--port 8000]

``generate`` writes the site as SITE.md models it under ``OUT/www``, one file
per URL (``/`` and ``/{slug}/`` are ``index.html``), GBK-encoded with a
``<meta charset=gb2312>``, and ``OUT/site.json`` saying what is in it. Every
essay page is about 12 KB and carries the chrome real pages do: hidden
watermark spans and fonts, promo lines, ``<script>`` and ad blocks in the
body, the related list, the download box, broken sentences and headings.
About 10% of essays span 2-3 pages and about 10% are exact or near copies of
another; every essay is one record to archive, copies included. The text is
sentences of the fixture essays (``fixtures/site``), sampled with a seeded
generator and their numbers redrawn, so a seed always gives the same site.

``serve`` is the fallback server for machines without nginx: asyncio,
HTTP/1.1 keep-alive, every file held in memory after its first request, no
charset in ``Content-Type`` (the live site sends none).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from crawler.site_profile import DEFAULT_PROFILE
from crawler.text.clean import clean_page
from crawler.text.paragraphs import is_heading

FIXTURE_PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "site" / "pages"
SITE_NAME = "人人范文网"
DOMAIN = "renrenfanwen.test"
# (slug, name, typeid): list page n >= 2 is /{slug}/list_{typeid}_{n}.html.
CATEGORIES = (
    ("dangjian", "党建", 3),
    ("diaoyanbaogao", "调研报告", 5),
    ("fanwendaquan", "范文大全", 7),
    ("xindetihui", "心得体会", 9),
    ("gongzuozongjie", "工作总结", 11),
    ("jianghuagao", "讲话稿", 13),
    ("shuzhibaogao", "述职报告", 15),
    ("gongzuojihua", "工作计划", 17),
)
LIST_PAGE_SIZE = 20
FIRST_ID = 100001
PAGE_TEXT_CHARS = 4000  # with the chrome, about 12 KB of GBK per essay page
COPY_SHARE, MULTI_PAGE_SHARE = 0.10, 0.10
RELATED_LINKS = 10
HEADINGS = (
    "基本情况",
    "主要做法和成效",
    "存在的主要问题",
    "原因分析",
    "下一步工作打算",
    "工作措施",
    "几点体会",
    "对策建议",
    "主要成绩",
    "努力方向",
    "整改措施",
    "工作目标",
    "加强学习，提高政治素质",
    "真抓实干，推动工作落实",
    "严守纪律，保持清正廉洁",
)
NUMERALS = "一二三四五六七八九十"
UNITS = (
    "社区",
    "村",
    "乡镇",
    "街道",
    "机关",
    "学校",
    "医院",
    "银行",
    "公司",
    "县委",
    "团委",
    "党支部",
    "财务科",
    "办公室",
    "人事部",
    "销售部",
    "派出所",
    "税务局",
    "幼儿园",
    "车间",
)
GENRES = (
    "工作总结",
    "工作计划",
    "述职报告",
    "调研报告",
    "心得体会",
    "讲话稿",
    "个人总结",
    "自查报告",
    "实施方案",
    "思想汇报",
    "发言材料",
    "学习体会",
    "年终总结",
    "工作要点",
)
PROMOS = ("本文来源:{site} www.{domain}", "更多{category}范文请访问{site}", "【推荐阅读】{title}")
_SENTENCE = re.compile(r"[^。！？]+[。！？]")
_DIGITS = re.compile(r"\d+")


@dataclass
class Essay:
    essay_id: int
    slug: str
    title: str
    published: datetime
    paragraphs: list[str]
    pages: int = 1
    copy_of: int | None = None
    copy_kind: str | None = None


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


def sentence_pool(pages: Path = FIXTURE_PAGES) -> list[str]:
    """The fixture essays' sentences, cleaned, as the benchmark's vocabulary."""
    sentences: set[str] = set()
    for path in sorted(pages.glob("*/[0-9]*.html")):
        for paragraph in clean_page(path.read_text(encoding="utf-8")):
            for sentence in _SENTENCE.findall(paragraph):
                sentence = sentence.strip()
                if 10 <= len(sentence) <= 150 and _usable(sentence):
                    sentences.add(sentence)
    return sorted(sentences)


def _usable(sentence: str) -> bool:
    try:
        sentence.encode("gbk")
    except UnicodeEncodeError:
        return False
    promo = any(pattern.search(sentence) for pattern in DEFAULT_PROFILE.promo_res)
    return not promo and not is_heading(sentence)


class SiteWriter:
    def __init__(self, root: Path, essays: int, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.pool = sentence_pool()
        self.summary = SiteSummary(essays=essays, seed=seed)
        self._essay_bytes = 0
        fixture_titles = sorted({_title_of(p) for p in FIXTURE_PAGES.glob("*/[0-9]*.html")} - {""})
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
        latest = "".join(_entry_link(e) for e in self.essays[::-1][:20])
        self._write("/", _page(f"{SITE_NAME}_范文大全", _HOME.format(latest=latest)))
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
            pager = _list_pager(slug, typeid, number, total, len(essays))
            body = (
                f'<div class="position">当前位置:<a href="/">首页</a> &gt; '
                f'<a href="/{slug}/">{name}</a></div>\n<div class="listbox">\n'
                f'<ul class="list">\n{"".join(entries)}</ul>\n{pager}\n</div>\n'
            )
            path = f"/{slug}/" if number == 1 else f"/{slug}/list_{typeid}_{number}.html"
            self._write(path, _page(f"{name}_第{number}页_{SITE_NAME}", body))
            self.summary.list_pages += 1

    def _write_essay(self, essay: Essay, category: list[Essay]) -> None:
        name = next(n for slug, n, _ in CATEGORIES if slug == essay.slug)
        pages = _split_pages(essay.paragraphs, essay.pages)
        related = "".join(
            f'<li><a href="/{other.slug}/{other.essay_id}.html">{essay.title}</a></li>'
            for other in self.rng.sample(category, min(RELATED_LINKS, len(category)))
        )
        info = self._info_line(essay, name)
        for number, paragraphs in enumerate(pages, start=1):
            path = f"/{essay.slug}/{essay.essay_id}" + (f"_{number}" if number > 1 else "")
            content = self._content(paragraphs, essay, name, last=number == len(pages))
            pager = _essay_pager(essay, number, len(pages))
            body = _ARTICLE.format(
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
                f"{path}.html", _page(f"{essay.title}_{name}_{SITE_NAME}", body)
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
            for part in _break_sentence(paragraph, rng):
                if rng.random() < 0.08:
                    part = _watermark(part, rng)
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


def _title_of(path: Path) -> str:
    match = re.search(r"<h1>([^<]*)</h1>", path.read_text(encoding="utf-8"))
    return match.group(1) if match and _usable(match.group(1) + "。") else ""


def _split_pages(paragraphs: list[str], pages: int) -> list[list[str]]:
    if pages == 1:
        return [paragraphs]
    cut = -(-len(paragraphs) // pages)
    return [paragraphs[at : at + cut] for at in range(0, len(paragraphs), cut)][:pages]


def _break_sentence(paragraph: str, rng: random.Random) -> list[str]:
    """Now and then two halves, cut after a comma, as a document conversion leaves them."""
    commas = [at for at, char in enumerate(paragraph[:-1]) if char == "，"]
    if not commas or rng.random() >= 0.05:
        return [paragraph]
    at = rng.choice(commas) + 1
    first, second = paragraph[:at], paragraph[at:]
    return [paragraph] if is_heading(first) or is_heading(second) else [first, second]


def _watermark(text: str, rng: random.Random) -> str:
    at = rng.randrange(1, max(2, len(text) - 1))
    mark = rng.choice(
        (
            f'<span style="display:none">{SITE_NAME}</span>',
            f'<font style="font-size:0px;color:#fff">{DOMAIN}</font>',
            f'<span style="display: none;">www.{DOMAIN}</span>',
        )
    )
    return text[:at] + mark + text[at:]


def _entry_link(essay: Essay) -> str:
    return f'  <li><a href="/{essay.slug}/{essay.essay_id}.html">{essay.title}</a></li>\n'


def _list_pager(slug: str, typeid: int, number: int, total: int, entries: int) -> str:
    def href(n: int) -> str:
        return f"/{slug}/" if n == 1 else f"/{slug}/list_{typeid}_{n}.html"

    parts = [f'<a href="{href(1)}">首页</a>']
    if number > 1:
        parts.append(f'<a href="{href(number - 1)}">上一页</a>')
    for n in range(max(1, number - 4), min(total, number + 5) + 1):
        parts.append(
            f'<span class="current">{n}</span>' if n == number else f'<a href="{href(n)}">{n}</a>'
        )
    if number < total:
        parts.append(f'<a href="{href(number + 1)}">下一页</a>')
    parts.append(f'<a href="{href(total)}">末页</a>')
    parts.append(
        f'<span class="pageinfo">共 <strong>{total}</strong>页<strong>{entries}</strong>条</span>'
    )
    return f'<div class="pages">{"".join(parts)}</div>'


def _essay_pager(essay: Essay, number: int, total: int) -> str:
    if total == 1:
        return ""

    def href(n: int) -> str:
        return f"/{essay.slug}/{essay.essay_id}" + (f"_{n}" if n > 1 else "") + ".html"

    parts = [f"共{total}页: "]
    if number > 1:
        parts.append(f'<a href="{href(number - 1)}">上一页</a>')
    parts += [
        f'<span class="current">{n}</span>' if n == number else f'<a href="{href(n)}">{n}</a>'
        for n in range(1, total + 1)
    ]
    if number < total:
        parts.append(f'<a href="{href(number + 1)}">下一页</a>')
    return f'<div class="pages">{"".join(parts)}</div>'


_NAV = "".join(f'<a href="/{slug}/">{name}</a>' for slug, name, _ in CATEGORIES)
_CHROME_TOP = f"""<div class="top"><a class="logo" href="/">{SITE_NAME}</a><span>范文大全</span>
  <div class="search"><form action="/plus/search.php" method="get"><input type="text" name="q" /><input type="submit" value="搜索" /></form></div>
  <div class="userbox"><a href="/member/login.php">登录</a> | <a href="/member/index_do.php?fmdo=user&amp;dopost=regnew">注册</a> | <a href="/member/">会员中心</a></div>
</div>
<div class="nav"><a href="/">首页</a>{_NAV}</div>
"""  # noqa: E501 -- lines of a page
_FOOTER = f"""<div class="footer">
  <p><a href="/">网站首页</a> | <a href="/plus/guestbook.php">网站留言</a> | <a href="/member/">会员中心</a></p>
  <p>Copyright &copy; 2012-2023 {SITE_NAME} www.{DOMAIN} 版权所有</p>
  <p>本站部分内容来源于网络，如有侵权请联系我们删除。</p>
</div>
"""  # noqa: E501 -- lines of a page
_HOME = """<div class="ad"><a href="http://ads.example.com/click?pid=1001"><img src="http://ads.example.com/banner/1001.gif" alt="公务员考试辅导" /></a></div>
<div class="latest"><h2>最新范文</h2>
<ul>
{latest}</ul>
</div>
<div class="flink">友情链接：<a href="http://www.zuowen.example.org/">中学作文网</a> <a href="http://www.jiaoan.example.net/">教案下载站</a></div>
"""  # noqa: E501 -- lines of a page
_ARTICLE = """<div class="position">当前位置:<a href="/">首页</a> &gt; <a href="/{slug}/">{name}</a> &gt; 正文</div>
<div class="main">
<div class="article">
  <h1>{title}</h1>
  <div class="info">{info}</div>
  <div class="content" id="content">
    {content}
  </div>
  {pager}
  <div class="related"><h3>相关推荐</h3><ul>{related}</ul></div>
  <div class="download">
    <p>《{title}.doc》</p>
    <p>将本文的Word文档下载到电脑,方便编辑。</p>
    <p>推荐度: ★★★★★</p>
    <a class="btn" href="/plus/download.php?aid={id}">点击下载文档</a> <a href="/plus/download.php?aid={id}&amp;type=doc">点击下载本文文档</a>
  </div>
</div>
</div>
"""  # noqa: E501 -- lines of a page


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />\n'
        f'<title>{title}</title>\n<meta name="keywords" content="{title}" />\n</head>\n<body>\n'
        f"{_CHROME_TOP}{body}{_FOOTER}</body>\n</html>\n"
    )


def generate_site(folder: Path, essays: int, seed: int = 1) -> SiteSummary:
    """Write the site to ``folder/www`` and its summary to ``folder/site.json``."""
    summary = SiteWriter(folder / "www", essays, seed).write()
    record = asdict(summary)
    record.pop("paths")
    (folder / "site.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    (folder / "paths.txt").write_text("\n".join(summary.paths) + "\n", encoding="utf-8")
    return summary


# -- the fallback server -------------------------------------------------------
class StaticSiteProtocol(asyncio.Protocol):
    """GET and HEAD for files under ``root``, keep-alive, pipelining tolerated."""

    def __init__(self, root: Path, cache: dict[bytes, bytes]) -> None:
        self.root, self.cache, self.buffer = root, cache, b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
            method, target, version = [*head.split(b"\r\n", 1)[0].split(b" "), b"", b""][:3]
            close = version != b"HTTP/1.1" or b"\nconnection: close" in head.lower()
            answer = self._answer(target.split(b"?", 1)[0], close)
            self.transport.write(
                answer if method != b"HEAD" else answer.split(b"\r\n\r\n")[0] + b"\r\n\r\n"
            )
            if close:
                self.transport.close()
                return

    def _answer(self, path: bytes, close: bool) -> bytes:
        answer = self.cache.get(path)
        if answer is None:
            relative = path.decode("latin-1").lstrip("/") + (
                "index.html" if path.endswith(b"/") else ""
            )
            file = self.root / relative
            found = ".." not in relative.split("/") and file.is_file()
            body = file.read_bytes() if found else b"not found\n"
            kind = "text/plain" if relative.endswith(".txt") or not found else "text/html"
            status = "200 OK" if found else "404 Not Found"
            answer = (
                f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode() + body
            self.cache[path] = answer
        return answer.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1) if close else answer


async def serve(root: Path, port: int) -> None:
    cache: dict[bytes, bytes] = {}
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: StaticSiteProtocol(root, cache), "127.0.0.1", port)
    print(f"serving {root} on http://127.0.0.1:{server.sockets[0].getsockname()[1]}/", flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="write a site of N essays")
    make.add_argument("folder", type=Path)
    make.add_argument("--essays", type=int, default=1000)
    make.add_argument("--seed", type=int, default=1)
    run = commands.add_parser("serve", help="serve a generated site's www folder")
    run.add_argument("root", type=Path)
    run.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "generate":
        print(
            json.dumps(
                asdict(generate_site(args.folder, args.essays, args.seed)) | {"paths": "..."}
            )
        )
    else:
        asyncio.run(serve(args.root, args.port))


if __name__ == "__main__":
    main()
