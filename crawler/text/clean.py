"""An essay's paragraphs from its pages' HTML: the steps composed.

Per page: parse once, find the content block, walk it for the visible lines
(minus chrome and hidden text, each marked if its markup sets it as a
heading), normalize spacing, cut promo off, drop what is left empty, then
join sentences broken across paragraphs. Across pages: the same joining rule
at each page boundary (SITE.md: one essay, one record).
"""

from __future__ import annotations

from collections.abc import Sequence

from crawler.site_profile import DEFAULT_PROFILE, SiteProfile
from crawler.text.document import find_first, find_inside, parse_page, style_blocks
from crawler.text.extract import marked_lines
from crawler.text.paragraphs import Line, continues, join_broken, join_two, normalize_space
from crawler.text.promo import promo_rules, strip_promo
from crawler.text.stylesheet import page_stylesheet


def clean_page(html: str, profile: SiteProfile = DEFAULT_PROFILE) -> list[str]:
    """Paragraphs of one page's essay body (full page HTML in: head <style> blocks matter)."""
    root = parse_page(html)
    if root is None:
        return []
    block = find_first(root, profile.content)
    if block is None:
        return []
    sheet = page_stylesheet(tuple(style_blocks(root)))
    chrome = find_inside(block, profile.content_chrome)
    promo = promo_rules(profile.promo_patterns, profile.site_names)
    lines: list[Line] = []
    for raw, heading in marked_lines(block, chrome, sheet, link_lists=False):
        text = strip_promo(normalize_space(raw), promo)
        if text:
            lines.append(Line(text, heading))
    return join_broken(lines)


def join_pages(pages: Sequence[Sequence[str]]) -> list[str]:
    """One essay's paragraphs from its pages' paragraphs, joining a sentence broken at a
    page boundary."""
    essay: list[str] = []
    for page in pages:
        if not page:
            continue
        if essay and continues(essay[-1], page[0]):
            essay[-1] = join_two(essay[-1], page[0])
            essay.extend(page[1:])
        else:
            essay.extend(page)
    return essay


def clean_essay(pages_html: Sequence[str], profile: SiteProfile = DEFAULT_PROFILE) -> list[str]:
    """An essay's paragraphs from the HTML of its pages, in order."""
    return join_pages([clean_page(html, profile) for html in pages_html])
