"""Imports (all or nothing), reviews, decisions (frozen evaluation) and the settings document."""

from __future__ import annotations

import pytest

from evaluation.domain.workflow import EntityType, Opinion, Outcome, Status
from evaluation.exchange.errors import InvalidFileError
from evaluation.exchange.settings_file import load_settings
from evaluation.storage import EditConflict, NotFound, ReadOnlyProposal, Repository
from tests.support.proposals import full_proposal, small_proposal


def test_import_stores_every_proposal_with_one_event_each(repository: Repository) -> None:
    result = repository.import_proposals([small_proposal("a"), full_proposal("b")], actor="admin", source="f.yaml")

    assert (result.created, result.replaced) == (["a", "b"], [])
    assert repository.count_proposals() == 2
    events = repository.audit_events()
    assert [(e.entity_id, e.action, e.actor) for e in events] == [
        ("a", "import_create", "admin"), ("b", "import_create", "admin")]


def test_import_with_an_existing_id_writes_nothing(repository: Repository) -> None:
    repository.save_proposal(small_proposal("deja-la"), actor="a", expected_version=None)

    with pytest.raises(InvalidFileError) as caught:
        repository.import_proposals([small_proposal("nouveau"), small_proposal("deja-la", title="Autre")],
                                    actor="admin", source="lot.yaml")

    [error] = caught.value.errors
    assert (error.file, error.proposal, error.field) == ("lot.yaml", "deja-la", "id")
    assert "existe déjà" in error.message and "--remplacer" in error.message
    assert [s.id for s in repository.list_proposals()] == ["deja-la"]
    assert repository.get_proposal("deja-la").proposal.title == "Petit dossier"
    assert len(repository.audit_events()) == 1


def test_import_of_a_list_with_a_repeated_id_writes_nothing(repository: Repository) -> None:
    with pytest.raises(InvalidFileError, match="deux fois"):
        repository.import_proposals([small_proposal("x"), small_proposal("y"), small_proposal("x")], actor="a")

    assert repository.count_proposals() == 0
    assert repository.audit_events() == []


def test_import_with_replace_saves_a_new_version_of_existing_ids(repository: Repository) -> None:
    repository.save_proposal(small_proposal("deja-la"), actor="a", expected_version=None)

    result = repository.import_proposals([small_proposal("nouveau"), small_proposal("deja-la", title="Remplacé")],
                                         actor="admin", replace=True)

    assert (result.created, result.replaced) == (["nouveau"], ["deja-la"])
    stored = repository.get_proposal("deja-la")
    assert (stored.proposal.title, stored.version, stored.status, stored.updated_by) == (
        "Remplacé", 2, Status.BROUILLON, "admin")
    replace_event = repository.audit_events("deja-la")[-1]
    assert replace_event.action == "import_replace"
    assert [(c.field, c.before, c.after) for c in replace_event.changes] == [("title", "Petit dossier", "Remplacé")]
    assert (replace_event.before["content"]["title"], replace_event.after["content"]["title"]) == (
        "Petit dossier", "Remplacé")
    assert len(repository.get_proposal("deja-la").proposal.options) == 2


def test_import_cannot_replace_a_proposal_under_review(repository: Repository) -> None:
    repository.save_proposal(small_proposal("fige"), actor="a", expected_version=None)
    repository.set_status("fige", Status.AVIS_RENDU, actor="dsi")

    with pytest.raises(InvalidFileError, match="contournerait cet avis"):
        repository.import_proposals([small_proposal("autre"), small_proposal("fige", title="X")],
                                    actor="admin", replace=True)

    assert not repository.exists("autre")


def test_reviews_are_stored_per_option_with_their_events(repository: Repository) -> None:
    proposal = full_proposal("revu")
    repository.save_proposal(proposal, actor="porteur", expected_version=None)
    repository.set_status("revu", Status.EN_REVUE, actor="dsi")

    first = repository.add_review("revu", option="Mistral Small par API", opinion=Opinion.FAVORABLE_SOUS_RESERVE,
                                  comment="Vérifier le volume de requêtes.", actor="dsi", expected_version=2)
    repository.add_review("revu", option="Modèles de courriers (sans IA)", opinion=Opinion.FAVORABLE,
                          actor="dsi", status=Status.AVIS_RENDU)

    reviews = repository.reviews("revu")
    assert [(r.option, r.opinion, r.author, r.proposal_version) for r in reviews] == [
        ("Mistral Small par API", Opinion.FAVORABLE_SOUS_RESERVE, "dsi", 2),
        ("Modèles de courriers (sans IA)", Opinion.FAVORABLE, "dsi", 2)]
    assert reviews[0] == first
    stored = repository.get_proposal("revu")
    assert (stored.status, stored.version) == (Status.AVIS_RENDU, 3)
    events = repository.audit_events(proposal_id="revu")
    assert [(e.entity_type, e.action) for e in events][-3:] == [
        (EntityType.REVIEW, "create"), (EntityType.REVIEW, "create"), (EntityType.PROPOSAL, "status")]
    assert events[-3].after["comment"] == "Vérifier le volume de requêtes."


