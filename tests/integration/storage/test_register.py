"""The public register on SQLite and PostgreSQL: entries from approved proposals only, drafted -> reviewed ->
published -> updated (revisions) -> withdrawn, each step audited; permissions; and what is public."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from evaluation.domain.register import PUBLIC_KEYS, RegisterStatus
from evaluation.domain.workflow import EntityType, Outcome, Status
from evaluation.services.permissions import InvalidTransition, PermissionDenied
from evaluation.services.register import Register, RegisterIncomplete, public_register
from evaluation.services.workflow import Workflow
from evaluation.storage import AlreadyExists, EditConflict, Repository
from tests.support.register import approve, complete, published
from tests.support.workflow import ADMIN, DSI, ELU, PORTEUR, records_for


@pytest.fixture
def register(repository: Repository) -> Register:
    return Register(repository)


def test_an_entry_is_made_from_the_retained_option_with_the_approved_figures(register: Register) -> None:
    approve(Workflow(register.repository), "courriers", title="Assistant courriers")

    entry = register.create_from_decision("courriers", user=DSI)

    assert entry.status is RegisterStatus.BROUILLON and entry.version == 1 and entry.public_revision is None
    assert entry.option_name == "Avec IA"
    assert entry.content.title == "Assistant courriers"
    figures = entry.figures
    assert figures.models == ["mistralai/mistral-small-latest"] and figures.hosting_zone == "FRA"
    # records_for gives the second option 10-12 kg: the range is kept, not collapsed
    assert (figures.annual_gwp_kgco2eq_min, figures.annual_gwp_kgco2eq_max) == (10.0, 12.0)
    assert [candidate.proposal.id for candidate in register.candidates(user=DSI)] == []


@pytest.mark.parametrize("status", [Status.BROUILLON, Status.SOUMIS, Status.EN_REVUE, Status.AVIS_RENDU])
def test_an_undecided_proposal_makes_no_entry(register: Register, status: Status) -> None:
    from tests.support.proposals import small_proposal
    from tests.support.workflow import drive

    workflow = Workflow(register.repository)
    workflow.create_draft(small_proposal("pas-decide"), user=PORTEUR)
    drive(workflow, "pas-decide", status)

    with pytest.raises(InvalidTransition, match="n'est pas approuvé"):
        register.create_from_decision("pas-decide", user=DSI)
    assert register.repository.register_entries() == []


@pytest.mark.parametrize("outcome", [Outcome.REJETE, Outcome.AJOURNE])
def test_a_rejected_or_postponed_proposal_makes_no_entry(register: Register, outcome: Outcome) -> None:
    approve(Workflow(register.repository), "refuse", outcome=outcome)

    with pytest.raises(InvalidTransition, match="seul un dossier approuvé"):
        register.create_from_decision("refuse", user=DSI)
    assert register.candidates(user=DSI) == []


def test_one_entry_per_proposal(register: Register) -> None:
    approve(Workflow(register.repository), "unique")
    assert [c.proposal.id for c in register.candidates(user=ADMIN)] == ["unique"]
    register.create_from_decision("unique", user=DSI)

    with pytest.raises(AlreadyExists, match="déjà une entrée"):
        register.create_from_decision("unique", user=ADMIN)


@pytest.mark.parametrize("person", [PORTEUR, ELU])
def test_only_the_dsi_and_administrators_manage_the_register(register: Register, person: object) -> None:
    approve(Workflow(register.repository), "droits")
    with pytest.raises(PermissionDenied, match="gérer le registre"):
        register.create_from_decision("droits", user=person)  # type: ignore[arg-type]
    entry = register.create_from_decision("droits", user=DSI)
    for call in (lambda: register.entries(user=person),  # type: ignore[arg-type]
                 lambda: register.save(entry.id, complete("x"), user=person, expected_version=1),  # type: ignore[arg-type]
                 lambda: register.review(entry.id, user=person),  # type: ignore[arg-type]
                 lambda: register.publish(entry.id, user=person),  # type: ignore[arg-type]
                 lambda: register.withdraw(entry.id, user=person, reason="test")):  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied):
            call()
    assert register.repository.register_entry(entry.id).version == 1


def test_review_needs_every_field_and_a_second_person(register: Register) -> None:
    approve(Workflow(register.repository), "relecture")
    entry = register.create_from_decision("relecture", user=DSI)

    with pytest.raises(RegisterIncomplete) as refused:
        register.review(entry.id, user=ADMIN)
    assert {"legal_basis", "data_sources", "human_oversight", "how_to_contest", "contact"} <= set(
        refused.value.problems)
    assert "Base juridique" in refused.value.problems["legal_basis"]

    entry = register.save(entry.id, complete("Relecture"), user=DSI, expected_version=entry.version)
    with pytest.raises(InvalidTransition, match="autre personne"):
        register.review(entry.id, user=DSI)
    with pytest.raises(InvalidTransition, match="doit être « Relue »"):
        register.publish(entry.id, user=ADMIN)
    assert register.review(entry.id, user=ADMIN).status is RegisterStatus.RELUE


def test_the_whole_path_is_in_the_audit_trail_and_updates_are_revisions(register: Register) -> None:
    entry = published(register, "parcours", title="Parcours")
    assert entry.status is RegisterStatus.PUBLIEE and entry.public_revision == 1

    # an update: the first publication stays public while the change is written and reviewed
    changed = register.save(entry.id, complete("Parcours", purpose="Nouvelle finalité."), user=DSI,
                            expected_version=entry.version)
    assert changed.status is RegisterStatus.BROUILLON and changed.public_revision == 1
    assert public_register(register.repository)[0]["purpose"] != "Nouvelle finalité."
    register.review(entry.id, user=ADMIN)
    again = register.publish(entry.id, user=ADMIN)
    assert again.public_revision == 2
    public = public_register(register.repository)
    assert [(d["purpose"], d["revision"], d["status"]) for d in public] == [("Nouvelle finalité.", 2, "mise_a_jour")]
    assert public[0]["first_published"] == public[0]["last_updated"] == dt.datetime.now(dt.UTC).date().isoformat()
    assert [p.revision for p in register.repository.register_publications(entry.id)] == [1, 2]

    withdrawn = register.withdraw(entry.id, user=DSI, reason="Outil arrêté.")
    assert withdrawn.status is RegisterStatus.RETIREE and withdrawn.public_revision is None
    assert public_register(register.repository) == []
    with pytest.raises(InvalidTransition, match="retirée"):
        register.save(entry.id, complete("Parcours"), user=DSI, expected_version=withdrawn.version)

    events = register.repository.audit_events(entity_type=EntityType.REGISTER_ENTRY)
    assert [(e.action, e.actor) for e in events] == [
        ("create", "dsi.martin"), ("update", "dsi.martin"), ("review", "admin"), ("publish", "admin"),
        ("update", "dsi.martin"), ("review", "admin"), ("publish", "admin"), ("withdraw", "dsi.martin")]
    assert all(e.proposal_id == "parcours" for e in events)
    assert events[4].before["purpose"] != "Nouvelle finalité." and events[4].after["purpose"] == "Nouvelle finalité."
    assert events[6].after == {"status": "publiee", "revision": 2}
    assert events[7].after == {"status": "retiree", "reason": "Outil arrêté."}


def test_a_stale_save_is_refused_and_kept(register: Register) -> None:
    approve(Workflow(register.repository), "conflit")
    entry = register.create_from_decision("conflit", user=DSI)
    register.save(entry.id, complete("Premier"), user=DSI, expected_version=1)

    with pytest.raises(EditConflict, match="L'entrée du registre « conflit » a été modifiée par dsi.martin"):
        register.save(entry.id, complete("Second"), user=ADMIN, expected_version=1)
    assert register.repository.register_entry(entry.id).content.title == "Premier"
    kept = register.repository.list_conflicts(entry.id, entity_type=EntityType.REGISTER_ENTRY)
    assert kept[0].content["title"] == "Second"


def test_the_public_register_holds_published_documents_only(register: Register) -> None:
    """Every status but publiée, and every path (draft after publication, withdrawal, rejected proposal)."""
    workflow = Workflow(register.repository)
    published(register, "public", title="Public")
    # a draft never published, one reviewed, one withdrawn after publication, a rejected proposal
    approve(workflow, "brouillon", title="SECRET-BROUILLON")
    register.create_from_decision("brouillon", user=DSI)
    approve(workflow, "relue", title="SECRET-RELUE")
    relue = register.create_from_decision("relue", user=DSI)
    register.save(relue.id, complete("SECRET-RELUE"), user=DSI, expected_version=relue.version)
    register.review(relue.id, user=ADMIN)
    retiree = published(register, "retiree", title="SECRET-RETIREE")
    register.withdraw(retiree.id, user=ADMIN, reason="Arrêt.")
    approve(workflow, "rejete", title="SECRET-REJETE", outcome=Outcome.REJETE)
    # a change to the public entry not yet published
    public_entry = register.repository.register_entry("public")
    register.save("public", complete("Public", purpose="SECRET-MODIFICATION"), user=DSI,
                  expected_version=public_entry.version)

    documents = public_register(register.repository)
    assert [d["id"] for d in documents] == ["public"]
    assert list(documents[0]) == list(PUBLIC_KEYS)
    everything = repr(documents)
    assert "SECRET" not in everything
    # nobody's login reaches it: only the declared contact
    for login in ("dsi.martin", "admin", "porteur.a", "elu.durand"):
        assert f"'{login}'" not in everything
    assert register.repository.count_published_register_entries() == 1


def test_count_published_register_entries_by_year(register: Register, repository: Repository) -> None:
    published(register, "compte-a", title="A")
    published(register, "compte-b", title="B")
    this_year = dt.datetime.now(dt.UTC).year

    assert repository.count_published_register_entries() == 2
    assert repository.count_published_register_entries(this_year) == 2
    assert repository.count_published_register_entries(this_year - 1) == 0
    register.withdraw("compte-b", user=DSI, reason="Arrêt.")
    assert repository.count_published_register_entries(this_year) == 1


def test_the_audit_trail_stays_append_only_after_the_migration(register: Register) -> None:
    published(register, "trace", title="Trace")
    with pytest.raises(Exception, match="append-only"), register.repository.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE entity_type = 'register_entry'"))


def test_an_entry_the_decision_records_do_not_cover_keeps_empty_figures(register: Register) -> None:
    """A decision's frozen records without footprint nor finance: figures say so (None), never 0."""
    from tests.support.proposals import small_proposal
    from tests.support.workflow import drive

    workflow = Workflow(register.repository)
    workflow.create_draft(small_proposal("sans-chiffres"), user=PORTEUR)
    drive(workflow, "sans-chiffres", Status.AVIS_RENDU)
    proposal = register.repository.get_proposal("sans-chiffres").proposal
    records = [{k: v for k, v in r.items() if k not in ("footprint", "finance")} for r in records_for(proposal)]
    workflow.decide("sans-chiffres", user=ELU, outcome=Outcome.APPROUVE, motivation="Motivation détaillée ici.",
                    records=records, settings={"rules": "rules"}, chosen_option="Avec IA")

    figures = register.create_from_decision("sans-chiffres", user=DSI).figures
    assert figures.annual_gwp_kgco2eq_min is None and figures.annual_cost_eur is None


