"""Promo: the site talking inside the essay body, cut off where it starts.

SITE.md: ``本文来源:人人范文网 ...``, ``更多...请访问...``, ``【推荐阅读】...``.
The site adds itself after the author's text, never inside a sentence: a
promo starts at the start of a line or of a sentence (right after the
essay's own ``。！？；…``) and runs to the end of the line. What starts there
is a promo when

- the sentence that starts there names the site (``SiteProfile.site_names``:
  its name, and the name in its domain);
- it opens with one of the profile's ``promo_patterns``, matched from that
  start to the end of the line (``$``), once any opening bracket is skipped:
  ``（更多...）``, ``【本文来源：...】``, ``[推荐阅读]``, ``〖推荐阅读〗``.

The patterns tell a promo from the author's sentence by how it opens (a
phrase that is the site's: ``转载请``, a ``推荐阅读`` label before the site's
essay titles), by what it asks of the reader and for what (``更多...请访问``
the site or a URL, to follow the site's WeChat account for its material, to
click the site's button for the Word file), by what it speaks of (the site,
its sources on the web, the user who posted the essay), or by having no
sentence of its own (a bare ``来源：网络``, a line that is only a URL):
``出处：唐·李白《静夜思》``, ``推荐阅读：路遥《平凡的世界》``, ``声明：本人保证本文
所述内容真实``, ``更多详情请登录学校官网查看。`` and ``群众可以登录www...办理
相关业务，...。`` are the author's. A line that is promo from its start is
dropped whole; otherwise the author's sentences before the promo stay.

Promo is told line by line: a line is judged without the one before it, so
a URL alone on a line is the site's even under the author's ``参考网站：``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# The end of a sentence, with the closing quotes and brackets after it and
# the space before the next: where the site can start talking.
_SENTENCE_END = r"[。！？!?；;…⋯]+[”’」』）)】\]〗〕》\"']*\s*"
_SENTENCE_END_RE = re.compile(_SENTENCE_END)
# A promo may be set in brackets of any kind.
_OPENING_BRACKETS = "[（(【\\[〖〔「『]*"


@dataclass(frozen=True, slots=True)
class PromoRules:
    """A site profile's promo patterns and site names, compiled."""

    # Any pattern at the start of the line or of a sentence; group "start" is there.
    opening: re.Pattern[str] | None
    site_name: re.Pattern[str] | None


@lru_cache(maxsize=16)
def promo_rules(patterns: tuple[str, ...], site_names: tuple[str, ...]) -> PromoRules:
    """The compiled rules of ``SiteProfile.promo_patterns`` and ``site_names``.

    The patterns become one alternation behind "a line or sentence starts
    here": one search finds the first promo of a line, in C.
    """
    alternatives = "|".join(f"(?:{pattern})" for pattern in patterns)
    opening = rf"(?:^|{_SENTENCE_END})(?P<start>){_OPENING_BRACKETS}(?:{alternatives})"
    names = "|".join(re.escape(name) for name in site_names if name)
    return PromoRules(
        opening=re.compile(opening) if alternatives else None,
        site_name=re.compile(names) if names else None,
    )


def strip_promo(paragraph: str, rules: PromoRules) -> str:
    """The paragraph up to where a promo starts: all of it, some sentences, or ""."""
    cut = len(paragraph)
    if rules.opening is not None:
        promo = rules.opening.search(paragraph)
        if promo is not None:
            cut = promo.start("start")
    if rules.site_name is not None:
        named = rules.site_name.search(paragraph, 0, cut)
        if named is not None:
            # The sentence that names the site goes, and all after it.
            cut = 0
            for end in _SENTENCE_END_RE.finditer(paragraph, 0, named.start()):
                cut = end.end()
    return paragraph[:cut].rstrip()
