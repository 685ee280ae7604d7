"""The bilan's charts as PNG images (Pillow, DejaVu fonts), for the documents and the page.

A range chart draws each item's minimum as a solid bar and the rest up to its maximum as a lighter bar,
so that a min-max range is never shown as one number.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from evaluation.bilan.model import Range
from evaluation.bilan.text import fr_number, fr_span

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SCALE = 2  # drawn at twice the size, for print
WIDTH = 900
INK = (33, 37, 41)
MUTED = (108, 117, 125)
SOLID = (0, 98, 122)  # the dashboard's teal
LIGHT = (153, 199, 209)
GRID = (222, 226, 230)


class MissingFontError(RuntimeError):
    """The DejaVu fonts are not installed (Debian package fonts-dejavu-core)."""


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if not path.is_file():
        raise MissingFontError(f"police DejaVu absente : {path} (paquet fonts-dejavu-core)")
    return ImageFont.truetype(str(path), size * SCALE)


def _shorten(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


NOTE = "Unité : {unit} — barre foncée : minimum ; claire : jusqu'au maximum"
EMPTY = "Aucune donnée pour l'année"


def range_bars(title: str, items: Sequence[tuple[str, Range]], unit: str, *, note: str = NOTE,
               empty: str = EMPTY) -> bytes:
    """Horizontal bars, one per item (label, min-max range); unknown ranges are written, not drawn."""
    row, top, label_width, value_width = 34, 70, 300, 190
    height = top + row * max(1, len(items)) + 40
    image = Image.new("RGB", (WIDTH * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    title_font, font, small = _font(16, bold=True), _font(12), _font(11)
    draw.text((16 * SCALE, 14 * SCALE), title, fill=INK, font=title_font)
    draw.text((16 * SCALE, 40 * SCALE), note.format(unit=unit), fill=MUTED, font=small)
    x0, x1 = (label_width + 24) * SCALE, (WIDTH - value_width) * SCALE
    peak = max((r.max for _, r in items if r.max is not None), default=0.0) or 1.0
    for index, (label, value) in enumerate(items):
        y = (top + index * row) * SCALE
        draw.text((16 * SCALE, y + 6 * SCALE), _shorten(draw, label, font, label_width * SCALE), fill=INK, font=font)
        draw.line([(x0, y + row * SCALE - SCALE), (x1, y + row * SCALE - SCALE)], fill=GRID, width=SCALE)
        if value.min is not None and value.max is not None:
            low = x0 + int((x1 - x0) * max(0.0, value.min) / peak)
            high = x0 + int((x1 - x0) * max(0.0, value.max) / peak)
            bar_top, bar_bottom = y + 6 * SCALE, y + (row - 8) * SCALE
            if high > low:
                draw.rectangle([(low, bar_top), (max(high, low + SCALE), bar_bottom)], fill=LIGHT)
            draw.rectangle([(x0, bar_top), (max(low, x0 + SCALE), bar_bottom)], fill=SOLID)
        draw.text((x1 + 10 * SCALE, y + 6 * SCALE), fr_span(value), fill=INK, font=font)
    if not items:
        draw.text((x0, top * SCALE), empty, fill=MUTED, font=font)
    return _png(image)


def count_bars(title: str, items: Sequence[tuple[str, int]], *, empty: str = EMPTY) -> bytes:
    """Vertical bars of counts (decisions by outcome, proposals of the year)."""
    height, top, bottom = 320, 60, 60
    image = Image.new("RGB", (WIDTH * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    title_font, font = _font(16, bold=True), _font(12)
    draw.text((16 * SCALE, 14 * SCALE), title, fill=INK, font=title_font)
    peak = max((count for _, count in items), default=0) or 1
    slot = (WIDTH - 60) // max(1, len(items))
    base = (height - bottom) * SCALE
    for index, (label, count) in enumerate(items):
        left = (40 + index * slot + slot // 4) * SCALE
        right = (40 + index * slot + 3 * slot // 4) * SCALE
        bar = int((height - top - bottom - 20) * SCALE * count / peak)
        draw.rectangle([(left, base - max(bar, SCALE)), (right, base)], fill=SOLID if count else GRID)
        text = fr_number(count, 12)
        draw.text(((left + right) // 2 - draw.textlength(text, font=font) // 2, base - bar - 20 * SCALE), text,
                  fill=INK, font=font)
        name = _shorten(draw, label, font, slot * SCALE - 8 * SCALE)
        draw.text((40 * SCALE + index * slot * SCALE + (slot * SCALE - draw.textlength(name, font=font)) // 2,
                   base + 10 * SCALE), name, fill=INK, font=font)
    draw.line([(30 * SCALE, base), ((WIDTH - 20) * SCALE, base)], fill=MUTED, width=SCALE)
    if not any(count for _, count in items):
        draw.text((40 * SCALE, (top + 10) * SCALE), empty, fill=MUTED, font=font)
    return _png(image)
