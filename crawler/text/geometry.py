"""Boxes that show nothing: layout that hides text without ``display:none``.

Anti-copy watermarks are hidden by geometry too. An element and everything
in it are hidden when its box

- is moved off the screen: ``position`` absolute, fixed or relative with
  ``left`` or ``top`` at -999px or less; or a box's first line is, by a
  ``text-indent`` of -999px or less (image-replacement's ``-9999px``);
- has no room and clips what overflows it: a zero ``width``, or a zero
  ``height`` or ``max-height``, with an ``overflow`` other than visible
  (hidden, clip, auto, scroll) on that axis;
- is clipped away: ``clip: rect(...)`` of no area on an absolutely
  positioned box, ``clip-path: inset(...)`` whose sides meet (``inset(50%)``),
  or ``circle(0)``, ``ellipse(0 0)``;
- is scaled to nothing: ``transform: scale(0)``, ``scaleX(0)``, ``scaleY(0)``.

CSS ignores width, height, overflow, text-indent and transform on an inline
box (a ``<span>`` left inline), so there they hide nothing and the text stays.
-999px is far enough that no layout puts text there on purpose, and small
enough to catch the ``-9999px``/``-9999em`` the trick uses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

GEOMETRY_PROPERTIES = frozenset(
    {
        "position",
        "float",
        "left",
        "top",
        "width",
        "height",
        "max-height",
        "overflow",
        "overflow-x",
        "overflow-y",
        "clip",
        "clip-path",
        "transform",
        "text-indent",
    }
)

# At or past this offset (px) a box is off any screen.
OFF_SCREEN_PX = -999.0
# Lengths in px; em and rem at the browsers' default 16px font size.
_PX_PER_UNIT = {"px": 1.0, "": 1.0, "em": 16.0, "rem": 16.0, "pt": 4 / 3, "pc": 16.0}
_LENGTH_RE = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))([a-z%]*)")
_FUNCTION_RE = re.compile(r"([a-z0-9-]+)\(([^)]*)\)")
_ARG_SPLIT_RE = re.compile(r"[\s,]+")
# Displays that make no box of their own for width, overflow or transform.
_INLINE_DISPLAYS = frozenset({"inline", "contents"})
_OUT_OF_FLOW = frozenset({"absolute", "fixed"})
_SHIFTED = frozenset({"absolute", "fixed", "relative"})
# Overflow values that clip the content to the box ("clip" too, but it does
# not turn the other axis's "visible" into "auto" as these do).
_SCROLLING = frozenset({"hidden", "auto", "scroll", "overlay"})


def _length(value: str | None) -> tuple[float, str] | None:
    """A CSS length as (number, unit), or None (auto, calc(), a keyword)."""
    if not value:
        return None
    match = _LENGTH_RE.fullmatch(value.strip())
    if match is None:
        return None
    return float(match.group(1)), match.group(2)


def _px(value: str | None) -> float | None:
    """A length in px; None for one whose size depends on the layout (%, vw)."""
    length = _length(value)
    if length is None:
        return None
    number, unit = length
    if number == 0:
        return 0.0
    scale = _PX_PER_UNIT.get(unit)
    return None if scale is None else number * scale


def _zero(value: str | None) -> bool:
    length = _length(value)
    return length is not None and length[0] <= 0


def _has_box(styles: Mapping[str, str], block_level: bool) -> bool:
    """Whether width, overflow and transform apply: the element is not an inline box."""
    if styles.get("position") in _OUT_OF_FLOW or styles.get("float") in ("left", "right"):
        return True  # positioned and floated boxes are made block-level
    display = styles.get("display")
    if display is None:
        return block_level
    return display.split()[0] not in _INLINE_DISPLAYS


def _clips(styles: Mapping[str, str]) -> tuple[bool, bool]:
    """Whether the box clips what overflows it, across (x) and down (y)."""
    both = styles.get("overflow", "visible").split() or ["visible"]
    across = styles.get("overflow-x", both[0])
    down = styles.get("overflow-y", both[-1])
    # One axis that is not "visible" makes the other's "visible" compute to "auto".
    return (
        across != "visible" or down in _SCROLLING,
        down != "visible" or across in _SCROLLING,
    )


def _off_screen(styles: Mapping[str, str], box: bool) -> bool:
    if styles.get("position") in _SHIFTED:
        for side in ("left", "top"):
            offset = _px(styles.get(side))
            if offset is not None and offset <= OFF_SCREEN_PX:
                return True
    indent = _px(styles.get("text-indent"))
    return box and indent is not None and indent <= OFF_SCREEN_PX


def _no_room(styles: Mapping[str, str]) -> bool:
    narrow = _zero(styles.get("width"))
    flat = _zero(styles.get("height")) or _zero(styles.get("max-height"))
    if not (narrow or flat):
        return False
    clips_across, clips_down = _clips(styles)
    return (narrow and clips_across) or (flat and clips_down)


def _four_sides(args: list[str]) -> list[str]:
    """CSS's 1-4 value shorthand as top, right, bottom, left."""
    if len(args) == 1:
        return args * 4
    if len(args) == 2:
        return args * 2
    if len(args) == 3:
        return [args[0], args[1], args[2], args[1]]
    return args[:4]


