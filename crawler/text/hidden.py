"""Whether an element's text shows: generic rules, never a list of watermark strings.

Text is hidden (SITE.md, "What real pages do to the text") when its element
or an ancestor is ``display:none``, carries the ``hidden`` attribute, is
fully transparent (``opacity:0``) or has a box that shows nothing (off the
screen, of no size, clipped or scaled away: geometry.py); or when the text
itself is ``visibility:hidden``, has a zero font size (``0``, ``0px``,
``0pt``, ``0em``, ...), or is painted in the colour of the background behind
it (white on the default white page, or an ancestor's ``background-color``).
Where a background image or gradient is painted behind the text (a
``background-image``, a ``background`` with ``url()`` or a gradient) and no
background colour is declared with it, the colour under the text is
unknown, so no text colour hides it; a plain colour painted over it makes it
known again. So is it where a pseudo-class rule may paint another
background than the one there (stylesheet.py).
Declarations come from the style attribute, from the page's own <style>
rules (stylesheet.py says which selectors count), and from presentational
attributes (``<font color>``, ``bgcolor``: read as HTML reads them, see
colors.parse_legacy_color), ranked as CSS ranks them.

The rules follow CSS inheritance, so ``visibility:visible`` or an absolute
font size on a child shows the child's text again, while ``display:none``
hides a whole subtree whatever is inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import itemgetter
from typing import Any

from crawler.text.colors import (
    WHITE,
    Rgb,
    css_hex,
    find_color,
    over,
    parse_color,
    parse_legacy_color,
    same_color,
)
from crawler.text.geometry import shows_nothing
from crawler.text.stylesheet import MAYBE_BACKGROUND, StyleSheet, parse_declarations
from crawler.text.tags import BLOCK_TAGS

# Elements whose content is never shown as text.
NOT_RENDERED = frozenset(
    {"script", "style", "template", "noscript", "head", "title", "iframe", "object", "embed"}
)

# Font-size units and keywords that scale the parent's size: a zero parent
# font stays zero under them (``0`` times ``2em`` is still zero).
_RELATIVE_UNITS = frozenset({"em", "%", "ex", "ch", "cap", "ic", "lh"})
_RELATIVE_KEYWORDS = frozenset({"larger", "smaller", "inherit", "unset", "revert"})
_SIZE_KEYWORDS = frozenset(
    {
        "xx-small",
        "x-small",
        "small",
        "medium",
        "large",
        "x-large",
        "xx-large",
        "xxx-large",
        "larger",
        "smaller",
        "initial",
    }
)
_LENGTH_RE = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))([a-z%]*)")
# Images a background may paint: url(), every gradient (-webkit- ones too), image-set().
_IMAGE_RE = re.compile(r"(?:url|gradient|image-set|cross-fade|image)\(")

# The elements whose ``bgcolor`` a browser paints (HTML's rendering section);
# on any other element the attribute does nothing.
_BGCOLOR_TAGS = frozenset({"body", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "marquee"})

# Cascade origins, lowest first: HTML attributes, the page's rules, style="".
_HINT, _SHEET, _INLINE = 0, 1, 2
_NO_SPECIFICITY = (0, 0, 0)


@dataclass(frozen=True, slots=True)
class RenderState:
    """What an element passes on to its text and its children."""

    # The text colour as declared (RGB, alpha); None when nothing set it.
    color: tuple[Rgb, float] | None = None
    # The colour painted behind the text; None under an image or gradient.
    background: Rgb | None = WHITE
    zero_font: bool = False
    invisible: bool = False

    @property
    def shows_text(self) -> bool:
        if self.invisible or self.zero_font:
            return False
        if self.color is None or self.background is None:
            return True
        return not same_color(over(self.color, self.background), self.background)


PAGE = RenderState()


Styles = tuple[tuple[str, str], ...]  # (property, winning value) pairs
# Where a declaration stands in the cascade: !important, origin, specificity, order.
_Rank = tuple[bool, int, tuple[int, int, int], int]


def declarations(element: Any, sheet: StyleSheet) -> Styles | None:
    """The winning value of each relevant property declared on the element itself."""
    tag = element.tag
    names = element.keys()
    tag_rules = sheet.has_tag_rules(tag)
    if not names and not tag_rules:
        return None
    if names == ["style"] and not tag_rules:  # the usual watermark: <span style="...">
        return _inline_only(element.get("style"))
    ranked: list[tuple[_Rank, str, str]] = []
    hint: _Rank = (False, _HINT, _NO_SPECIFICITY, 0)
    if "hidden" in names:
        ranked.append((hint, "display", "none"))
    if "color" in names and tag == "font":
        _add_color_hint(ranked, hint, "color", element.get("color"))
    if "bgcolor" in names and tag in _BGCOLOR_TAGS:
        _add_color_hint(ranked, hint, "background-color", element.get("bgcolor"))
    style = element.get("style")
    if style:
        for prop, value, important in parse_declarations(style):
            ranked.append(((important, _INLINE, _NO_SPECIFICITY, 0), prop, value))
    if sheet:
        for rule in sheet.rules_for(element):
            for prop, value, important in rule.declarations:
                ranked.append(((important, _SHEET, rule.specificity, rule.order), prop, value))
    if not ranked:
        return None
    ranked.sort(key=itemgetter(0))
    return tuple({prop: value for _, prop, value in ranked}.items())


def _add_color_hint(
    ranked: list[tuple[_Rank, str, str]], rank: _Rank, prop: str, attribute: str
) -> None:
    """A colour attribute, read by HTML's legacy rules, as the CSS declaration it hints.

    ``<font color="ffffff">`` is white to a browser though CSS would reject
    the value; ``transparent`` and the empty string hint nothing at all.
    """
    rgb = parse_legacy_color(attribute)
    if rgb is not None:
        ranked.append((rank, prop, css_hex(rgb)))


@lru_cache(maxsize=4096)
def _inline_only(style: str) -> Styles | None:
    declared = sorted(parse_declarations(style), key=itemgetter(2))  # !important last
    return tuple({prop: value for prop, value, _ in declared}.items()) or None


def descend(parent: RenderState, element: Any, sheet: StyleSheet) -> RenderState | None:
    """The element's render state, or None when the element and all inside it are hidden."""
    tag = element.tag
    if tag in NOT_RENDERED:
        return None
    styles = declarations(element, sheet)
    return parent if styles is None else _restyle(parent, styles, tag in BLOCK_TAGS)


