"""Proposals in the repository: round trip, listing, status, edit conflicts, audit events."""

from __future__ import annotations

import datetime as dt

import pytest

from evaluation.domain.workflow import EntityType, Status
from evaluation.storage import EditConflict, NotFound, ReadOnlyProposal, Repository
from tests.support.proposals import full_proposal, sample_portfolio, small_proposal


def test_full_proposal_round_trips_with_every_kind_of_option(repository: Repository) -> None:
    proposal = full_proposal()
    assert repository.save_proposal(proposal, actor="porteur.a", expected_version=None) == 1

    stored = repository.get_proposal(proposal.id)

    assert stored.proposal == proposal
    assert stored.proposal.model_dump() == proposal.model_dump()
    assert {option.kind.value for option in stored.proposal.options} == {
        "non_ai", "genai_api", "genai_self_hosted", "ml", "vision", "rules"}
    assert (stored.status, stored.version, stored.outcome, stored.parent_id) == (Status.BROUILLON, 1, None, None)
    assert stored.created_by == stored.updated_by == "porteur.a"
    assert stored.created_at.tzinfo is not None
    assert abs(stored.created_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_sample_portfolio_round_trips(repository: Repository) -> None:
    proposals = sample_portfolio()
    repository.import_proposals(proposals, actor="admin")

    loaded = repository.load_proposals()

    assert loaded == sorted(proposals, key=lambda p: p.id)


def test_options_are_stored_in_order_in_the_document(repository: Repository) -> None:
    proposal = full_proposal()
    repository.save_proposal(proposal, actor="a", expected_version=None)

    document = repository.portfolio_source().documents[0]

    assert [(o["name"], o["kind"], o.get("provider"), o.get("model"), o.get("zone")) for o in document["options"]] == [
        (o.name, o.kind.value, o.provider, o.model, o.zone) for o in proposal.options]


def test_update_replaces_content_and_options_and_increments_version(repository: Repository) -> None:
    proposal = full_proposal()
    repository.save_proposal(proposal, actor="a", expected_version=None)
    changed = proposal.model_copy(update={"title": "Nouveau titre", "options": proposal.options[:2]})

    assert repository.save_proposal(changed, actor="b", expected_version=1) == 2

    stored = repository.get_proposal(proposal.id)
    assert stored.proposal.title == "Nouveau titre"
    assert len(stored.proposal.options) == 2
    assert (stored.version, stored.created_by, stored.updated_by) == (2, "a", "b")
    assert [o["name"] for o in repository.portfolio_source().documents[0]["options"]] == [
        o.name for o in proposal.options[:2]]
    assert repository.list_proposals()[0].title == "Nouveau titre"


def test_stale_save_is_refused_and_its_content_kept_apart(repository: Repository) -> None:
    original = full_proposal()
    repository.save_proposal(original, actor="porteur.a", expected_version=None)
    first = original.model_copy(update={"title": "Version de la DSI"})
    repository.save_proposal(first, actor="dsi.martin", expected_version=1)
    stale = original.model_copy(update={"title": "Version du porteur"})

    with pytest.raises(EditConflict) as caught:
        repository.save_proposal(stale, actor="porteur.a", expected_version=1)

    conflict = caught.value
    assert (conflict.proposal_id, conflict.expected_version, conflict.stored_version) == (original.id, 1, 2)
    assert conflict.saved_by == "dsi.martin"
    message = str(conflict)
    assert "dsi.martin" in message and "version 2" in message and "conservées" in message
    stored = repository.get_proposal(original.id)
    assert (stored.version, stored.proposal.title) == (2, "Version de la DSI")
    kept = repository.list_conflicts(original.id)
    assert len(kept) == 1
    assert kept[0].id == conflict.conflict_id
    assert kept[0].proposal() == stale
    assert (kept[0].actor, kept[0].expected_version, kept[0].stored_version) == ("porteur.a", 1, 2)


def test_creating_an_id_already_stored_is_an_edit_conflict(repository: Repository) -> None:
    repository.save_proposal(small_proposal("doublon"), actor="a", expected_version=None)

    with pytest.raises(EditConflict, match="existe déjà"):
        repository.save_proposal(small_proposal("doublon", title="Autre"), actor="b", expected_version=None)

    assert repository.get_proposal("doublon").proposal.title == "Petit dossier"
    assert repository.list_conflicts("doublon")[0].content["title"] == "Autre"


def test_updating_an_unknown_proposal_raises_not_found(repository: Repository) -> None:
    with pytest.raises(NotFound, match="introuvable"):
        repository.save_proposal(small_proposal("absent"), actor="a", expected_version=3)
    with pytest.raises(NotFound):
        repository.get_proposal("absent")


def test_each_change_leaves_exactly_one_audit_event_with_before_and_after(repository: Repository) -> None:
    proposal = small_proposal("audite")
    repository.save_proposal(proposal, actor="a", expected_version=None)
    repository.save_proposal(proposal.model_copy(update={"title": "Titre 2"}), actor="b", expected_version=1)
    repository.set_status("audite", Status.SOUMIS, actor="a", expected_version=2)

    events = repository.audit_events("audite")

    assert [(e.action, e.actor, e.entity_type) for e in events] == [
        ("create", "a", EntityType.PROPOSAL), ("update", "b", EntityType.PROPOSAL),
        ("status", "a", EntityType.PROPOSAL)]
    create, update, status = events
    assert create.before is None and create.after["content"]["title"] == "Petit dossier"
    assert update.before["content"]["title"] == "Petit dossier" and update.after["content"]["title"] == "Titre 2"
    assert (update.before["version"], update.after["version"]) == (1, 2)
    assert status.before == {"status": "brouillon", "version": 2}
    assert status.after == {"status": "soumis", "version": 3}
    assert all(e.proposal_id == "audite" for e in events)


def test_a_refused_save_leaves_no_audit_event(repository: Repository) -> None:
    proposal = small_proposal("audite")
    repository.save_proposal(proposal, actor="a", expected_version=None)
    repository.save_proposal(proposal, actor="a", expected_version=1)

    with pytest.raises(EditConflict):
        repository.save_proposal(proposal, actor="b", expected_version=1)

    assert [e.action for e in repository.audit_events("audite")] == ["create", "update"]


def test_set_status_with_a_stale_version_is_refused(repository: Repository) -> None:
    repository.save_proposal(small_proposal("statut"), actor="a", expected_version=None)
    repository.set_status("statut", Status.SOUMIS, actor="a")

    with pytest.raises(EditConflict):
        repository.set_status("statut", Status.EN_REVUE, actor="b", expected_version=1)

    assert repository.get_proposal("statut").status is Status.SOUMIS


def test_list_proposals_filters_and_counts_options(repository: Repository) -> None:
    repository.import_proposals([
        small_proposal("budget-ia", title="Analyse budgétaire", direction="Finances", category="finances"),
        small_proposal("paie-ia", title="Contrôle de la paie", direction="Ressources humaines", category="rh"),
        full_proposal("courrier-ia"),
    ], actor="a")
    repository.set_status("paie-ia", Status.SOUMIS, actor="a")

    assert {s.id for s in repository.list_proposals()} == {"budget-ia", "paie-ia", "courrier-ia"}
    assert [s.id for s in repository.list_proposals(statuses=[Status.SOUMIS])] == ["paie-ia"]
    assert [s.id for s in repository.list_proposals(directions=["Finances"])] == ["budget-ia"]
    assert [s.id for s in repository.list_proposals(categories=["relation_usagers"])] == ["courrier-ia"]
    assert [s.id for s in repository.list_proposals(search="PAIE")] == ["paie-ia"]
    assert repository.list_proposals(search="100%_") == []
    assert repository.list_proposals(created_by="personne") == []
    assert repository.list_proposals()[0].id == "paie-ia"  # most recently changed first


def test_load_proposals_by_ids_ignores_unknown_ids(repository: Repository) -> None:
    repository.import_proposals([small_proposal("b"), small_proposal("a"), small_proposal("c")], actor="x")

    assert [p.id for p in repository.load_proposals(["c", "a", "zz"])] == ["a", "c"]
    assert [p.id for p in repository.load_proposals()] == ["a", "b", "c"]


def test_a_decided_proposal_is_read_only(repository: Repository) -> None:
    repository.save_proposal(small_proposal("decide"), actor="a", expected_version=None)
    repository.set_status("decide", Status.DECIDE, actor="elu")

    with pytest.raises(ReadOnlyProposal, match="lecture seule"):
        repository.save_proposal(small_proposal("decide", title="Changé"), actor="a", expected_version=2)
    with pytest.raises(ReadOnlyProposal):
        repository.set_status("decide", Status.BROUILLON, actor="a")
    assert repository.get_proposal("decide").proposal.title == "Petit dossier"


def test_copy_as_draft_links_the_new_version_to_its_parent(repository: Repository) -> None:
    repository.save_proposal(full_proposal("origine"), actor="a", expected_version=None)
    repository.set_status("origine", Status.DECIDE, actor="elu")

    copy = repository.copy_as_draft("origine", new_id="origine-v2", actor="a")

    assert (copy.proposal.id, copy.parent_id, copy.status, copy.version) == (
        "origine-v2", "origine", Status.BROUILLON, 1)
    assert copy.proposal.options == full_proposal("origine").options
    assert [e.action for e in repository.audit_events("origine-v2")] == ["new_version"]