def test_a_review_of_an_unknown_option_is_refused(repository: Repository) -> None:
    repository.save_proposal(small_proposal("revu"), actor="p", expected_version=None)

    with pytest.raises(NotFound, match="Option « Absente »"):
        repository.add_review("revu", option="Absente", opinion=Opinion.DEFAVORABLE, actor="dsi")

    assert repository.reviews("revu") == []


def test_a_review_on_a_stale_version_is_kept_apart(repository: Repository) -> None:
    repository.save_proposal(small_proposal("revu"), actor="p", expected_version=None)
    repository.set_status("revu", Status.SOUMIS, actor="p")

    with pytest.raises(EditConflict):
        repository.add_review("revu", option="Avec IA", opinion=Opinion.DEFAVORABLE, comment="Trop cher.",
                              actor="dsi", expected_version=1)

    assert repository.reviews("revu") == []
    [kept] = repository.list_conflicts("revu", entity_type=EntityType.REVIEW)
    assert kept.content["reviews"][0]["comment"] == "Trop cher."


def _evaluation() -> dict[str, object]:
    return {"records": [{"proposal": "decision", "option": "Avec IA", "verdict": "conforme",
                         "finance": {"npv": 12345.5, "irr": None}, "checklist": []}],
            "matrix": "default@1"}


def test_a_decision_freezes_what_it_was_taken_on_and_closes_the_proposal(repository: Repository) -> None:
    repository.save_proposal(small_proposal("decision"), actor="p", expected_version=None)
    repository.set_status("decision", Status.AVIS_RENDU, actor="dsi")
    settings = load_settings()

    decision = repository.add_decision(
        "decision", outcome=Outcome.APPROUVE_SOUS_CONDITIONS, motivation="Sous réserve d'une AIPD.",
        acknowledged=["RGPD-2"], evaluation=_evaluation(), settings=settings,
        method_versions={"ecologits": "0.11.3", "matrix": "default@1"}, actor="elu", expected_version=2)

    assert decision.evaluation == _evaluation()
    assert decision.settings == settings.model_dump(mode="json")
    assert (decision.outcome, decision.acknowledged, decision.proposal_version) == (
        Outcome.APPROUVE_SOUS_CONDITIONS, ["RGPD-2"], 2)
    assert repository.decisions("decision") == [decision]
    assert repository.latest_decision("decision") == decision
    stored = repository.get_proposal("decision")
    assert (stored.status, stored.outcome, stored.version) == (Status.DECIDE, Outcome.APPROUVE_SOUS_CONDITIONS, 3)
    assert repository.list_proposals()[0].outcome is Outcome.APPROUVE_SOUS_CONDITIONS
    decision_event, status_event = repository.audit_events(proposal_id="decision")[-2:]
    assert (decision_event.entity_type, decision_event.entity_id) == (EntityType.DECISION, str(decision.id))
    assert "evaluation" not in decision_event.after
    assert status_event.after == {"status": "decide", "version": 3, "outcome": "approuve_sous_conditions"}
    with pytest.raises(ReadOnlyProposal):
        repository.add_decision("decision", outcome=Outcome.REJETE, motivation="x", acknowledged=[],
                                evaluation={}, settings={}, method_versions={}, actor="elu")


def test_settings_document_is_versioned_and_audited(repository: Repository) -> None:
    assert repository.get_settings() is None
    settings = load_settings()
    assert repository.save_settings(settings, actor="admin", expected_version=None) == 1
    changed = settings.model_copy(update={"discount_rate": 0.045})
    assert repository.save_settings(changed, actor="admin", expected_version=1) == 2

    current = repository.get_settings()
    assert current is not None
    assert (current.version, current.created_by) == (2, "admin")
    assert current.settings() == changed
    first = repository.get_settings(1)
    assert first is not None and first.settings() == settings
    events = repository.audit_events(entity_type=EntityType.SETTINGS)
    assert [(e.action, (e.before or {}).get("discount_rate"), e.after["discount_rate"]) for e in events] == [
        ("update", None, 0.032), ("update", 0.032, 0.045)]


def test_a_stale_settings_save_is_refused_and_kept(repository: Repository) -> None:
    settings = load_settings()
    repository.save_settings(settings, actor="admin", expected_version=None)
    repository.save_settings(settings, actor="admin2", expected_version=1)

    with pytest.raises(EditConflict, match="Les paramètres ont été modifiés par admin2"):
        repository.save_settings({"discount_rate": 0.1}, actor="admin", expected_version=1)

    current = repository.get_settings()
    assert current is not None and current.version == 2
    [kept] = repository.list_conflicts("settings", entity_type=EntityType.SETTINGS)
    assert kept.content == {"discount_rate": 0.1}
