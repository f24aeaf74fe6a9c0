"""An essay's paragraphs from its pages' HTML: the steps composed.

Per page: parse once, find the content block and the rest of the essay that
follows it (document.essay_parts), walk them for the visible lines
(minus chrome, hidden text and the site's navigation, each marked if its
markup sets it as a heading or starts a list item or table cell there),
normalize spacing, cut promo off, drop what is left empty, then join
sentences broken across paragraphs. Across pages: the same joining rule at
each page boundary (SITE.md: one essay, one record), the markup's marks of
the paragraphs on either side included: a heading that ends a page, or one
that starts the next, is no more joined than inside a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from crawler.site_profile import DEFAULT_PROFILE, SiteProfile
from crawler.text.document import essay_parts, parse_page, style_blocks
from crawler.text.extract import marked_lines
from crawler.text.paragraphs import Line, join_broken, join_two_lines, joins, normalize_space
from crawler.text.promo import promo_rules, strip_promo
from crawler.text.stylesheet import page_stylesheet


def _page_paragraphs(html: str, profile: SiteProfile, url: str | None = None) -> list[Line]:
    """One page's paragraphs, each with its first line's marks; ``url``: the page's, if known."""
    root = parse_page(html)
    if root is None:
        return []
    essay = essay_parts(root, profile.content, profile.content_chrome)
    if essay is None:
        return []
    sheet = page_stylesheet(tuple(style_blocks(root)))
    promo = promo_rules(profile.promo_patterns, profile.site_names)
    lines: list[Line] = []
    for line in marked_lines(essay, sheet, profile, url):
        text = strip_promo(normalize_space(line.text), promo)
        if text:
            lines.append(line._replace(text=text))
    return join_broken(lines)


def _join_pages(pages: Iterable[Sequence[Line]]) -> list[Line]:
    essay: list[Line] = []
    for page in pages:
        if not page:
            continue
        if essay and joins(essay[-1], page[0]):
            essay[-1] = join_two_lines(essay[-1], page[0])
            essay.extend(page[1:])
        else:
            essay.extend(page)
    return essay


def _texts(paragraphs: Iterable[Line]) -> list[str]:
    return [paragraph.text for paragraph in paragraphs]


def clean_page(
    html: str, profile: SiteProfile = DEFAULT_PROFILE, url: str | None = None
) -> list[str]:
    """Paragraphs of one page's essay body (full page HTML in: head <style> blocks matter).

    ``url``: the page's own, if known: its links then resolve as a browser
    resolves them, and its host is the site's (navigation is told by where
    links go)."""
    return _texts(_page_paragraphs(html, profile, url))


def join_pages(pages: Sequence[Sequence[str]]) -> list[str]:
    """One essay's paragraphs from its pages' paragraphs, joining a sentence broken at a
    page boundary. Plain text carries no markup: only the text says what is a heading."""
    return _texts(_join_pages([Line(text) for text in page] for page in pages))


def clean_essay(
    pages_html: Sequence[str],
    profile: SiteProfile = DEFAULT_PROFILE,
    urls: Sequence[str] | None = None,
) -> list[str]:
    """An essay's paragraphs from the HTML of its pages, in order (``urls``: theirs)."""
    page_urls: Sequence[str | None] = urls if urls is not None else [None] * len(pages_html)
    return _texts(
        _join_pages(
            _page_paragraphs(html, profile, url)
            for html, url in zip(pages_html, page_urls, strict=True)
        )
    )
