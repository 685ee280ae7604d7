"""The decision's checks on their own: checklist issues of evaluation records and the French problems."""

from __future__ import annotations

from typing import Any

from evaluation.domain.workflow import Outcome
from evaluation.services.decision_checks import (
    blocking_failures,
    checklist_issues,
    decision_problems,
    to_acknowledge,
)
from tests.support.proposals import small_proposal


def _record(option: str, *items: tuple[str, str, bool]) -> dict[str, Any]:
    return {"proposal": "petit", "option": option,
            "checklist": [{"id": rule, "status": status, "blocking": blocking} for rule, status, blocking in items]}


RECORDS = [
    _record("Sans IA", ("R1", "pass", False)),
    _record("Avec IA", ("R2", "warn", False), ("R3", "fail", True), ("R4", "fail", False)),
]


def test_issues_put_blocking_failures_first_and_split_what_to_acknowledge() -> None:
    issues = checklist_issues(RECORDS, option="Avec IA")

    assert [(issue.rule, issue.status, issue.blocking) for issue in issues] == [
        ("R3", "fail", True), ("R4", "fail", False), ("R2", "warn", False)]
    assert blocking_failures(issues) == ["R3"]
    assert to_acknowledge(issues) == ["R2", "R4"]
    assert checklist_issues(RECORDS, option="Sans IA") == []


def test_an_approval_of_an_option_breaking_a_blocking_rule_is_refused() -> None:
    problems = decision_problems(small_proposal("petit"), outcome=Outcome.APPROUVE, motivation="Motivation assez longue",
                                 records=RECORDS, acknowledged=["R2"], chosen_option="Avec IA")

    assert set(problems) == {"outcome", "acknowledged"}
    assert "R3" in problems["outcome"] and "R4" in problems["acknowledged"]


def test_a_rejection_needs_only_a_motivation_and_one_record_per_option() -> None:
    proposal = small_proposal("petit")

    assert decision_problems(proposal, outcome=Outcome.REJETE, motivation="Trop coûteux pour la collectivité",
                             records=RECORDS, acknowledged=[], chosen_option=None) == {}
    problems = decision_problems(proposal, outcome=Outcome.REJETE, motivation="court", records=RECORDS[:1],
                                 acknowledged=[], chosen_option=None)
    assert set(problems) == {"records", "motivation"}
