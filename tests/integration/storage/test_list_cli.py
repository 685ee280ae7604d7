"""`python -m evaluation list` on SQLite and PostgreSQL: every stored proposal with its status and version,
and the decision of the decided ones (outcome, option, date, motivation), as JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import orjson
import pytest

from evaluation.cli import main
from evaluation.domain.workflow import Outcome, Status
from evaluation.services.workflow import Workflow
from evaluation.storage import ConditionInput, open_repository
from tests.support.proposals import small_proposal
from tests.support.workflow import ELU, PORTEUR, drive, records_for


@pytest.fixture
def stored(database_url: str) -> str:
    repo = open_repository(database_url)
    try:
        workflow = Workflow(repo)
        workflow.create_draft(small_proposal("brouillon-a", title="=HYPERLINK(\"http://x\")"), user=PORTEUR)
        workflow.create_draft(small_proposal("decide-b", title="Tri des courriers"), user=PORTEUR)
        drive(workflow, "decide-b", Status.AVIS_RENDU)
        workflow.decide("decide-b", user=ELU, outcome=Outcome.APPROUVE_SOUS_CONDITIONS,
                        motivation="Utile ; l'AIPD doit être signée d'abord.",
                        records=records_for(repo.get_proposal("decide-b").proposal), settings={"rules": "rules"},
                        chosen_option="Avec IA",
                        conditions=[ConditionInput(text="AIPD signée", owner="DPO", due_date=dt.date(2027, 3, 1))])
    finally:
        repo.close()
    return database_url


def test_list_gives_each_proposal_and_the_decision_as_json(stored: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--base", stored]) == 0

    rows = orjson.loads(capsys.readouterr().out)
    assert [(r["id"], r["status"], r["version"]) for r in rows] == [("brouillon-a", "brouillon", 1),
                                                                     ("decide-b", "decide", 5)]
    assert rows[0]["decision"] is None
    decision = rows[1]["decision"]
    assert (decision["outcome"], decision["option"], decision["by"], decision["motivation"]) == (
        "approuve_sous_conditions", "Avec IA", ELU.login, "Utile ; l'AIPD doit être signée d'abord.")
    assert dt.datetime.fromisoformat(decision["date"]).tzinfo is not None


def test_list_as_csv_keeps_formulas_from_running(stored: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--format", "csv", "--base", stored]) == 0

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["id", "title", "status", "version", "outcome", "option", "decided_at", "decided_by",
                             "motivation"]
    assert rows[0]["title"] == "'=HYPERLINK(\"http://x\")"  # read as text by a spreadsheet
    assert (rows[0]["outcome"], rows[1]["outcome"], rows[1]["option"]) == ("", "approuve_sous_conditions",
                                                                           "Avec IA")


def test_list_of_an_empty_database_says_so(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--base", database_url]) == 0
    captured = capsys.readouterr()
    assert orjson.loads(captured.out) == [] and "Aucun dossier" in captured.err
