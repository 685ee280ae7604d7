"""The decision file of a decided proposal, read from storage (SQLite and PostgreSQL): names for logins, the
option retained, conditions, the DSI's last opinion per option, the points acknowledged with their texts."""

from __future__ import annotations

import datetime as dt

from evaluation.domain.workflow import Opinion, Outcome
from evaluation.services.decision_file import decision_file
from evaluation.storage import Repository
from tests.support.decided import API_COMMENT, CONDITIONS, MOTIVATION, PROPOSAL_ID, RETAINED, decide, named_people


def test_an_undecided_proposal_has_no_decision_file(repository: Repository) -> None:
    from tests.support.decided import to_decision

    named_people(repository)
    to_decision(repository)
    assert decision_file(repository, PROPOSAL_ID) is None


def test_the_decision_file_says_what_who_which_option_and_under_which_conditions(repository: Repository) -> None:
    named_people(repository)
    decision = decide(repository)
    file = decision_file(repository, PROPOSAL_ID)
    assert file is not None
    assert file.outcome is Outcome.APPROUVE_SOUS_CONDITIONS and file.approved
    assert file.decided_by == "Claire Durand"  # the name, not the login elu.durand
    assert file.retained == RETAINED and file.retained_record is not None
    assert file.decision.motivation == MOTIVATION.strip()
    assert [(c.text, c.owner, c.due_date, c.met) for c in file.conditions] == [
        (c.text, c.owner, c.due_date, False) for c in CONDITIONS]
    by_option = {line.option: line for line in file.opinions}
    assert set(by_option) == {option.name for option in file.proposal.options}
    assert by_option[RETAINED].opinion is Opinion.FAVORABLE_SOUS_RESERVE
    assert by_option[RETAINED].comment == API_COMMENT and by_option[RETAINED].author == "Inès Roux"
    assert [issue.rule for issue in file.acknowledged] == decision.acknowledged and "RG-9.7" in decision.acknowledged
    rg97 = next(issue for issue in file.acknowledged if issue.rule == "RG-9.7")
    assert rg97.status == "warn" and "RGESN" in rg97.source and rg97.message
    assert {"jauge", "ecologits", "matrix", "rules"} <= set(file.versions)


def test_a_condition_met_shows_when_and_by_whom(repository: Repository) -> None:
    named_people(repository)
    decide(repository)
    first = repository.conditions_of(PROPOSAL_ID)[0]
    repository.mark_condition_met(first.id, comment="Mesure faite : 11 min par courrier.", actor="dsi.martin")
    file = decision_file(repository, PROPOSAL_ID)
    assert file is not None
    met = file.conditions[0]
    assert met.met and met.met_by == "Inès Roux" and met.met_comment == "Mesure faite : 11 min par courrier."
    assert isinstance(met.met_at, dt.datetime)
    assert not file.conditions[1].met


def test_a_rejection_retains_no_option_and_acknowledges_nothing(repository: Repository) -> None:
    named_people(repository)
    decide(repository, outcome=Outcome.REJETE)
    file = decision_file(repository, PROPOSAL_ID)
    assert file is not None
    assert file.retained is None and file.retained_record is None
    assert file.acknowledged == [] and file.conditions == []
    assert len(file.opinions) == 3
