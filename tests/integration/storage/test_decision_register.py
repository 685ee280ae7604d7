"""The decisions register (JSON and CSV) of the Import / export page, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import orjson

from evaluation.domain.workflow import Outcome
from evaluation.storage import Repository
from tests.support.decided import CONDITIONS, MOTIVATION, RETAINED, decide, named_people
from ui.reports.decision_register import decided_files, register_csv, register_json


def test_the_register_holds_every_decision_with_its_conditions_and_opinions(repository: Repository) -> None:
    named_people(repository)
    decide(repository)
    decide(repository, outcome=Outcome.REJETE, proposal_id="chatbot-rh")
    files = decided_files(repository)
    entries = orjson.loads(register_json(files))
    assert [e["proposal"] for e in entries] == ["assistant-courriers", "chatbot-rh"]
    first, second = entries
    assert first["outcome"] == "approuve_sous_conditions" and first["option"] == RETAINED
    assert first["decided_by"] == "Claire Durand" and first["motivation"] == MOTIVATION
    assert [c["text"] for c in first["conditions"]] == [c.text for c in CONDITIONS]
    assert {o["author"] for o in first["opinions"]} == {"Inès Roux"}
    assert "RG-9.7" in [a["rule"] for a in first["acknowledged"]] and "rules" in first["versions"]
    assert second["outcome"] == "rejete" and second["option"] is None and second["conditions"] == []
    rows = list(csv.DictReader(io.StringIO(register_csv(files).decode("utf-8"))))
    assert rows[0]["decided_by"] == "Claire Durand" and CONDITIONS[0].text in rows[0]["conditions"]
    assert "ouverte" in rows[0]["conditions"] and rows[1]["outcome"] == "rejete"


def test_a_motivation_that_looks_like_a_formula_is_quoted_in_the_csv(repository: Repository) -> None:
    named_people(repository)
    from evaluation.services.evaluated import settings_in_force
    from tests.support.decided import real_records, to_decision
    from tests.support.workflow import ELU

    workflow = to_decision(repository)
    workflow.decide("assistant-courriers", user=ELU, outcome=Outcome.AJOURNE, motivation="=HYPERLINK(\"x\") à revoir",
                    records=real_records(repository), settings=settings_in_force(repository))
    rows = list(csv.DictReader(io.StringIO(register_csv(decided_files(repository)).decode("utf-8"))))
    assert rows[0]["motivation"] == "'=HYPERLINK(\"x\") à revoir"