def test_the_demo_publishes_the_first_approved_proposal_and_drafts_the_next(register: Register) -> None:
    from evaluation.cli.demo_register import demo_register

    workflow = Workflow(register.repository)
    approve(workflow, "demo-a", title="Démo A")
    approve(workflow, "demo-b", title="Démo B")
    approve(workflow, "demo-rejete", title="Démo rejetée", outcome=Outcome.REJETE)

    made = demo_register(register.repository, {"dsi": DSI, "admin": ADMIN})  # type: ignore[dict-item]

    assert made == {"publiees": 1, "brouillons": 1}
    assert [d["id"] for d in public_register(register.repository)] == ["demo-a"]
    assert {e.id: e.status for e in register.repository.register_entries()} == {
        "demo-a": RegisterStatus.PUBLIEE, "demo-b": RegisterStatus.BROUILLON}


def test_with_three_approved_proposals_the_demo_publishes_two_and_drafts_one(register: Register) -> None:
    from evaluation.cli.demo_register import demo_register

    workflow = Workflow(register.repository)
    for name in ("demo-a", "demo-b", "demo-c"):
        approve(workflow, name, title=name)

    assert demo_register(register.repository, {"dsi": DSI, "admin": ADMIN}) == {  # type: ignore[dict-item]
        "publiees": 2, "brouillons": 1}
    assert register.repository.count_published_register_entries() == 2


