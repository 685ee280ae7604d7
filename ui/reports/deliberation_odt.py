"""The draft délibération as an OpenDocument text (odfpy), editable in LibreOffice or any office suite.
odfpy escapes the text it is given: what people typed appears literally."""

from __future__ import annotations

import io

from ui.reports.deliberation import Deliberation


def deliberation_odt(document: Deliberation) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, List, ListItem, P

    odt = OpenDocumentText()
    styles = {
        "title": Style(name="JaugeTitle", family="paragraph"),
        "subtitle": Style(name="JaugeSubtitle", family="paragraph"),
        "heading": Style(name="JaugeHeading", family="paragraph"),
        "paragraph": Style(name="JaugeBody", family="paragraph"),
    }
    styles["title"].addElement(TextProperties(fontsize="16pt", fontweight="bold"))
    styles["title"].addElement(ParagraphProperties(marginbottom="0.2cm"))
    styles["subtitle"].addElement(TextProperties(fontsize="10pt", fontstyle="italic", color="#555555"))
    styles["subtitle"].addElement(ParagraphProperties(marginbottom="0.4cm"))
    styles["heading"].addElement(TextProperties(fontsize="12pt", fontweight="bold"))
    styles["heading"].addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
    styles["paragraph"].addElement(TextProperties(fontsize="11pt"))
    styles["paragraph"].addElement(ParagraphProperties(marginbottom="0.2cm", textalign="justify"))
    for style in styles.values():
        odt.styles.addElement(style)
    odt.meta.addElement(_title_element(document.title))
    items: List | None = None
    for block in document.blocks:
        if block.kind == "item":
            if items is None:
                items = List()
                odt.text.addElement(items)
            entry = ListItem()
            entry.addElement(P(stylename=styles["paragraph"], text=block.text))
            items.addElement(entry)
            continue
        items = None
        if block.kind == "heading":
            odt.text.addElement(H(outlinelevel=1, stylename=styles["heading"], text=block.text))
        else:
            odt.text.addElement(P(stylename=styles.get(block.kind, styles["paragraph"]), text=block.text))
    out = io.BytesIO()
    odt.write(out)
    return out.getvalue()


def _title_element(title: str) -> object:
    from odf.dc import Title

    return Title(text=title)
