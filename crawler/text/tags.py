"""What HTML tags do by default, where no style says otherwise.

Block tags start a new line (extract.py, nesting.py), and their boxes take a
width, a height and an overflow, which inline boxes ignore (geometry.py).
"""

from __future__ import annotations

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "main",
        "center",
        "pre",
        "address",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "details",
        "summary",
    }
)
