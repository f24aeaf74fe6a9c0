"""Promo lines: the site advertising itself inside the essay body.

The patterns are the site profile's (``SiteProfile.promo_res``): ``本文来源:...``,
``更多...请访问...``, ``【推荐阅读】...``, any line naming the site or carrying a
URL. Each is matched against one whole, already normalized paragraph, and a
paragraph that matches is dropped whole: it is the site talking, not the author.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from re import Pattern


def is_promo(paragraph: str, patterns: Sequence[Pattern[str]]) -> bool:
    # One search per pattern: joined into one alternation they lose the
    # anchored patterns' early exit and cost three times as much.
    return any(pattern.search(paragraph) for pattern in patterns)


def drop_promo(paragraphs: Iterable[str], patterns: Sequence[Pattern[str]]) -> list[str]:
    return [paragraph for paragraph in paragraphs if not is_promo(paragraph, patterns)]
