"""What the review and decision forms check before anything is written."""

from __future__ import annotations

from evaluation.storage import Opinion, Outcome
from ui.form_workflow import (
    ChecklistItem,
    OpinionInput,
    blocking_rules,
    checklist_items,
    decision_problems,
    opinion_problems,
    to_acknowledge,
)


def _items() -> list[ChecklistItem]:
    return checklist_items([
        {"id": "NR-02", "status": "warn", "blocking": False, "message": "à vérifier"},
        {"id": "AIA-3", "status": "fail", "blocking": False, "message": "information manquante"},
        {"id": "ALG-4", "status": "fail", "blocking": True, "message": "décision automatisée"},
        {"id": "RG-1", "status": "pass", "blocking": True, "message": ""},
    ])


def test_checklist_items_keep_failures_and_warnings_blocking_first() -> None:
    assert [(item.rule, item.status) for item in _items()] == [("ALG-4", "fail"), ("AIA-3", "fail"), ("NR-02", "warn")]


def test_an_approval_must_acknowledge_every_failure_and_warning_but_a_blocking_one() -> None:
    items = _items()
    assert blocking_rules(items) == ["ALG-4"]
    assert to_acknowledge(items) == ["AIA-3", "NR-02"]


def test_approval_is_refused_while_a_blocking_rule_fails() -> None:
    problems = decision_problems(outcome=Outcome.APPROUVE, motivation="Motivation suffisante.", items=_items(),
                                 acknowledged=["AIA-3", "NR-02"], chosen_option="API")
    assert "ALG-4" in problems["outcome"]
    assert set(problems) == {"outcome"}


def test_a_rejection_needs_only_a_motivation() -> None:
    assert decision_problems(outcome=Outcome.REJETE, motivation="Besoin couvert sans IA.", items=_items(),
                             acknowledged=[], chosen_option=None) == {}
    problems = decision_problems(outcome=Outcome.REJETE, motivation=" non ", items=[], acknowledged=[],
                                 chosen_option=None)
    assert set(problems) == {"motivation"}


def test_an_approval_lists_the_points_left_unacknowledged() -> None:
    items = [item for item in _items() if not item.blocking]
    problems = decision_problems(outcome=Outcome.APPROUVE_SOUS_CONDITIONS, motivation="Sous conditions de formation.",
                                 items=items, acknowledged=["AIA-3"], chosen_option="API")
    assert set(problems) == {"acknowledged"}
    assert "NR-02" in problems["acknowledged"] and "AIA-3" not in problems["acknowledged"]


def test_a_missing_outcome_is_reported() -> None:
    assert set(decision_problems(outcome=None, motivation="Motivation suffisante.", items=[], acknowledged=[],
                                 chosen_option=None)) == {"outcome"}


def test_reserved_and_unfavourable_opinions_need_a_comment() -> None:
    problems = opinion_problems([
        OpinionInput("A", Opinion.FAVORABLE, ""),
        OpinionInput("B", Opinion.FAVORABLE_SOUS_RESERVE, "  "),
        OpinionInput("C", Opinion.DEFAVORABLE, "Hébergement hors UE."),
        OpinionInput("D", None, "un commentaire sans avis"),
    ])
    assert set(problems) == {"B", "D"}
