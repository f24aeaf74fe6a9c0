"""CSS colours, so that text can be compared with the background behind it.

Anti-copy watermarks are often ``color:#fff`` on the default white page, or
the same colour as a surrounding ``background-color``. The notations differ
(``#fff``, ``#ffffff``, ``white``, ``rgb(255,255,255)``, ``hsl(0,0%,100%)``),
so every colour is reduced to one RGB triple before it is compared.
Presentational attributes (``<font color>``, ``bgcolor``) are not CSS: HTML
reads them by its own legacy rules (parse_legacy_color).
"""

from __future__ import annotations

import colorsys
import re
from functools import lru_cache

Rgb = tuple[int, int, int]

WHITE: Rgb = (255, 255, 255)

# Two colours whose channels all differ by at most this much are the same to
# a reader: #fefefe text on white is as invisible as #fff (about 3%).
SAME_COLOR_TOLERANCE = 8

# CSS Color Module Level 4, named colours (the keyword list of section 6.1).
_NAMED = """
aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff
beige f5f5dc bisque ffe4c4 black 000000 blanchedalmond ffebcd blue 0000ff
blueviolet 8a2be2 brown a52a2a burlywood deb887 cadetblue 5f9ea0 chartreuse 7fff00
chocolate d2691e coral ff7f50 cornflowerblue 6495ed cornsilk fff8dc crimson dc143c
cyan 00ffff darkblue 00008b darkcyan 008b8b darkgoldenrod b8860b darkgray a9a9a9
darkgreen 006400 darkgrey a9a9a9 darkkhaki bdb76b darkmagenta 8b008b
darkolivegreen 556b2f darkorange ff8c00 darkorchid 9932cc darkred 8b0000
darksalmon e9967a darkseagreen 8fbc8f darkslateblue 483d8b darkslategray 2f4f4f
darkslategrey 2f4f4f darkturquoise 00ced1 darkviolet 9400d3 deeppink ff1493
deepskyblue 00bfff dimgray 696969 dimgrey 696969 dodgerblue 1e90ff firebrick b22222
floralwhite fffaf0 forestgreen 228b22 fuchsia ff00ff gainsboro dcdcdc
ghostwhite f8f8ff gold ffd700 goldenrod daa520 gray 808080 green 008000
greenyellow adff2f grey 808080 honeydew f0fff0 hotpink ff69b4 indianred cd5c5c
indigo 4b0082 ivory fffff0 khaki f0e68c lavender e6e6fa lavenderblush fff0f5
lawngreen 7cfc00 lemonchiffon fffacd lightblue add8e6 lightcoral f08080
lightcyan e0ffff lightgoldenrodyellow fafad2 lightgray d3d3d3 lightgreen 90ee90
lightgrey d3d3d3 lightpink ffb6c1 lightsalmon ffa07a lightseagreen 20b2aa
lightskyblue 87cefa lightslategray 778899 lightslategrey 778899
lightsteelblue b0c4de lightyellow ffffe0 lime 00ff00 limegreen 32cd32 linen faf0e6
magenta ff00ff maroon 800000 mediumaquamarine 66cdaa mediumblue 0000cd
mediumorchid ba55d3 mediumpurple 9370db mediumseagreen 3cb371
mediumslateblue 7b68ee mediumspringgreen 00fa9a mediumturquoise 48d1cc
mediumvioletred c71585 midnightblue 191970 mintcream f5fffa mistyrose ffe4e1
moccasin ffe4b5 navajowhite ffdead navy 000080 oldlace fdf5e6 olive 808000
olivedrab 6b8e23 orange ffa500 orangered ff4500 orchid da70d6 palegoldenrod eee8aa
palegreen 98fb98 paleturquoise afeeee palevioletred db7093 papayawhip ffefd5
peachpuff ffdab9 peru cd853f pink ffc0cb plum dda0dd powderblue b0e0e6
purple 800080 rebeccapurple 663399 red ff0000 rosybrown bc8f8f royalblue 4169e1
saddlebrown 8b4513 salmon fa8072 sandybrown f4a460 seagreen 2e8b57 seashell fff5ee
sienna a0522d silver c0c0c0 skyblue 87ceeb slateblue 6a5acd slategray 708090
slategrey 708090 snow fffafa springgreen 00ff7f steelblue 4682b4 tan d2b48c
teal 008080 thistle d8bfd8 tomato ff6347 turquoise 40e0d0 violet ee82ee
wheat f5deb3 white ffffff whitesmoke f5f5f5 yellow ffff00 yellowgreen 9acd32
"""
_NAMED_WORDS = _NAMED.split()
NAMED_COLORS: dict[str, str] = dict(zip(_NAMED_WORDS[::2], _NAMED_WORDS[1::2], strict=True))

_HEX_RE = re.compile(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})")
_FUNC_RE = re.compile(r"(rgba?|hsla?)\(([^)]*)\)")
_ARG_SPLIT_RE = re.compile(r"[\s,/]+")
# A colour token inside a shorthand such as ``background: #fff url(x.png)``.
_TOKEN_RE = re.compile(r"#[0-9a-f]+|(?:rgba?|hsla?)\([^)]*\)|[a-z]+")
# Any other function, with one level of nested calls: what is inside url()
# or a gradient ("url(red.png)", "linear-gradient(#c00, rgb(0,0,0))") is
# not the colour the shorthand paints.
_OTHER_FUNCTION_RE = re.compile(r"(?<![-a-z])(?!(?:rgba?|hsla?)\()[-a-z]+\((?:[^()]|\([^()]*\))*\)")


def _channel(arg: str) -> float:
    """An rgb() argument (0..255 or a percentage) as 0..255."""
    if arg.endswith("%"):
        return float(arg[:-1]) * 2.55
    return float(arg)


