"""What the review and decision forms show next to their fields before calling the workflow service."""

from __future__ import annotations

from evaluation.domain.workflow import Opinion
from ui.workflow_inputs import OpinionInput, blocking_rules, checklist_items, opinion_problems

RECORDS = [
    {"proposal": "p", "option": "Sans IA", "checklist": [
        {"id": "NR-02", "status": "warn", "blocking": False, "message": "objectif à indiquer", "source": "REEN"}]},
    {"proposal": "p", "option": "API", "checklist": [
        {"id": "NR-02", "status": "warn", "blocking": False, "message": "objectif à indiquer", "source": "REEN"},
        {"id": "AIA-3", "status": "fail", "blocking": False, "message": "information manquante", "source": "AI Act"},
        {"id": "ALG-4", "status": "fail", "blocking": True, "message": "décision automatisée", "source": "CRPA"},
        {"id": "RG-1", "status": "pass", "blocking": True, "message": "", "source": ""}]},
]


def test_an_options_items_are_its_failures_and_warnings_blocking_first_with_their_texts() -> None:
    items = checklist_items(RECORDS, "API")
    assert [(item.rule, item.status, item.blocking) for item in items] == [
        ("ALG-4", "fail", True), ("AIA-3", "fail", False), ("NR-02", "warn", False)]
    assert (items[0].message, items[0].source) == ("décision automatisée", "CRPA")
    assert blocking_rules(items) == ["ALG-4"]
    assert [item.rule for item in checklist_items(RECORDS, "Sans IA")] == ["NR-02"]
    assert checklist_items(RECORDS, None) == []


def test_reserved_and_unfavourable_opinions_need_a_comment_and_every_option_an_opinion() -> None:
    problems = opinion_problems([
        OpinionInput("A", Opinion.FAVORABLE, ""),
        OpinionInput("B", Opinion.FAVORABLE_SOUS_RESERVE, "  "),
        OpinionInput("C", Opinion.DEFAVORABLE, "Hébergement hors UE."),
        OpinionInput("D", None, "un commentaire sans avis"),
    ])
    assert problems == {"B": "un commentaire est obligatoire pour un avis réservé ou défavorable",
                        "D": "choisissez un avis pour cette option"}
    assert OpinionInput("C", Opinion.DEFAVORABLE, "Hors UE.").review().opinion is Opinion.DEFAVORABLE
