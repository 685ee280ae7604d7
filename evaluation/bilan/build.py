"""The bilan's files from a BilanSource: one entry point for the command line and the dashboard."""

from __future__ import annotations

import datetime as dt

from evaluation.bilan.compute import compute_bilan
from evaluation.bilan.model import Bilan, BilanSource
from evaluation.bilan.outline import outline, title


def document_bytes(bilan: Bilan, fmt: str, *, generated: dt.date | None = None) -> bytes:
    """The bilan as xlsx, odt, docx or pdf."""
    if fmt == "xlsx":
        from evaluation.bilan.writers.xlsx_file import xlsx_bytes

        return xlsx_bytes(bilan)
    blocks = outline(bilan, generated=generated)
    if fmt == "odt":
        from evaluation.bilan.writers.odt_file import odt_bytes

        return odt_bytes(blocks)
    if fmt == "docx":
        from evaluation.bilan.writers.docx_file import docx_bytes

        return docx_bytes(blocks)
    if fmt == "pdf":
        from evaluation.bilan.writers.pdf_file import pdf_bytes

        return pdf_bytes(blocks, footer=title(bilan))
    raise ValueError(f"format de bilan inconnu : {fmt}")


def bilan_bytes(source: BilanSource, year: int, fmt: str) -> bytes:
    return document_bytes(compute_bilan(source, year), fmt)
