"""Small pieces the benchmark scripts share: varied sentences, and a plain-text table."""

from __future__ import annotations

import random
from collections.abc import Sequence


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def sentence_variants(
    sentences: Sequence[str], rng: random.Random, substitution: float, variants: int
) -> list[str]:
    """``variants`` versions of each sentence, ``substitution`` of its Chinese characters
    swapped for others of the sentences', so that unrelated essays share few bigrams."""
    alphabet = sorted({char for sentence in sentences for char in sentence if is_han(char)})
    return [
        "".join(
            rng.choice(alphabet) if is_han(char) and rng.random() < substitution else char
            for char in sentence
        )
        for sentence in sentences
        for _ in range(variants)
    ]


def text_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [list(map(str, header)), *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
