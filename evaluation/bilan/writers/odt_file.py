"""The bilan as an editable OpenDocument text (odfpy): named heading styles, bordered tables with a header
row, charts embedded as pictures."""

from __future__ import annotations

import io
from collections.abc import Sequence

from odf.draw import Frame, Image
from odf.opendocument import OpenDocumentText
from odf.style import (
    GraphicProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, P
from PIL import Image as PilImage

from evaluation.bilan.outline import Block, Heading, Paragraph, Picture, Table, xml_text

FONT = "DejaVu Sans"
PICTURE_WIDTH_CM = 16.5
TABLE_WIDTH_CM = 17.0


class _Styles:
    """The document's styles, declared once."""

    def __init__(self, document: OpenDocumentText) -> None:
        self.document = document
        layout = PageLayout(name="A4")
        layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", margin="2cm",
                                               printorientation="portrait"))
        document.automaticstyles.addElement(layout)
        document.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))
        self.body = self._paragraph(document, "Bilan Texte", "10pt", space="0.2cm")
        self.note = self._paragraph(document, "Bilan Note", "8.5pt", color="#6c757d", space="0.15cm")
        self.caption = self._paragraph(document, "Bilan Légende", "8.5pt", color="#6c757d", italic=True,
                                       space="0.35cm")
        self.cell_text = self._paragraph(document, "Bilan Cellule", "8.5pt", space="0cm")
        self.head_text = self._paragraph(document, "Bilan En-tête", "8.5pt", bold=True, space="0cm")
        self.headings = [self._paragraph(document, name, size, bold=True, color="#00627a", space="0.3cm",
                                         family_style=True)
                         for name, size in (("Title", "18pt"), ("Heading 1", "14pt"), ("Heading 2", "12pt"))]
        self.table = Style(name="Bilan Tableau", family="table")
        self.table.addElement(TableProperties(width="17cm", align="center"))
        document.automaticstyles.addElement(self.table)
        self.cell = self._cell(document, "Bilan Case", None)
        self.head_cell = self._cell(document, "Bilan Case En-tête", "#dde9ec")
        self.frame = Style(name="Bilan Image", family="graphic")
        self.frame.addElement(GraphicProperties(anchortype="paragraph", wrap="none", horizontalpos="center",
                                                horizontalrel="paragraph"))
        document.automaticstyles.addElement(self.frame)

    @staticmethod
    def _paragraph(document: OpenDocumentText, name: str, size: str, *, bold: bool = False, italic: bool = False,
                   color: str = "#212529", space: str = "0.2cm", family_style: bool = False) -> Style:
        style = Style(name=name, family="paragraph")
        style.addElement(ParagraphProperties(marginbottom=space, margintop="0.1cm" if family_style else "0cm"))
        style.addElement(TextProperties(fontfamily=FONT, fontsize=size, color=color,
                                        fontweight="bold" if bold else "normal",
                                        fontstyle="italic" if italic else "normal"))
        document.styles.addElement(style)
        return style

    @staticmethod
    def _cell(document: OpenDocumentText, name: str, background: str | None) -> Style:
        style = Style(name=name, family="table-cell")
        properties = {"border": "0.5pt solid #9aa5ad", "padding": "0.08cm"}
        if background:
            properties["backgroundcolor"] = background
        style.addElement(TableCellProperties(**properties))
        document.automaticstyles.addElement(style)
        return style


def odt_bytes(blocks: Sequence[Block]) -> bytes:
    document = OpenDocumentText()
    styles = _Styles(document)
    tables = pictures = 0
    for block in blocks:
        if isinstance(block, Heading):
            level = min(block.level, 2)
            document.text.addElement(H(outlinelevel=max(1, level), stylename=styles.headings[level], text=xml_text(block.text)))
        elif isinstance(block, Paragraph):
            document.text.addElement(P(stylename=styles.note if block.note else styles.body, text=xml_text(block.text)))
        elif isinstance(block, Table):
            tables += 1
            document.text.addElement(_table(block, f"Tableau{tables}", styles))
            document.text.addElement(P(stylename=styles.caption, text=xml_text(block.caption)))  # also keeps tables apart
        elif isinstance(block, Picture):
            pictures += 1
            width, height = PilImage.open(io.BytesIO(block.png)).size
            href = document.addPicture(f"Pictures/graphique{pictures}.png", "image/png", block.png)
            frame = Frame(stylename=styles.frame, name=f"Graphique{pictures}", anchortype="paragraph",
                          width=f"{PICTURE_WIDTH_CM}cm", height=f"{PICTURE_WIDTH_CM * height / width:.2f}cm")
            frame.addElement(Image(href=href))
            holder = P(stylename=styles.body)
            holder.addElement(frame)
            document.text.addElement(holder)
            document.text.addElement(P(stylename=styles.caption, text=xml_text(block.caption)))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _table(block: Table, name: str, styles: _Styles) -> OdfTable:
    table = OdfTable(name=name, stylename=styles.table)
    widths = block.widths or (1.0,) * len(block.headers)
    total = sum(widths)
    for index, weight in enumerate(widths):
        column = Style(name=f"{name}.C{index}", family="table-column")
        column.addElement(TableColumnProperties(columnwidth=f"{TABLE_WIDTH_CM * weight / total:.2f}cm"))
        styles.document.automaticstyles.addElement(column)
        table.addElement(TableColumn(stylename=column))
    header = TableHeaderRows()
    header.addElement(_row(block.headers, styles.head_cell, styles.head_text))
    table.addElement(header)
    for values in block.rows:
        table.addElement(_row(values, styles.cell, styles.cell_text))
    return table


def _row(values: Sequence[str], cell_style: Style, text_style: Style) -> TableRow:
    row = TableRow()
    for value in values:
        cell = TableCell(stylename=cell_style, valuetype="string")
        cell.addElement(P(stylename=text_style, text=xml_text(value)))
        row.addElement(cell)
    return row
