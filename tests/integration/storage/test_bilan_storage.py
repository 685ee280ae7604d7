"""The bilan from a real database (SQLite and PostgreSQL): decisions taken through the workflow with their
real evaluation, options put in service and actual usage imported; `python -m evaluation bilan` writes the
JSON of the issue's shape, and DOCX and ODT files that open with their libraries and hold the figures."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from odf import teletype
from odf.opendocument import load
from odf.table import TableCell
from odf.text import H, P

from evaluation.bilan.model import CRITERIA, Range
from evaluation.bilan.text import fr_span
from evaluation.cli import main
from evaluation.domain.actuals import ActualSource, ServiceStatus
from evaluation.domain.settings import Settings
from evaluation.storage import ConditionInput, Repository
from tests.support.actuals import API_OPTION, approve, openai_proposal
from tests.support.bilan import build_year, month
from tests.support.proposals import full_proposal

YEAR = dt.date.today().year


@pytest.fixture
def year_of_projects(repository: Repository, settings: Settings) -> Repository:
    build_year(repository, settings, YEAR)
    return repository


def _bilan_json(database_url: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["bilan", "--year", str(YEAR), "--base", database_url]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_the_json_has_the_issue_shape_and_its_totals_are_the_sums(
        year_of_projects: Repository, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = _bilan_json(database_url, capsys)
    assert data["year"] == YEAR
    projects = data["projects"]
    assert isinstance(projects, list) and len(projects) == 2
    required = {"id", "title", "status", "decision", "in_service_days", "basis", "annual"}
    assert all(required <= set(project) for project in projects)
    by_id = {project["id"]: project for project in projects}
    api, frugal = by_id["courriers-api"], by_id["courriers-sobres"]
    first_march = dt.date(YEAR, 3, 1)
    assert api["in_service_days"] == (dt.date(YEAR + 1, 1, 1) - first_march).days
    assert (api["basis"], api["actual_days"], api["status"]) == ("estimated", 61, "en_service")  # partly measured
    assert (frugal["in_service_days"], frugal["basis"], frugal["status"]) == (120, "estimated", "arrete")
    for criterion in CRITERIA:
        assert set(api["annual"][criterion]) == {"min", "max"}
        for bound in ("min", "max"):
            parts = [p["annual"][criterion][bound] for p in projects if p["annual"][criterion][bound] is not None]
            assert data["totals"][criterion][bound] == pytest.approx(sum(parts))
            for key in ("by_objective", "by_direction", "by_category"):
                groups = data[key]
                assert sum(g["annual"][criterion][bound] for g in groups) == pytest.approx(sum(parts))
    assert data["counts"]["decided"]["approuve"] == 2 and data["counts"]["stopped"] == 1
    avoided = {a["id"]: a for a in data["avoided"]["projects"]}
    assert avoided["courriers-sobres"]["chosen_kind"] == "non_ai"  # non-AI chosen over an AI option
    assert avoided["courriers-api"]["instead_of_kind"] != "non_ai"  # a frugal AI option over a heavier one
    for item in avoided.values():
        assert item["footprint"]["gwp_kgco2eq"]["min"] > 0
    assert data["compliance"]["open_conditions"] == []
    assert data["compliance"]["register_published"] == 0  # the register is held by Jauge: none published


def test_imported_actuals_make_a_fully_measured_option_actual(
        repository: Repository, settings: Settings, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    api = openai_proposal("courriers-mesures")
    approve(repository, api, API_OPTION, settings)
    repository.record_service_change(api.id, API_OPTION, status=ServiceStatus.EN_SERVICE, on=dt.date(YEAR, 3, 1),
                                     actor="dsi.martin")
    repository.record_service_change(api.id, API_OPTION, status=ServiceStatus.SUSPENDU, on=dt.date(YEAR, 5, 1),
                                     reason="Fin de l'expérimentation", actor="dsi.martin")
    repository.import_actual_periods(api.id, API_OPTION, [month(YEAR, 3, 4000, 41.0), month(YEAR, 4, 5000, 52.0)],
                                     source=ActualSource.CSV, file_name="usage.csv", content_sha256="b" * 64,
                                     actor="dsi.martin")
    project = _bilan_json(database_url, capsys)["projects"][0]
    assert (project["in_service_days"], project["actual_days"], project["basis"]) == (61, 61, "actual")
    assert project["status"] == "suspendu"
    # one-off costs from the frozen estimate (put in service this year) + the imported running cost
    assert project["spend_eur"] == pytest.approx(18000.0 + 41.0 + 52.0) and project["spend_basis"] == "actual"
    assert project["estimated_criteria"] == []  # EcoLogits gives every criterion on actual volumes


def test_open_conditions_are_listed(repository: Repository, settings: Settings, database_url: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    from evaluation.domain.workflow import Outcome, Status
    from evaluation.pipeline.evaluate import evaluate_proposals
    from evaluation.services.decision_checks import checklist_issues, to_acknowledge
    from evaluation.services.workflow import Workflow
    from tests.support.workflow import ELU, PORTEUR, drive

    proposal = full_proposal("sous-conditions")
    repository.save_proposal(proposal, actor=PORTEUR.login, expected_version=None)
    workflow = Workflow(repository)
    drive(workflow, proposal.id, Status.AVIS_RENDU)
    records = evaluate_proposals([proposal], settings)
    workflow.decide(proposal.id, user=ELU, outcome=Outcome.APPROUVE_SOUS_CONDITIONS,
                    motivation="Approuvé sous conditions par le comité.", records=records, settings=settings,
                    chosen_option=API_OPTION, acknowledged=to_acknowledge(checklist_issues(records, option=API_OPTION)),
                    conditions=[ConditionInput(text="Réaliser l'AIPD", owner="DPO", due_date=dt.date(YEAR, 1, 15))])
    conditions = _bilan_json(database_url, capsys)["compliance"]["open_conditions"]
    assert conditions == [{"proposal": proposal.id, "text": "Réaliser l'AIPD", "owner": "DPO",
                           "due": f"{YEAR}-01-15", "past_due": True}]


def test_docx_and_odt_open_with_their_libraries_and_hold_the_figures(
        year_of_projects: Repository, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _bilan_json(database_url, capsys)
    total_gwp = fr_span(_range(data["totals"]["gwp_kgco2eq"]))
    api_gwp = fr_span(_range(next(p for p in data["projects"] if p["id"] == "courriers-api")
                             ["annual"]["gwp_kgco2eq"]))
    for fmt in ("docx", "odt"):
        output = tmp_path / f"bilan.{fmt}"
        assert main(["bilan", "--year", str(YEAR), "--base", database_url, "--output", str(output)]) == 0
        if fmt == "docx":
            document = Document(io.BytesIO(output.read_bytes()))
            cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
            text = "\n".join(p.text for p in document.paragraphs)
            headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
            pictures = len(document.inline_shapes)
        else:
            document = load(str(output))
            cells = [teletype.extractText(cell) for cell in document.getElementsByType(TableCell)]
            text = "\n".join(teletype.extractText(p) for p in document.getElementsByType(P))
            headings = [teletype.extractText(h) for h in document.getElementsByType(H)]
            pictures = len([name for name in document.Pictures])
        assert total_gwp in cells and api_gwp in cells, fmt
        assert "Dossier complet : tri et réponse aux courriers" in cells, fmt
        assert "L. 2311-1-1" in text and "2022-1084" in text, fmt
        assert {"Empreinte environnementale", "Choix sobres", "Budget", "Conformité"} <= set(headings), fmt
        assert pictures >= 3, fmt


def _range(value: dict[str, float]) -> Range:
    return Range(value["min"], value["max"])