def _alpha(arg: str) -> float:
    if arg.endswith("%"):
        return float(arg[:-1]) / 100
    return float(arg)


def _clamp(value: float) -> int:
    return max(0, min(255, round(value)))


def _from_function(name: str, args: list[str]) -> tuple[Rgb, float] | None:
    if len(args) not in (3, 4):
        return None
    alpha = _alpha(args[3]) if len(args) == 4 else 1.0
    if name.startswith("rgb"):
        rgb = (_clamp(_channel(args[0])), _clamp(_channel(args[1])), _clamp(_channel(args[2])))
    else:
        hue = float(args[0].removesuffix("deg")) / 360 % 1
        light = float(args[2].rstrip("%")) / 100
        sat = float(args[1].rstrip("%")) / 100
        red, green, blue = colorsys.hls_to_rgb(hue, light, sat)
        rgb = (_clamp(red * 255), _clamp(green * 255), _clamp(blue * 255))
    return rgb, max(0.0, min(1.0, alpha))


@lru_cache(maxsize=1024)
def parse_color(value: str) -> tuple[Rgb, float] | None:
    """A CSS colour as (RGB, alpha), or None for anything else (inherit, url(...))."""
    text = value.strip().lower()
    if text == "transparent":
        return (0, 0, 0), 0.0
    if text in NAMED_COLORS:
        return _from_hex(NAMED_COLORS[text]), 1.0
    hex_match = _HEX_RE.fullmatch(text)
    if hex_match:
        digits = hex_match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
        return _from_hex(digits[:6]), alpha
    func = _FUNC_RE.fullmatch(text)
    if func:
        args = [a for a in _ARG_SPLIT_RE.split(func.group(2).strip()) if a]
        try:
            return _from_function(func.group(1), args)
        except (ValueError, OverflowError):  # "rgb(nan, 1e999, x)"
            return None
    return None


# HTML's ASCII whitespace, which the legacy rules strip (str.strip() would take more).
_ASCII_WHITESPACE = "\t\n\f\r "
_SHORT_HEX_RE = re.compile(r"#[0-9a-fA-F]{3}")
_NOT_HEX_RE = re.compile(r"[^0-9a-fA-F]")
# Past this many code points the rest of the value is ignored.
_LEGACY_MAX_LENGTH = 128
# Each of red, green and blue is read from at most this many trailing digits.
_LEGACY_MAX_COMPONENT = 8


@lru_cache(maxsize=1024)
def parse_legacy_color(value: str) -> Rgb | None:
    """A presentational attribute's colour (``<font color>``, ``bgcolor``), or None.

    Browsers read these attributes with HTML's "rules for parsing a legacy
    colour value" (WHATWG HTML, Common microsyntaxes, Colors), not as CSS:
    ``color="ffffff"`` without its ``#`` is white, and almost any string is
    some colour (``chucknorris`` is #c00000). Only the empty string and
    ``transparent`` are no colour, so the attribute is ignored.
    """
    if not value:
        return None
    text = value.strip(_ASCII_WHITESPACE)
    # Keywords match ASCII case-insensitively: str.lower() would also fold
    # non-ASCII letters (the Kelvin sign into "k").
    keyword = text.lower() if text.isascii() else None
    if keyword == "transparent":
        return None
    if keyword in NAMED_COLORS:
        return _from_hex(NAMED_COLORS[keyword])
    if _SHORT_HEX_RE.fullmatch(text):
        return int(text[1], 16) * 17, int(text[2], 16) * 17, int(text[3], 16) * 17
    digits = "".join("00" if ord(char) > 0xFFFF else char for char in text)
    digits = _NOT_HEX_RE.sub("0", digits[:_LEGACY_MAX_LENGTH].removeprefix("#"))
    while not digits or len(digits) % 3:
        digits += "0"
    length = len(digits) // 3
    components = [digits[i * length : (i + 1) * length] for i in range(3)]
    if length > _LEGACY_MAX_COMPONENT:
        components = [part[-_LEGACY_MAX_COMPONENT:] for part in components]
        length = _LEGACY_MAX_COMPONENT
    while length > 2 and all(part[0] == "0" for part in components):
        components = [part[1:] for part in components]
        length -= 1
    red, green, blue = (int(part[:2], 16) for part in components)
    return red, green, blue


def css_hex(rgb: Rgb) -> str:
    """An RGB triple in the ``#rrggbb`` notation CSS reads back as the same colour."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def find_color(value: str) -> tuple[Rgb, float] | None:
    """The first colour among the tokens of a shorthand (``background: #fff url(x)``)."""
    for token in _TOKEN_RE.findall(_OTHER_FUNCTION_RE.sub(" ", value.lower())):
        color = parse_color(token)
        if color is not None:
            return color
    return None


def _from_hex(digits: str) -> Rgb:
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def over(color: tuple[Rgb, float], backdrop: Rgb) -> Rgb:
    """What a (possibly translucent) colour looks like painted over ``backdrop``."""
    rgb, alpha = color
    if alpha >= 1.0:
        return rgb
    return (
        _clamp(rgb[0] * alpha + backdrop[0] * (1 - alpha)),
        _clamp(rgb[1] * alpha + backdrop[1] * (1 - alpha)),
        _clamp(rgb[2] * alpha + backdrop[2] * (1 - alpha)),
    )


def same_color(first: Rgb, second: Rgb) -> bool:
    """Whether a reader could tell the two colours apart (see SAME_COLOR_TOLERANCE)."""
    return (
        abs(first[0] - second[0]) <= SAME_COLOR_TOLERANCE
        and abs(first[1] - second[1]) <= SAME_COLOR_TOLERANCE
        and abs(first[2] - second[2]) <= SAME_COLOR_TOLERANCE
    )
