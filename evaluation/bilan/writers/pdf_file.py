"""The bilan as a PDF (fpdf2), laid out as the fiche's: DejaVu fonts, A4, headings ruled, tables with a
shaded header row, the charts as images, page numbers in the footer."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from evaluation.bilan.outline import Block, Heading, Paragraph, Picture, Table

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FAMILY = "DejaVu"
MARGIN_MM = 14
HEADING = (0, 60, 110)
RULE = (0, 98, 122)


class MissingFontError(RuntimeError):
    """The DejaVu fonts are not installed (Debian package fonts-dejavu-core)."""


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FAMILY, "", 7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 4, f"{self.footer_text} — {self.page_no()}/{{nb}}", align="C")


def pdf_bytes(blocks: Sequence[Block], *, footer: str) -> bytes:
    missing = [name for name in FONTS.values() if not (FONT_DIR / name).is_file()]
    if missing:
        raise MissingFontError(f"polices DejaVu absentes de {FONT_DIR} : {', '.join(missing)} (paquet fonts-dejavu-core)")
    pdf = _Document(orientation="P", unit="mm", format="A4")
    pdf.footer_text = footer
    for style, name in FONTS.items():
        pdf.add_font(FAMILY, style, str(FONT_DIR / name))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_title(footer)
    pdf.set_creator("Jauge")
    width = pdf.w - 2 * MARGIN_MM
    for block in blocks:
        if isinstance(block, Heading):
            _heading(pdf, block, width)
        elif isinstance(block, Paragraph):
            _text(pdf, block.text, size=7.5 if block.note else 9, colour=(110, 110, 110) if block.note else (30, 30, 30))
            pdf.ln(1)
        elif isinstance(block, Table):
            _table(pdf, block, width)
        elif isinstance(block, Picture):
            image_height = width * _ratio(block.png)
            if pdf.get_y() + image_height + 8 > pdf.h - 16:
                pdf.add_page()
            pdf.image(io.BytesIO(block.png), x=MARGIN_MM, w=width)
            _text(pdf, block.caption, size=7.5, style="I", colour=(110, 110, 110))
            pdf.ln(2)
    return bytes(pdf.output())


def _ratio(png: bytes) -> float:
    from PIL import Image

    w, h = Image.open(io.BytesIO(png)).size
    return h / w


def _text(pdf: FPDF, text: str, *, size: float = 9, style: str = "", colour: tuple[int, int, int] = (30, 30, 30),
          height: float = 4.6) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, height * size / 9, text, new_x="LMARGIN", new_y="NEXT", align="L")


def _heading(pdf: FPDF, block: Heading, width: float) -> None:
    if block.level == 0:
        _text(pdf, block.text, size=15, style="B", colour=HEADING, height=7.5)
        pdf.ln(1)
        return
    if pdf.get_y() + 30 > pdf.h - 16:
        pdf.add_page()
    pdf.ln(2)
    _text(pdf, block.text, size=11, style="B", colour=HEADING, height=6)
    y = pdf.get_y()
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN_MM, y, MARGIN_MM + width, y)
    pdf.ln(1.5)


def _table(pdf: FPDF, block: Table, width: float) -> None:
    pdf.set_font(FAMILY, "", 7.5)
    pdf.set_text_color(30, 30, 30)
    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.1)
    lengths = [max(len(row[i]) for row in (block.headers, *block.rows)) for i in range(len(block.headers))]
    widths = list(block.widths) or [min(max(length, 9), 60) for length in lengths]
    with pdf.table(col_widths=widths, width=width, line_height=3.8, text_align="LEFT",
                   headings_style=FontFace(emphasis="BOLD", fill_color=(235, 241, 247)), padding=0.8) as table:
        for values in (block.headers, *block.rows):
            cells = table.row()
            for value in values:
                cells.cell(value)
    if block.caption:
        _text(pdf, block.caption, size=7.5, style="I", colour=(110, 110, 110))
    pdf.ln(2)
