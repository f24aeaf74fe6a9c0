"""The synthetic site's markup: the page template and its chrome, the home and
article bodies, the list and essay pagers, and the defects an essay's text carries
(hidden watermarks, sentences cut in two).
"""

from __future__ import annotations

import random

from site_model import CATEGORIES, DOMAIN, SITE_NAME, Essay

from crawler.text.paragraphs import is_heading


def split_pages(paragraphs: list[str], pages: int) -> list[list[str]]:
    if pages == 1:
        return [paragraphs]
    cut = -(-len(paragraphs) // pages)
    return [paragraphs[at : at + cut] for at in range(0, len(paragraphs), cut)][:pages]


def break_sentence(paragraph: str, rng: random.Random) -> list[str]:
    """Now and then two halves, cut after a comma, as a document conversion leaves them."""
    commas = [at for at, char in enumerate(paragraph[:-1]) if char == "，"]
    if not commas or rng.random() >= 0.05:
        return [paragraph]
    at = rng.choice(commas) + 1
    first, second = paragraph[:at], paragraph[at:]
    return [paragraph] if is_heading(first) or is_heading(second) else [first, second]


def watermark(text: str, rng: random.Random) -> str:
    at = rng.randrange(1, max(2, len(text) - 1))
    mark = rng.choice(
        (
            f'<span style="display:none">{SITE_NAME}</span>',
            f'<font style="font-size:0px;color:#fff">{DOMAIN}</font>',
            f'<span style="display: none;">www.{DOMAIN}</span>',
        )
    )
    return text[:at] + mark + text[at:]


def entry_link(essay: Essay) -> str:
    return f'  <li><a href="/{essay.slug}/{essay.essay_id}.html">{essay.title}</a></li>\n'


def list_pager(slug: str, typeid: int, number: int, total: int, entries: int) -> str:
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


def essay_pager(essay: Essay, number: int, total: int) -> str:
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
HOME = """<div class="ad"><a href="http://ads.example.com/click?pid=1001"><img src="http://ads.example.com/banner/1001.gif" alt="公务员考试辅导" /></a></div>
<div class="latest"><h2>最新范文</h2>
<ul>
{latest}</ul>
</div>
<div class="flink">友情链接：<a href="http://www.zuowen.example.org/">中学作文网</a> <a href="http://www.jiaoan.example.net/">教案下载站</a></div>
"""  # noqa: E501 -- lines of a page
ARTICLE = """<div class="position">当前位置:<a href="/">首页</a> &gt; <a href="/{slug}/">{name}</a> &gt; 正文</div>
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


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />\n'
        f'<title>{title}</title>\n<meta name="keywords" content="{title}" />\n</head>\n<body>\n'
        f"{_CHROME_TOP}{body}{_FOOTER}</body>\n</html>\n"
    )
