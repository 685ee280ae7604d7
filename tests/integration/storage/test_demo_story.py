"""`python -m evaluation demo` tells the whole story on SQLite and PostgreSQL: proposals at every step,
decisions of each kind with the DSI's opinions, conditions (one met, one past due), and the shipped
template imports into it without an id collision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from evaluation.cli import main
from evaluation.cli.demo import DEMO_DECISIONS
from evaluation.domain.workflow import Outcome, Status
from evaluation.resources import DATA_DIR
from evaluation.storage import Repository, open_repository
from tests.support.workflow import cheap_hasher


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("evaluation.services.accounts.default_hasher", cheap_hasher)


@pytest.fixture
def demo(database_url: str, capsys: pytest.CaptureFixture[str]) -> Iterator[Repository]:
    assert main(["demo", "--base", database_url]) == 0
    assert "Démonstration prête : 19 dossiers importés" in capsys.readouterr().out
    repo = open_repository(database_url)
    try:
        yield repo
    finally:
        repo.close()


def test_the_demo_holds_proposals_at_every_step_and_each_kind_of_decision(demo: Repository) -> None:
    summaries = demo.list_proposals()
    assert {s.status for s in summaries} == set(Status)
    decided = {s.id: s.outcome for s in summaries if s.status is Status.DECIDE}
    assert decided == {pid: decision.outcome for pid, decision in DEMO_DECISIONS.items()}
    assert {Outcome.APPROUVE, Outcome.APPROUVE_SOUS_CONDITIONS, Outcome.REJETE} <= set(decided.values())
    for proposal_id in decided:
        stored = demo.get_proposal(proposal_id)
        opinions = {review.option for review in demo.current_reviews(proposal_id)}
        assert opinions == {option.name for option in stored.proposal.options}, proposal_id
        decision = demo.latest_decision(proposal_id)
        assert decision is not None and decision.author == "elu" and len(decision.motivation) > 10
        assert decision.evaluation["options"], proposal_id  # the evaluation it was taken on, frozen
        if decision.outcome in (Outcome.APPROUVE, Outcome.APPROUVE_SOUS_CONDITIONS):
            assert decision.chosen_option == DEMO_DECISIONS[proposal_id].option


def test_the_conditional_approval_has_conditions_one_met_and_one_past_due(demo: Repository) -> None:
    (proposal_id,) = [pid for pid, d in DEMO_DECISIONS.items() if d.outcome is Outcome.APPROUVE_SOUS_CONDITIONS]
    conditions = demo.conditions_of(proposal_id)
    today = dt.date.today()

    assert len(conditions) == 3
    assert [(c.met_by, bool(c.met_comment)) for c in conditions if c.met] == [("dsi", True)]
    late = demo.past_due_conditions(today)
    assert [c.proposal_id for c in late] == [proposal_id]
    assert all(c.owner and c.text for c in conditions)


def test_the_template_imports_into_the_demo_without_collision(demo: Repository, database_url: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = demo.count_proposals()
    template = DATA_DIR / "templates" / "dossiers-exemple.yaml"

    assert main(["import", str(template), "--base", database_url, "--auteur", "porteur"]) == 0

    assert "1 dossier(s) créé(s)" in capsys.readouterr().out
    assert demo.count_proposals() == before + 1


def test_the_dsi_correction_in_review_is_traced_field_by_field(demo: Repository) -> None:
    from evaluation.cli.demo import DEMO_TECHNICAL_EDITS

    (proposal_id,) = DEMO_TECHNICAL_EDITS
    edit = [e for e in demo.audit_events(proposal_id) if e.action == "update"]
    assert len(edit) == 1 and edit[0].actor == "dsi"
    assert {(c.field.split(".", 1)[1], c.after) for c in edit[0].changes} == {
        ("usage.users", 6), ("usage.requests_per_user_per_day", 6)}