def _numbers(args: list[str], unit: str | None) -> list[float] | None:
    """The arguments as px (``unit`` None) or as numbers of ``unit``; None if one is not."""
    numbers: list[float] = []
    for arg in args:
        if unit is None:
            number = _px(arg)
        else:
            length = _length(arg)
            # Zero is zero in any unit.
            matches = length is not None and (length[1] == unit or length[0] == 0)
            number = length[0] if length is not None and matches else None
        if number is None:
            return None
        numbers.append(number)
    return numbers


def _clipped_away(styles: Mapping[str, str]) -> bool:
    clip = styles.get("clip")
    if clip and styles.get("position") in _OUT_OF_FLOW:
        shape = _FUNCTION_RE.fullmatch(clip.strip())
        if shape is not None and shape.group(1) == "rect":
            sides = _numbers(_ARG_SPLIT_RE.split(shape.group(2).strip()), None)
            if sides is not None and len(sides) == 4:
                top, right, bottom, left = sides
                if bottom <= top or right <= left:
                    return True
    path = styles.get("clip-path")
    shape = _FUNCTION_RE.match(path.strip()) if path else None
    if shape is None:
        return False
    args = _ARG_SPLIT_RE.split(shape.group(2).partition("round")[0].strip())
    if shape.group(1) == "inset":
        insets = _numbers(_four_sides(args), "%")
        if insets is None:
            return False
        top, right, bottom, left = insets
        return top + bottom >= 100 or left + right >= 100
    if shape.group(1) in ("circle", "ellipse"):
        radii = args[: 1 if shape.group(1) == "circle" else 2]
        return bool(radii) and any(_zero(radius) for radius in radii)
    return False


def _scaled_to_nothing(transform: str | None) -> bool:
    if not transform:
        return False
    for name, arguments in _FUNCTION_RE.findall(transform):
        args = [arg for arg in _ARG_SPLIT_RE.split(arguments.strip()) if arg]
        if name in ("scale", "scale3d"):
            flat = args[:2] if len(args) > 1 else args
            if any(_zero(arg) for arg in flat):
                return True
        elif name in ("scalex", "scaley") and args and _zero(args[0]):
            return True
    return False


def shows_nothing(styles: Mapping[str, str], block_level: bool) -> bool:
    """Whether an element with these winning declarations shows none of its content.

    ``block_level``: the element's tag makes a block box when no display is declared.
    """
    if GEOMETRY_PROPERTIES.isdisjoint(styles):
        return False
    box = _has_box(styles, block_level)
    if _off_screen(styles, box) or _clipped_away(styles):
        return True
    return box and (_no_room(styles) or _scaled_to_nothing(styles.get("transform")))
