"""The draft délibération as a Word document (python-docx), editable in any office suite. python-docx
escapes the text it is given: what people typed appears literally."""

from __future__ import annotations

import io

from ui.reports.deliberation import Deliberation


def deliberation_docx(document: Deliberation) -> bytes:
    from docx import Document
    from docx.shared import Pt

    docx = Document()
    docx.core_properties.title = document.title
    docx.core_properties.language = "fr-FR"
    normal = docx.styles["Normal"]
    normal.font.size = Pt(11)
    for block in document.blocks:
        if block.kind == "title":
            docx.add_heading(block.text, level=0)
        elif block.kind == "heading":
            docx.add_heading(block.text, level=1)
        elif block.kind == "item":
            docx.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "subtitle":
            docx.add_paragraph().add_run(block.text).italic = True
        else:
            docx.add_paragraph(block.text)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
