"""Essays per month by category, drawn with matplotlib (no display needed)."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display, no GUI toolkit

import matplotlib.pyplot as plt
from matplotlib import font_manager

# Fonts with Chinese glyphs, the first one installed wins (category names are Chinese).
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Source Han Sans SC",
)


def _cjk_font() -> str | None:
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def plot_months(by_month: dict[tuple[str, str], int], path: Path) -> None:
    """A stacked bar a month, a colour a category."""
    months = sorted({month for month, _ in by_month})
    categories = sorted({category for _, category in by_month})
    font = _cjk_font()
    with warnings.catch_warnings():
        # Without a CJK font the names show as boxes: still a readable chart by colour.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure, axes = plt.subplots(figsize=(max(6.0, len(months) * 0.35 + 2), 4.5))
        bottoms = [0] * len(months)
        for category in categories:
            counts = [by_month.get((month, category), 0) for month in months]
            axes.bar(months, counts, bottom=bottoms, label=category)
            bottoms = [bottom + count for bottom, count in zip(bottoms, counts, strict=True)]
        axes.set_xlabel("month (Beijing time)")
        axes.set_ylabel("essays")
        axes.set_title("Essays per month by category")
        axes.tick_params(axis="x", labelrotation=90)
        if categories:
            axes.legend(prop={"family": font or "sans-serif", "size": "small"})
        figure.tight_layout()
        figure.savefig(path, dpi=100)
        plt.close(figure)
