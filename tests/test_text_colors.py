"""CSS colours reduce to one RGB triple whatever the notation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.text.colors import (
    css_hex,
    find_color,
    over,
    parse_color,
    parse_legacy_color,
    same_color,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#fff", ((255, 255, 255), 1.0)),
        ("#FFFFFF", ((255, 255, 255), 1.0)),
        ("white", ((255, 255, 255), 1.0)),
        (" White ", ((255, 255, 255), 1.0)),
        ("rgb(255,255,255)", ((255, 255, 255), 1.0)),
        ("rgb(255 255 255)", ((255, 255, 255), 1.0)),
        ("rgb(100%, 100%, 100%)", ((255, 255, 255), 1.0)),
        ("rgba(255, 255, 255, 0.5)", ((255, 255, 255), 0.5)),
        ("hsl(0, 0%, 100%)", ((255, 255, 255), 1.0)),
        ("#f5f5f5", ((245, 245, 245), 1.0)),
        ("whitesmoke", ((245, 245, 245), 1.0)),
        ("#000", ((0, 0, 0), 1.0)),
        ("#ff000080", ((255, 0, 0), 128 / 255)),
        ("transparent", ((0, 0, 0), 0.0)),
    ],
)
def test_parse_color(value: str, expected: tuple[tuple[int, int, int], float]) -> None:
    assert parse_color(value) == expected


@pytest.mark.parametrize(
    "value",
    ["inherit", "currentcolor", "#12345", "rgb(1,2)", "url(x.png)", "rgb(nan, 1e999, 0)", ""],
)
def test_not_a_color(value: str) -> None:
    assert parse_color(value) is None


def test_find_color_in_a_shorthand() -> None:
    assert find_color("url(bg.png) repeat-x #EEE top") == ((238, 238, 238), 1.0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # What is inside url() or a gradient is not the colour the shorthand paints.
        ("url(/images/red.png) no-repeat", None),
        ("linear-gradient(#c00,#900)", None),
        ("-webkit-linear-gradient(top, rgb(255,255,255), #c00)", None),
        ("linear-gradient(rgba(0,0,0,.5), white) navy", ((0, 0, 128), 1.0)),
        ("url(red.png) #c00", ((204, 0, 0), 1.0)),
        ("rgb(238, 238, 238) url(x.png)", ((238, 238, 238), 1.0)),
    ],
)
def test_find_color_skips_images(
    value: str, expected: tuple[tuple[int, int, int], float] | None
) -> None:
    assert find_color(value) == expected


def test_over_composites_translucent_colours() -> None:
    assert over(((0, 0, 0), 0.5), (255, 255, 255)) == (128, 128, 128)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ((255, 255, 255), (255, 255, 255), True),
        ((254, 254, 254), (255, 255, 255), True),
        ((238, 238, 238), (255, 255, 255), False),
        ((0, 0, 0), (255, 255, 255), False),
    ],
)
def test_same_color(
    first: tuple[int, int, int], second: tuple[int, int, int], expected: bool
) -> None:
    assert same_color(first, second) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # A keyword or #rgb takes the short path.
        ("red", (255, 0, 0)),
        (" White\n", (255, 255, 255)),
        ("#fff", (255, 255, 255)),
        ("#FFF", (255, 255, 255)),
        # Everything else is padded, split in three and read as hex.
        ("ffffff", (255, 255, 255)),
        ("FFFFFF", (255, 255, 255)),
        ("#ffffff", (255, 255, 255)),
        ("eeeeee", (238, 238, 238)),
        ("fff", (15, 15, 15)),
        ("#ff", (15, 15, 0)),
        ("chucknorris", (192, 0, 0)),
        ("ninjaturtle", (0, 160, 0)),
        ("crap", (192, 160, 0)),
        ("sick", (0, 192, 0)),
        ("#ffffff00", (255, 255, 0)),
        # Components longer than 8 keep their last 8; shared leading zeros go.
        ("1234567890abcdef1234567890", (35, 171, 69)),
        ("000000000100000000", (0, 16, 0)),
        # A code point beyond the BMP counts as "00"; whitespace alone pads to black.
        ("\U0001f600", (0, 0, 0)),
        ("  ", (0, 0, 0)),
        # Keywords match ASCII case-insensitively only: the Kelvin sign is no "k".
        ("blac\u212a", (176, 172, 0)),
    ],
)
def test_parse_legacy_color(value: str, expected: tuple[int, int, int]) -> None:
    assert parse_legacy_color(value) == expected


@pytest.mark.parametrize("value", ["", "transparent", " TRANSPARENT "])
def test_no_legacy_color(value: str) -> None:
    assert parse_legacy_color(value) is None


@given(st.text(alphabet="0123456789abcdefABCDEF", min_size=6, max_size=6))
def test_six_hex_digits_read_alike_with_or_without_hash(digits: str) -> None:
    legacy = parse_legacy_color(digits)
    assert legacy == parse_legacy_color("#" + digits)
    assert (legacy, 1.0) == parse_color("#" + digits)


@given(st.text(max_size=300))
def test_every_legacy_value_is_a_colour_css_reads_back(value: str) -> None:
    rgb = parse_legacy_color(value)
    if rgb is None:
        assert value == "" or value.strip("\t\n\f\r ").lower() == "transparent"
    else:
        assert parse_color(css_hex(rgb)) == (rgb, 1.0)
