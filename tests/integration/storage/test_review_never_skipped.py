"""The DSI's review can never be skipped, on SQLite and PostgreSQL: every path that writes a proposal's
content, against every status, either changes a draft (or the options in review), reopens a decided
proposal as a new draft linked to it, or is refused with a French message; and an opinion only counts for
the option content it was given on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evaluation.cli import main
from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import Opinion, Outcome, Status
from evaluation.exchange.errors import InvalidFileError
from evaluation.exchange.files import dump_proposals
from evaluation.services.permissions import InvalidTransition
from evaluation.services.workflow import DecisionRefused, ReviewIncomplete, Workflow
from evaluation.storage import ReadOnlyProposal, Repository, ReviewInput
from evaluation.storage.stored import ReviewInProgress
from tests.support.proposals import small_proposal
from tests.support.workflow import ADMIN, DSI, ELU, PORTEUR, drive, records_for

ID = "dossier"
ORDER = list(Status)


def _changed(title: str = "Petit dossier") -> Proposal:
    """The proposal with a third option and more users on the AI one, as a replacing file would bring it."""
    data = small_proposal(ID, title=title).model_dump(mode="json", exclude_unset=True)
    data["options"][1]["usage"] = {"users": 400}
    data["options"].append({"name": "Règles métier", "kind": "rules"})
    return Proposal.model_validate(data)


def _cli_import(workflow: Workflow, database_url: str, tmp_path: Path) -> int:
    """`python -m evaluation import --remplacer`, in this process; exit 2 (refused) raised as InvalidFileError."""
    path = tmp_path / "dossiers.yaml"
    path.write_bytes(dump_proposals([_changed("Remplacé en ligne de commande")], "yaml"))
    status = main(["import", str(path), "--remplacer", "--base", database_url, "--auteur", "admin"])
    if status == 2:
        raise InvalidFileError([])
    assert status == 0
    return status


def _save(workflow: Workflow) -> int:
    return workflow.repository.save_proposal(_changed("Enregistré"), actor=PORTEUR.login,
                                             expected_version=workflow.repository.get_proposal(ID).version)


def _technical(workflow: Workflow) -> Any:
    stored = workflow.repository.get_proposal(ID)
    options = [o.model_copy(update={"zone": "DEU"}) if o.zone else o for o in stored.proposal.options]
    return workflow.edit_technical(stored.proposal.model_copy(update={"options": options}), user=DSI,
                                   expected_version=stored.version)


# Every path that writes a proposal's content: name -> call(workflow, database url, tmp path).
PATHS: dict[str, Callable[[Workflow, str, Path], Any]] = {
    "repository_save": lambda w, url, tmp: _save(w),
    "repository_import": lambda w, url, tmp: w.repository.import_proposals([_changed("Remplacé")], actor="admin",
                                                                           replace=True),
    "service_import_admin": lambda w, url, tmp: w.import_proposals([_changed("Remplacé")], user=ADMIN,
                                                                   replace=True),
    "service_import_porteur": lambda w, url, tmp: w.import_proposals([_changed("Remplacé")], user=PORTEUR,
                                                                     replace=True),
    "cli_import": _cli_import,
    "save_draft": lambda w, url, tmp: w.save_draft(_changed("Modifié"), user=PORTEUR,
                                                   expected_version=w.repository.get_proposal(ID).version),
    "edit_technical": lambda w, url, tmp: _technical(w),
    "new_version": lambda w, url, tmp: w.new_version(ID, user=PORTEUR),
}
# What each path does at each status: "in_place" (content changed, status kept), "new_draft" (a linked
# draft ID-v2, the original untouched) or the error it raises (nothing written).
EXPECTED: dict[str, dict[Status, Any]] = {
    "repository_save": {Status.BROUILLON: "in_place", Status.SOUMIS: ReviewInProgress,
                        Status.EN_REVUE: "in_place", Status.AVIS_RENDU: ReviewInProgress,
                        Status.DECIDE: ReadOnlyProposal},
    **{name: {Status.BROUILLON: "in_place", Status.SOUMIS: InvalidFileError, Status.EN_REVUE: InvalidFileError,
              Status.AVIS_RENDU: InvalidFileError, Status.DECIDE: "new_draft"}
       for name in ("repository_import", "service_import_admin", "service_import_porteur", "cli_import")},
    "save_draft": {status: "in_place" if status is Status.BROUILLON else InvalidTransition for status in Status},
    "edit_technical": {status: "in_place" if status is Status.EN_REVUE else InvalidTransition for status in Status},
    "new_version": {status: "new_draft" if status is Status.DECIDE else InvalidTransition for status in Status},
}
CASES = [(name, status) for name in PATHS for status in Status]


def _at(workflow: Workflow, status: Status) -> None:
    """The proposal at `status`, with the DSI's opinions from avis rendu on and a decision at décidé."""
    workflow.create_draft(small_proposal(ID), user=PORTEUR)
    drive(workflow, ID, min(status, Status.EN_REVUE, key=ORDER.index))
    if ORDER.index(status) >= ORDER.index(Status.AVIS_RENDU):
        workflow.give_opinions(ID, [ReviewInput(option="Sans IA", opinion=Opinion.FAVORABLE),
                                    ReviewInput(option="Avec IA", opinion=Opinion.DEFAVORABLE, comment="Trop cher.")],
                               user=DSI)
    if status is Status.DECIDE:
        workflow.decide(ID, user=ELU, outcome=Outcome.APPROUVE, motivation="L'option sans IA suffit.",
                        records=records_for(workflow.repository.get_proposal(ID).proposal),
                        settings={"rules": "rules"}, chosen_option="Sans IA")


