"""The page layout of Jauge's PDF files (fpdf2): fonts, text, headings, tables and range bars drawn by fpdf2.

No Streamlit, no browser, no network: fonts are Debian's DejaVu (fonts-dejavu-core), which cover
French accents and the narrow no-break space used by ui.formatting. fpdf2 writes text as text (no
markup is interpreted), so what people typed appears literally. A character DejaVu lacks (Chinese, Japanese
or Korean ideographs, emoji) is never dropped silently: it is shown as U+FFFD and counted (`replaced`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evaluation.table.read import is_missing
from ui.theme import SERIES_COLOURS, hex_to_rgb

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FAMILY = "DejaVu"
REPLACEMENT = "\ufffd"
"""What a PDF shows for a character its fonts lack (the exact text stays in the dashboard and the exports)."""
PAGE_MARGIN_MM = 14


class MissingFontError(RuntimeError):
    """The DejaVu fonts are not installed (Debian package fonts-dejavu-core)."""


def _fonts_available() -> None:
    missing = [name for name in FONTS.values() if not (FONT_DIR / name).is_file()]
    if missing:
        raise MissingFontError(f"polices DejaVu absentes de {FONT_DIR} : {', '.join(missing)} (paquet fonts-dejavu-core)")


class PdfLayout:
    """Layout helpers over an FPDF document."""

    def __init__(self, *, lang: str, footer: str, created: dt.datetime | None = None) -> None:
        from fpdf import FPDF

        _fonts_available()
        footer_text = footer

        class _Document(FPDF):
            replaced = 0  # characters no font of the PDF has, each shown as REPLACEMENT

            def normalize_text(self, text: str) -> str:
                """Every character the font lacks (CJK ideographs, emoji...) becomes a visible REPLACEMENT
                mark, counted for a note: fpdf2 would drop it silently."""
                cmap = getattr(self.current_font, "cmap", None)
                missing = [char for char in set(text) if cmap and ord(char) not in cmap and char not in "\n\r\t"]
                if missing:
                    self.replaced += sum(text.count(char) for char in missing)
                    for char in missing:
                        text = text.replace(char, REPLACEMENT)
                return str(super().normalize_text(text))

            def footer(self) -> None:
                self.set_y(-10)
                self.set_font(FAMILY, "", 7)
                self.set_text_color(110, 110, 110)
                self.cell(0, 4, f"{footer_text} — {self.page_no()}/{{nb}}", align="C")

        self.lang = lang
        self.pdf = _Document(orientation="P", unit="mm", format="A4")
        for style, name in FONTS.items():
            self.pdf.add_font(FAMILY, style, str(FONT_DIR / name))
        self.pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
        self.pdf.set_auto_page_break(auto=True, margin=14)
        self.pdf.alias_nb_pages()
        self.pdf.add_page()
        self.pdf.set_title("Jauge")
        self.pdf.set_creator("Jauge")
        if created is not None:  # a fixed date: the same inputs give the same bytes
            self.pdf.set_creation_date(created)

    @property
    def width(self) -> float:
        return float(self.pdf.w - 2 * PAGE_MARGIN_MM)

    def text(self, text: str, *, size: float = 9, style: str = "", colour: tuple[int, int, int] = (30, 30, 30),
             height: float = 4.6) -> None:
        self.pdf.set_font(FAMILY, style, size)
        self.pdf.set_text_color(*colour)
        self.pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="L")

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self.text(text, size=11, style="B", colour=(0, 60, 110), height=6)
        y = self.pdf.get_y()
        self.pdf.set_draw_color(*hex_to_rgb(SERIES_COLOURS[0]))
        self.pdf.set_line_width(0.3)
        self.pdf.line(PAGE_MARGIN_MM, y, PAGE_MARGIN_MM + self.width, y)
        self.pdf.ln(1.5)

    def ensure_space(self, height: float) -> None:
        if self.pdf.get_y() + height > self.pdf.h - 16:
            self.pdf.add_page()

    def table(self, rows: Sequence[Sequence[str]], widths: Sequence[float], *, size: float = 7.5) -> None:
        from fpdf.fonts import FontFace

        self.pdf.set_font(FAMILY, "", size)
        self.pdf.set_text_color(30, 30, 30)
        self.pdf.set_fill_color(255, 255, 255)
        self.pdf.set_draw_color(200, 200, 200)
        self.pdf.set_line_width(0.1)
        headings = FontFace(emphasis="BOLD", fill_color=(235, 241, 247))
        with self.pdf.table(col_widths=widths, width=self.width, line_height=3.8, text_align="LEFT",
                            headings_style=headings, padding=0.8) as table:
            for row in rows:
                cells = table.row()
                for value in row:
                    cells.cell(value)
        self.pdf.ln(1.5)

    def range_bars(self, title: str, labels: Sequence[str], low: Sequence[float], high: Sequence[float], *,
                   formatter: Any, unit_note: str, colours: Sequence[str]) -> None:
        """Horizontal bars at the middle of each range, with a whisker from min to max; handles negatives."""
        pdf = self.pdf
        row_h, label_w, value_w = 6.0, 62.0, 38.0
        height = 9 + row_h * len(labels) + 6
        self.ensure_space(height)
        self.text(title, size=8.5, style="B")
        top = pdf.get_y() + 1
        left = PAGE_MARGIN_MM + label_w
        plot_w = self.width - label_w - value_w
        finite = [v for v in (*low, *high) if not is_missing(v)]
        lo_axis = min(0.0, *finite) if finite else 0.0
        hi_axis = max(0.0, *finite) if finite else 1.0
        span = (hi_axis - lo_axis) or 1.0

        def x_of(value: float) -> float:
            return left + (value - lo_axis) / span * plot_w

        zero = x_of(0.0)
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.2)
        pdf.line(zero, top, zero, top + row_h * len(labels))
        for i, name in enumerate(labels):
            y = top + i * row_h
            pdf.set_font(FAMILY, "", 7)
            pdf.set_text_color(40, 40, 40)
            pdf.set_xy(PAGE_MARGIN_MM, y + 1)
            pdf.cell(label_w - 2, 4, _clip(pdf, name, label_w - 2), align="R")
            a, b = low[i], high[i]
            if is_missing(a) or is_missing(b):
                pdf.set_xy(left, y + 1)
                pdf.cell(plot_w, 4, "—")
                continue
            mid = (float(a) + float(b)) / 2
            x0, x1 = sorted((zero, x_of(mid)))
            pdf.set_fill_color(*hex_to_rgb(colours[i % len(colours)]))
            pdf.rect(x0, y + 1.2, max(x1 - x0, 0.4), row_h - 2.4, style="F")
            if not math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.0):
                pdf.set_draw_color(30, 30, 30)
                pdf.set_line_width(0.3)
                ya = y + row_h / 2
                pdf.line(x_of(float(a)), ya, x_of(float(b)), ya)
                pdf.line(x_of(float(a)), ya - 1.2, x_of(float(a)), ya + 1.2)
                pdf.line(x_of(float(b)), ya - 1.2, x_of(float(b)), ya + 1.2)
            pdf.set_xy(left + plot_w + 2, y + 1)
            pdf.cell(value_w - 2, 4, formatter(float(a), float(b)))
        pdf.set_y(top + row_h * len(labels) + 1)
        self.text(unit_note, size=6.5, colour=(110, 110, 110), height=3.4)


def _clip(pdf: Any, text: str, width: float) -> str:
    """The text, shortened with an ellipsis to fit `width` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"