def test_no_agent_reaches_the_public_document_but_the_declared_contact(register: Register) -> None:
    """The proposal's sponsor, the DSI's opinion comments, the decision's motivation and every login stay
    inside; the contact the DSI declared is the only address published."""
    from evaluation.domain.proposal import Proposal
    from evaluation.storage import ReviewInput
    from tests.support.proposals import small_proposal
    from tests.support.workflow import drive

    workflow = Workflow(register.repository)
    data = small_proposal("agents").model_dump(mode="json") | {"sponsor": "Jeanne SECRET-PORTEUSE",
                                                               "target_users": "Agents du service"}
    workflow.create_draft(Proposal.model_validate(data), user=PORTEUR)
    drive(workflow, "agents", Status.EN_REVUE)
    workflow.give_opinions("agents", [ReviewInput(option=name, opinion="favorable_sous_reserve",
                                                  comment="SECRET-AVIS de Marc Martin")
                                      for name in ("Sans IA", "Avec IA")], user=DSI)
    proposal = register.repository.get_proposal("agents").proposal
    workflow.decide("agents", user=ELU, outcome=Outcome.APPROUVE, motivation="SECRET-MOTIVATION de l'élue",
                    records=records_for(proposal), settings={"rules": "rules"}, chosen_option="Avec IA")
    entry = register.create_from_decision("agents", user=DSI)
    register.save(entry.id, complete("Agents", people_affected="Agents du service"), user=DSI,
                  expected_version=entry.version)
    register.review(entry.id, user=ADMIN)
    register.publish(entry.id, user=ADMIN)

    [document] = public_register(register.repository)
    everything = repr(document)
    assert "SECRET" not in everything and "Jeanne" not in everything and "Marc Martin" not in everything
    assert document["contact"] == "numerique@ville.example"
    assert not {"created_by", "updated_by", "published_by", "sponsor", "motivation"} & set(document)