@pytest.mark.parametrize(("path", "status"), CASES, ids=[f"{p}-{s.value}" for p, s in CASES])
def test_every_write_path_keeps_the_review(repository: Repository, database_url: str, tmp_path: Path, path: str,
                                           status: Status) -> None:
    workflow = Workflow(repository)
    _at(workflow, status)
    before = repository.get_proposal(ID)
    reviews_before = repository.current_reviews(ID)
    expected = EXPECTED[path][status]

    if isinstance(expected, type):
        with pytest.raises(expected) as refused:
            PATHS[path](workflow, database_url, tmp_path)
        if isinstance(refused.value, InvalidFileError):
            # The command line prints the same French list on standard error (checked in its own test).
            assert path == "cli_import" or "contournerait" in refused.value.errors[0].message
        elif isinstance(refused.value, ReviewInProgress):
            assert "contournerait" in str(refused.value) and "Rien n'a été enregistré" in str(refused.value)
        else:
            assert "Impossible de" in str(refused.value) or "lecture seule" in str(refused.value)
        assert repository.get_proposal(ID) == before  # nothing written
        assert not repository.exists(f"{ID}-v2")
    elif expected == "in_place":
        PATHS[path](workflow, database_url, tmp_path)
        after = repository.get_proposal(ID)
        assert after.status is status and after.version > before.version
        assert after.proposal != before.proposal
    else:
        PATHS[path](workflow, database_url, tmp_path)
        assert repository.get_proposal(ID) == before  # the decided proposal is untouched
        draft = repository.get_proposal(f"{ID}-v2")
        assert (draft.status, draft.parent_id, draft.version) == (Status.BROUILLON, ID, 1)
        assert repository.reviews(f"{ID}-v2") == [] and repository.decisions(f"{ID}-v2") == []
        assert repository.current_reviews(ID) == reviews_before  # the decision's opinions stay with it

    # Whatever happened: a proposal with the DSI's opinion or decided has a current opinion on every option,
    # and no opinion is carried to an option it was not given on.
    for summary in repository.list_proposals():
        stored = repository.get_proposal(summary.id)
        current = {review.option for review in repository.current_reviews(summary.id)}
        assert current <= {option.name for option in stored.proposal.options}
        if stored.status in (Status.AVIS_RENDU, Status.DECIDE):
            assert current == {option.name for option in stored.proposal.options}, summary.id


def test_an_opinion_is_not_carried_to_an_option_changed_in_review(repository: Repository) -> None:
    workflow = Workflow(repository)
    _at(workflow, Status.EN_REVUE)
    workflow.give_opinion(ID, user=DSI, option="Sans IA", opinion=Opinion.FAVORABLE)
    workflow.give_opinion(ID, user=DSI, option="Avec IA", opinion=Opinion.FAVORABLE)

    _technical(workflow)  # the AI option moves to another zone after its opinion

    assert [r.option for r in repository.current_reviews(ID)] == ["Sans IA"]
    assert [r.option for r in repository.reviews(ID)] == ["Sans IA", "Avec IA"]  # kept in the history
    with pytest.raises(ReviewIncomplete, match="Avec IA"):
        workflow.finish_review(ID, user=DSI)
    workflow.give_opinions(ID, [ReviewInput(option="Avec IA", opinion=Opinion.FAVORABLE_SOUS_RESERVE,
                                            comment="Hébergement hors de France à justifier.")], user=DSI)
    assert repository.get_proposal(ID).status is Status.AVIS_RENDU
    assert [r.option for r in repository.current_reviews(ID)] == ["Sans IA", "Avec IA"]


def test_a_decision_needs_a_current_opinion_on_every_option(repository: Repository) -> None:
    workflow = Workflow(repository)
    _at(workflow, Status.EN_REVUE)
    workflow.give_opinion(ID, user=DSI, option="Sans IA", opinion=Opinion.FAVORABLE)
    repository.set_status(ID, Status.AVIS_RENDU, actor="script")  # a path around the service's check

    with pytest.raises(DecisionRefused) as refused:
        workflow.decide(ID, user=ELU, outcome=Outcome.REJETE, motivation="Rejeté faute d'avis.",
                        records=records_for(repository.get_proposal(ID).proposal), settings={"rules": "rules"})
    assert "« Avec IA »" in refused.value.problems["reviews"]
    assert repository.get_proposal(ID).status is Status.AVIS_RENDU


def test_a_file_replacing_a_decided_proposal_twice_gets_the_next_free_version_id(repository: Repository) -> None:
    workflow = Workflow(repository)
    _at(workflow, Status.DECIDE)

    first = workflow.import_proposals([_changed("Un")], user=ADMIN, replace=True)
    second = workflow.import_proposals([_changed("Deux")], user=ADMIN, replace=True)

    assert (first.new_versions, second.new_versions) == ({ID: f"{ID}-v2"}, {ID: f"{ID}-v3"})
    assert [repository.get_proposal(f"{ID}-v{n}").proposal.title for n in (2, 3)] == ["Un", "Deux"]
    events = repository.audit_events(f"{ID}-v3")
    assert [(e.action, e.after["parent_id"]) for e in events] == [("import_new_version", ID)]