@lru_cache(maxsize=4096)
def _restyle(parent: RenderState, declared: Styles, block_level: bool) -> RenderState | None:
    """The state under ``parent`` of an element that declares ``declared``."""
    styles = dict(declared)
    if styles.get("display") == "none" or _transparent(styles.get("opacity")):
        return None
    if shows_nothing(styles, block_level):
        return None
    state = parent
    visibility = styles.get("visibility")
    if visibility in ("hidden", "collapse"):
        state = replace(state, invisible=True)
    elif visibility == "visible":
        state = replace(state, invisible=False)
    font_size = styles.get("font-size") or _size_in_font_shorthand(styles.get("font"))
    if font_size:
        zero = _zero_font(font_size, parent.zero_font)
        if zero != state.zero_font:
            state = replace(state, zero_font=zero)
    background = _background(styles, parent.background)
    if background != state.background:
        state = replace(state, background=background)
    color = styles.get("color")
    if color:
        parsed = parse_color(color)
        if parsed is not None:
            state = replace(state, color=parsed)
    return state


def _background(styles: dict[str, str], behind: Rgb | None) -> Rgb | None:
    """The colour behind the element's text, painted over ``behind``; None if unknown."""
    shorthand = styles.get("background")
    image = _paints_image(styles.get("background-image")) or _paints_image(shorthand)
    painted = _painted(styles.get("background-color") or shorthand, image, behind)
    maybe = styles.get(MAYBE_BACKGROUND)
    if maybe and _painted(maybe, _paints_image(maybe), painted) != painted:
        return None  # a rule may paint another background, or may not
    return painted


def _paints_image(value: str | None) -> bool:
    return value is not None and _IMAGE_RE.search(value) is not None


def _painted(value: str | None, image: bool, behind: Rgb | None) -> Rgb | None:
    """What a background leaves behind the text: its colour over ``behind``, None if unknown.

    An image or gradient with no colour leaves the colour under the text
    unknown. A colour declared with one is the colour the author meant the
    text to be read on (the image a strip or an ornament on it, or missing).
    """
    painted = find_color(value) if value else None
    if painted is None or painted[1] <= 0:
        return None if image else behind
    if painted[1] >= 1.0:
        return painted[0]  # covers whatever was behind, known or not
    return None if behind is None else over(painted, behind)


def _transparent(opacity: str | None) -> bool:
    if not opacity:
        return False
    match = _LENGTH_RE.fullmatch(opacity)
    if match is None or match.group(2) not in ("", "%"):
        return False
    return float(match.group(1)) <= 0


def _zero_font(value: str, parent_zero: bool) -> bool:
    """Whether a font-size value leaves the text with no size at all."""
    match = _LENGTH_RE.fullmatch(value)
    if match is not None:
        if float(match.group(1)) <= 0:
            return True
        return parent_zero if match.group(2) in _RELATIVE_UNITS else False
    if value in _RELATIVE_KEYWORDS:
        return parent_zero
    if value in _SIZE_KEYWORDS:
        return False
    return parent_zero  # calc(), var(): unknown, so unchanged


def _size_in_font_shorthand(value: str | None) -> str | None:
    """The size in ``font: italic bold 0/0 a``: the first length, before any "/"."""
    if not value:
        return None
    for token in value.split():
        size = token.partition("/")[0]
        if size in _SIZE_KEYWORDS:
            return size
        match = _LENGTH_RE.fullmatch(size)
        # A bare number other than 0 is a font weight (700), not a size.
        if match is not None and (match.group(2) or float(match.group(1)) == 0):
            return size
    return None
