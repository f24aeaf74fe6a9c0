"""Markup nested deeper than libxml2 parses: flattened, never cut short.

libxml2 stops at 2048 open elements (its limit under ``huge_tree``) and drops
the rest of the page, so 100,000 nested ``<div>`` inside an essay leave only
the text before them (issue #8). :func:`flatten_deep_nesting` rewrites such
markup in one pass over its tags: past :data:`MAX_DEPTH` open elements, a
start tag with no attributes and its end tag are dropped (a block tag's
become ``<br>``, which ends a line as the block's edge did).

Only bare wrapper tags go (``<div>``, ``<span>``, ``<font>``...): a bare
element declares nothing (no style, class, id or ``hidden``), so dropping it
cannot show text it hid; ``<noscript>`` and the like hide by their name and
are kept. A page's tag rules (``div {display:none}``) still apply to the
kept element above the cut, whose state everything under it inherits; only a
rule that hides one wrapper tag inside another (``b {color:#fff}`` under
``i {color:#000}``) past 1024 levels could be undone. Other elements are
kept at any depth; a page nesting more than 2048 - MAX_DEPTH of those is
still cut by libxml2, and only there.
"""

from __future__ import annotations

import re
from collections import Counter

from crawler.text.tags import BLOCK_TAGS

# Room below libxml2's 2048 for elements that carry attributes.
MAX_DEPTH = 1024

# Comments and raw-text elements are skipped whole: a "<div>" inside a script
# is not a tag. Group 1 is "/" on an end tag, 2 the name, 3 the attributes.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(?:script|style|textarea|title)\b.*?(?:</(?:script|style|textarea|title)\s*>|\Z)"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>",
    re.DOTALL | re.IGNORECASE,
)
# Tags that only group what is inside them. Not <noscript>, <template>,
# <title>...: their bare tag hides its content (hidden.NOT_RENDERED).
WRAPPER_TAGS = frozenset(
    {"div", "span", "font", "b", "i", "u", "s", "em", "strong", "small", "big", "center", "p",
     "section", "article", "blockquote"}
)  # fmt: skip
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip


def flatten_deep_nesting(html: str, max_depth: int = MAX_DEPTH) -> str:
    """``html`` with the bare elements opened past ``max_depth`` unwrapped."""
    pieces: list[str] = []
    copied = 0
    # Open elements, innermost last: (name, dropped).
    open_elements: list[tuple[str, bool]] = []
    open_names: Counter[str] = Counter()
    for token in _TOKEN.finditer(html):
        name = token[2]
        if name is None:
            continue
        name = name.lower()
        if token[1]:
            if not open_names[name]:
                continue  # a stray end tag: the parser ignores it too
            # Like the parser, an end tag closes every element opened inside its own.
            while True:
                open_name, dropped = open_elements.pop()
                open_names[open_name] -= 1
                if open_name == name:
                    break
            if dropped:
                copied = _unwrap(html, copied, token, name, pieces)
            continue
        attributes = token[3]
        if name in VOID_TAGS or attributes.rstrip().endswith("/"):
            continue
        drop = len(open_elements) >= max_depth and name in WRAPPER_TAGS and not attributes.strip()
        open_elements.append((name, drop))
        open_names[name] += 1
        if drop:
            copied = _unwrap(html, copied, token, name, pieces)
    if not copied:
        return html
    pieces.append(html[copied:])
    return "".join(pieces)


def _unwrap(html: str, copied: int, tag: re.Match[str], name: str, pieces: list[str]) -> int:
    """Copy the markup up to ``tag`` and drop the tag; return where copying resumes."""
    between = html[copied : tag.start()]
    if between:
        pieces.append(between)
    # One <br> for a run of block edges with nothing between them ends one line, as they did.
    if name in BLOCK_TAGS and (between or not pieces or pieces[-1] != "<br>"):
        pieces.append("<br>")
    return tag.end()
