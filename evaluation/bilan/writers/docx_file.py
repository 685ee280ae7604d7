"""The bilan as an editable Word document (python-docx): real headings, styled tables, charts as images."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from evaluation.bilan.outline import Block, Heading, Paragraph, Picture, Table, xml_text

TEAL = RGBColor(0x00, 0x62, 0x7A)
GREY = RGBColor(0x6C, 0x75, 0x7D)
TABLE_WIDTH_CM = 17.0


def docx_bytes(blocks: Sequence[Block]) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    for level in range(4):
        style = document.styles["Title" if level == 0 else f"Heading {level}"]
        style.font.name = "DejaVu Sans"
        style.font.color.rgb = TEAL
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(xml_text(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph(xml_text(block.text))
            if block.note:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
                    run.font.color.rgb = GREY
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Picture):
            document.add_picture(io.BytesIO(block.png), width=Cm(16.5))
            document.add_paragraph(xml_text(block.caption), style="Caption")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: DocumentType, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = document.styles["Light Grid Accent 1"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
        cell.text = xml_text(text)
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
            run.font.size = Pt(8.5)
    for values in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = xml_text(text)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8.5)
    if block.widths:
        table.autofit = False
        total = sum(block.widths)
        for column, weight in zip(table.columns, block.widths, strict=True):
            column.width = Cm(TABLE_WIDTH_CM * weight / total)
        for row in table.rows:
            for cell, weight in zip(row.cells, block.widths, strict=True):
                cell.width = Cm(TABLE_WIDTH_CM * weight / total)
    if block.caption:
        document.add_paragraph(xml_text(block.caption), style="Caption")
    else:
        document.add_paragraph()
