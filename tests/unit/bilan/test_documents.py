"""The bilan's files from hand-made figures: the JSON has the issue's shape, the XLSX holds the numbers, the
DOCX and ODT open with their libraries and hold the formatted figures, the PDF is a PDF with its pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from odf import teletype
from odf.opendocument import load
from odf.table import TableCell
from openpyxl import load_workbook

from evaluation.bilan.as_json import bilan_json
from evaluation.bilan.build import document_bytes
from evaluation.bilan.compute import compute_bilan
from evaluation.bilan.model import CRITERIA, Bilan
from evaluation.bilan.text import fr_span
from tests.support.bilan import hand_source


@pytest.fixture(scope="module")
def bilan() -> Bilan:
    return compute_bilan(hand_source(), 2026)


def test_the_json_has_the_shape_the_issue_fixes(bilan: Bilan) -> None:
    data = bilan_json(bilan)
    assert data["year"] == 2026
    for project in data["projects"]:
        assert {"id", "title", "status", "decision", "in_service_days", "basis", "annual"} <= set(project)
        assert project["basis"] in ("actual", "estimated")
        assert set(project["annual"]) == set(CRITERIA)
        assert all(set(value) == {"min", "max"} for value in project["annual"].values())
    assert set(data["totals"]) == set(CRITERIA)
    for key in ("by_objective", "by_direction", "by_category"):
        assert all({"key", "projects", "annual"} <= set(group) for group in data[key])
    assert data["compliance"]["register_published"] is None


def test_the_xlsx_holds_the_totals_as_numbers(bilan: Bilan) -> None:
    workbook = load_workbook(io.BytesIO(document_bytes(bilan, "xlsx")))
    rows = list(workbook["Totaux"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[2]) for row in rows] == [
        (pytest.approx(bilan.totals[c].min, rel=1e-12), pytest.approx(bilan.totals[c].max, rel=1e-12)) for c in CRITERIA]
    projects = list(workbook["Projets"].iter_rows(min_row=2, values_only=True))
    assert sorted(row[0] for row in projects) == ["alpha", "beta", "gamma"]


def test_the_docx_and_odt_hold_the_formatted_figures(bilan: Bilan) -> None:
    expected = {fr_span(bilan.totals[c]) for c in CRITERIA} | {fr_span(line.annual["gwp_kgco2eq"])
                                                               for line in bilan.projects if line.annual["gwp_kgco2eq"].known}
    docx = Document(io.BytesIO(document_bytes(bilan, "docx")))
    docx_cells = {cell.text for table in docx.tables for row in table.rows for cell in row.cells}
    assert expected <= docx_cells
    assert len(docx.inline_shapes) == 4  # decisions, projects, objectives, comparison with 2025
    odt = load(io.BytesIO(document_bytes(bilan, "odt")))
    odt_cells = {teletype.extractText(cell) for cell in odt.getElementsByType(TableCell)}
    assert expected <= odt_cells
    assert len(odt.Pictures) == 4


def test_the_pdf_is_a_pdf(bilan: Bilan) -> None:
    pdf = document_bytes(bilan, "pdf")
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page") >= 2


def test_typed_text_stays_text_in_every_file() -> None:
    from evaluation.bilan.model import BilanSource, ServicePeriod
    from tests.support.bilan import decision, record, utc

    title = "=HYPERLINK(\"http://x\")<b>gras</b>\x0bfin"
    hostile = decision("hostile", [record("IA", "genai_api", low=1, high=2)], "IA", at=utc(2026, 2, 1),
                       objective="<script>alert(1)</script>")
    data = hostile.evaluation
    data["proposal"]["title"] = title
    bilan = compute_bilan(BilanSource(decisions=[hostile], status_events=[], lifecycle_available=True,
                                      service={("hostile", "IA"): [ServicePeriod(dt.date(2026, 3, 1))]}), 2026)
    sheet = load_workbook(io.BytesIO(document_bytes(bilan, "xlsx")))["Projets"]
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == (title.replace("\x0b", ""), "s")  # a string, never a formula
    docx = Document(io.BytesIO(document_bytes(bilan, "docx")))
    cells = {c.text for table in docx.tables for row in table.rows for c in row.cells}
    assert "=HYPERLINK(\"http://x\")<b>gras</b>fin" in cells  # the control character dropped, the rest literal
    odt = load(io.BytesIO(document_bytes(bilan, "odt")))
    assert "<script>alert(1)</script>" in {teletype.extractText(c) for c in odt.getElementsByType(TableCell)}
    assert document_bytes(bilan, "pdf").startswith(b"%PDF-")
