"""Whether a media query holds: the page is read as a desktop browser shows it.

A rule inside ``@media`` (or a ``<style media="...">`` block) hides text
only where its query holds, and a reader reads the page on a screen, not on
paper: ``@media print{body{display:none}}`` is an anti-print trick, not a
hidden essay. So a query counts when it holds for media type ``screen`` on a
1280x800 (landscape) viewport:

- the types ``all`` and ``screen`` hold, as does a query that names no type;
  every other type (``print``, ``speech``, the retired ``tv``, ``handheld``,
  ...) never does;
- ``width`` and ``height``, exact or with ``min-``/``max-`` (and their
  ``device-`` forms: the device is that screen), are compared in px, em and
  rem, an em being the browsers' default 16px;
- ``orientation: landscape`` holds, ``portrait`` does not;
- ``and`` joins conditions, ``not`` negates the whole query, ``only``
  changes nothing, and a comma-separated list holds when any query does.

A query with a condition this cannot evaluate (another feature or unit,
``or``, the range syntax ``(width >= 600px)``) does not hold, negated or not:
a rule the page may never apply must not hide text.
"""

from __future__ import annotations

import re
from functools import lru_cache

VIEWPORT_WIDTH_PX = 1280.0
VIEWPORT_HEIGHT_PX = 800.0

_SIZES = {
    "width": VIEWPORT_WIDTH_PX,
    "height": VIEWPORT_HEIGHT_PX,
    "device-width": VIEWPORT_WIDTH_PX,
    "device-height": VIEWPORT_HEIGHT_PX,
}
_PX_PER_UNIT = {"px": 1.0, "em": 16.0, "rem": 16.0}
_SCREEN_TYPES = frozenset({"all", "screen"})
_OTHER_TYPES = frozenset(
    {"print", "speech", "aural", "braille", "embossed", "handheld", "projection", "tty", "tv"}
)
_ORIENTATION = {"landscape": True, "portrait": False}

_PREFIX_RE = re.compile(r"(only|not)\s+(.*)", re.DOTALL)
_AND_RE = re.compile(r"\s+and\s+")
_FEATURE_RE = re.compile(r"\(\s*([-a-z]+)\s*:\s*([^()]*?)\s*\)")
_SIZE_FEATURE_RE = re.compile(r"(min-|max-)?((?:device-)?(?:width|height))")
_LENGTH_RE = re.compile(r"(\d+\.?\d*|\.\d+)([a-z]*)")


@lru_cache(maxsize=256)
def media_holds(query_list: str) -> bool:
    """Whether a media query list (an ``@media`` prelude, a media attribute) holds."""
    text = query_list.strip().lower()
    if not text:
        return True  # an empty list is "all"
    return any(_query_holds(query.strip()) for query in text.split(","))


def _query_holds(query: str) -> bool:
    negated = False
    prefix = _PREFIX_RE.fullmatch(query)
    if prefix is not None:
        negated = prefix.group(1) == "not"
        query = prefix.group(2)
    results = [
        _condition(part, first=index == 0) for index, part in enumerate(_AND_RE.split(query))
    ]
    if None in results:
        return False
    return all(results) is not negated


def _condition(text: str, *, first: bool) -> bool | None:
    """One condition of a query: True, False, or None when it cannot be evaluated."""
    if first and text in _SCREEN_TYPES:
        return True
    if first and text in _OTHER_TYPES:
        return False
    feature = _FEATURE_RE.fullmatch(text)
    if feature is None:
        return None
    name, value = feature.groups()
    if name == "orientation":
        return _ORIENTATION.get(value)
    size = _SIZE_FEATURE_RE.fullmatch(name)
    length = _px(value)
    if size is None or length is None:
        return None
    bound, dimension = size.groups()
    actual = _SIZES[dimension]
    if bound == "min-":
        return actual >= length
    if bound == "max-":
        return actual <= length
    return actual == length


def _px(value: str) -> float | None:
    match = _LENGTH_RE.fullmatch(value)
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if number == 0:
        return 0.0  # zero needs no unit
    scale = _PX_PER_UNIT.get(unit)
    return None if scale is None else number * scale
