"""The workflow service on SQLite and PostgreSQL: permissions, transitions, decisions, audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from evaluation.domain.workflow import EntityType, Opinion, Outcome, Role, Status
from evaluation.services.permissions import PERMISSIONS, Action, InvalidTransition, PermissionDenied
from evaluation.services.workflow import (
    TRANSITIONS,
    DecisionRefused,
    ReviewIncomplete,
    Workflow,
    frozen_records,
)
from evaluation.storage import ConditionInput, EditConflict, ReadOnlyProposal, Repository, ReviewInput
from tests.support.proposals import full_proposal, small_proposal
from tests.support.workflow import ADMIN, DSI, ELU, OTHER_PORTEUR, PORTEUR, Someone, drive, records_for


@pytest.fixture
def workflow(repository: Repository) -> Workflow:
    return Workflow(repository)


def _new(workflow: Workflow, proposal_id: str, status: Status = Status.BROUILLON) -> None:
    workflow.create_draft(small_proposal(proposal_id), user=PORTEUR)
    drive(workflow, proposal_id, status)


# Each service operation: (action it needs, status the proposal must have, call(workflow, id, person)).
Operation = tuple[Action, Status | None, Callable[[Workflow, str, Someone], Any]]


def _decide(w: Workflow, pid: str, who: Someone) -> Any:
    proposal = w.repository.get_proposal(pid).proposal
    return w.decide(pid, user=who, outcome=Outcome.AJOURNE, motivation="Ajourné en attendant le budget.",
                    records=records_for(proposal), settings={"rules": "rules"})


def _mark_condition_met(w: Workflow, pid: str, who: Someone) -> Any:
    proposal = w.repository.get_proposal(pid).proposal
    w.decide(pid, user=ELU, outcome=Outcome.APPROUVE_SOUS_CONDITIONS, motivation="Approuvé sous conditions.",
             records=records_for(proposal), settings={"rules": "rules"}, chosen_option="Sans IA",
             conditions=[ConditionInput(text="AIPD signée", owner="DPO", due_date=dt.date(2027, 3, 1))])
    condition = w.repository.conditions_of(pid)[0]
    return w.mark_condition_met(condition.id, user=who, comment="AIPD signée le 2 février.")


def _edit_technical(w: Workflow, pid: str, who: Someone) -> Any:
    stored = w.repository.get_proposal(pid)
    options = [o.model_copy(update={"zone": "DEU"}) if o.zone else o for o in stored.proposal.options]
    return w.edit_technical(stored.proposal.model_copy(update={"options": options}), user=who,
                            expected_version=stored.version)


OPERATIONS: dict[str, Operation] = {
    "portfolio": (Action.VIEW_PORTFOLIO, None, lambda w, pid, who: w.portfolio(user=who)),
    "get": (Action.VIEW_PROPOSAL, None, lambda w, pid, who: w.get(pid, user=who)),
    "history": (Action.VIEW_PROPOSAL, None, lambda w, pid, who: w.history(pid, user=who)),
    "create_draft": (Action.CREATE_PROPOSAL, None,
                     lambda w, pid, who: w.create_draft(small_proposal(f"{pid}-neuf"), user=who)),
    "import": (Action.IMPORT_PROPOSALS, None,
               lambda w, pid, who: w.import_proposals([small_proposal(f"{pid}-importe")], user=who)),
    "save_draft": (Action.EDIT_DRAFT, Status.BROUILLON,
                   lambda w, pid, who: w.save_draft(small_proposal(pid, title="Modifié"), user=who,
                                                    expected_version=w.repository.get_proposal(pid).version)),
    "submit": (Action.SUBMIT, Status.BROUILLON, lambda w, pid, who: w.submit(pid, user=who)),
    "start_review": (Action.START_REVIEW, Status.SOUMIS, lambda w, pid, who: w.start_review(pid, user=who)),
    "edit_technical": (Action.EDIT_TECHNICAL, Status.EN_REVUE, _edit_technical),
    "give_opinion": (Action.GIVE_OPINION, Status.EN_REVUE,
                     lambda w, pid, who: w.give_opinion(pid, user=who, option="Sans IA", opinion=Opinion.FAVORABLE)),
    "decide": (Action.DECIDE, Status.AVIS_RENDU, _decide),
    "mark_condition_met": (Action.MARK_CONDITION_MET, Status.AVIS_RENDU, _mark_condition_met),
    "new_version": (Action.NEW_VERSION, Status.DECIDE, lambda w, pid, who: w.new_version(pid, user=who)),
    "save_settings": (Action.EDIT_SETTINGS, None,
                      lambda w, pid, who: w.save_settings({"discount_rate": 0.04}, user=who,
                                                          expected_version=None)),
    "audit_trail": (Action.VIEW_AUDIT, None, lambda w, pid, who: w.audit_trail(user=who)),
}


def test_every_role_may_do_exactly_what_the_table_allows(workflow: Workflow) -> None:
    people = {Role.PORTEUR: PORTEUR, Role.DSI: DSI, Role.ELU: ELU, Role.ADMIN: ADMIN}
    outcomes: dict[tuple[str, str], bool] = {}
    for name, (_, status, call) in OPERATIONS.items():
        for role, person in people.items():
            pid = f"{name.replace('_', '-')}-{role.value}"
            _new(workflow, pid, status or Status.BROUILLON)
            try:
                call(workflow, pid, person)
                outcomes[(name, role.value)] = True
            except PermissionDenied:
                outcomes[(name, role.value)] = False

    expected = {(name, role.value): role in PERMISSIONS[action]
                for name, (action, _, _) in OPERATIONS.items() for role in people}
    assert outcomes == expected
    assert sum(outcomes.values()) == 27  # allowed pairs among the 15 operations x 4 roles


def test_a_porteur_cannot_touch_another_porteurs_proposal(workflow: Workflow) -> None:
    _new(workflow, "a-moi")

    for call in (lambda: workflow.get("a-moi", user=OTHER_PORTEUR),
                 lambda: workflow.submit("a-moi", user=OTHER_PORTEUR),
                 lambda: workflow.save_draft(small_proposal("a-moi", title="Pris"), user=OTHER_PORTEUR,
                                             expected_version=1),
                 lambda: workflow.import_proposals([small_proposal("a-moi")], user=OTHER_PORTEUR, replace=True)):
        with pytest.raises(PermissionDenied, match="propres"):
            call()

    stored = workflow.repository.get_proposal("a-moi")
    assert (stored.status, stored.version, stored.proposal.title) == (Status.BROUILLON, 1, "Petit dossier")
    assert [s.id for s in workflow.my_proposals(user=PORTEUR)] == ["a-moi"]
    assert workflow.my_proposals(user=OTHER_PORTEUR) == []
    assert [s.id for s in workflow.portfolio(user=OTHER_PORTEUR)] == ["a-moi"]  # the summary is shared


def test_each_transition_is_valid_from_its_source_status_only(workflow: Workflow) -> None:
    calls: dict[str, Callable[[str], Any]] = {
        "submit": lambda pid: workflow.submit(pid, user=PORTEUR),
        "start_review": lambda pid: workflow.start_review(pid, user=DSI),
        "finish_review": lambda pid: workflow.give_opinions(
            pid, [ReviewInput(option=o.name, opinion=Opinion.FAVORABLE)
                  for o in workflow.repository.get_proposal(pid).proposal.options], user=DSI),
        "decide": lambda pid: _decide(workflow, pid, ELU),
        "new_version": lambda pid: workflow.new_version(pid, user=PORTEUR),
    }
    sources = {name: transition.source for name, transition in TRANSITIONS.items()} | {"new_version": Status.DECIDE}
    targets = {name: transition.target for name, transition in TRANSITIONS.items()}
    for name, call in calls.items():
        for status in Status:
            pid = f"{name.replace('_', '-')}-{status.value.replace('_', '-')}"
            _new(workflow, pid, status)
            if status is sources[name]:
                call(pid)
                if name in targets:
                    assert workflow.repository.get_proposal(pid).status is targets[name], (name, status)
                else:
                    assert workflow.repository.get_proposal(f"{pid}-v2").status is Status.BROUILLON
            else:
                with pytest.raises(InvalidTransition, match="Impossible de"):
                    call(pid)
                assert workflow.repository.get_proposal(pid).status is status, (name, status)


def test_edits_follow_the_status(workflow: Workflow) -> None:
    _new(workflow, "soumis", Status.SOUMIS)
    with pytest.raises(InvalidTransition, match="Brouillon"):
        workflow.save_draft(small_proposal("soumis", title="Trop tard"), user=PORTEUR, expected_version=2)
    with pytest.raises(InvalidTransition, match="En revue"):
        _edit_technical(workflow, "soumis", DSI)
    with pytest.raises(InvalidTransition):
        workflow.give_opinion("soumis", user=DSI, option="Sans IA", opinion=Opinion.FAVORABLE)


def test_the_dsi_changes_options_only_and_the_change_is_traced(workflow: Workflow) -> None:
    workflow.create_draft(full_proposal("technique"), user=PORTEUR)
    drive(workflow, "technique", Status.EN_REVUE)
    stored = workflow.repository.get_proposal("technique")

    with pytest.raises(PermissionDenied, match="title"):
        workflow.edit_technical(stored.proposal.model_copy(update={"title": "Autre"}), user=DSI,
                                expected_version=stored.version)
    _edit_technical(workflow, "technique", DSI)

    event = workflow.repository.audit_events("technique")[-1]
    assert (event.action, event.actor) == ("update", DSI.login)
    zones_before = [o.get("zone") for o in event.before["content"]["options"]]
    zones_after = [o.get("zone") for o in event.after["content"]["options"]]
    assert "FRA" in zones_before and "FRA" not in zones_after


def test_opinions_need_a_comment_when_reserved_and_every_option_to_finish(workflow: Workflow) -> None:
    _new(workflow, "avis", Status.EN_REVUE)

    with pytest.raises(ReviewIncomplete, match="commentaire"):
        workflow.give_opinion("avis", user=DSI, option="Avec IA", opinion=Opinion.DEFAVORABLE)
    with pytest.raises(ReviewIncomplete, match="Sans IA"):
        workflow.give_opinions("avis", [ReviewInput(option="Avec IA", opinion=Opinion.FAVORABLE)], user=DSI)
    with pytest.raises(ReviewIncomplete):
        workflow.finish_review("avis", user=DSI)
    workflow.give_opinion("avis", user=DSI, option="Avec IA", opinion=Opinion.DEFAVORABLE, comment="Trop cher.")
    workflow.give_opinion("avis", user=DSI, option="Sans IA", opinion=Opinion.FAVORABLE)
    workflow.finish_review("avis", user=DSI)

    assert workflow.repository.get_proposal("avis").status is Status.AVIS_RENDU
    assert [r.opinion for r in workflow.repository.reviews("avis")] == [Opinion.DEFAVORABLE, Opinion.FAVORABLE]


CONDITIONS = [ConditionInput(text="AIPD signée avant la mise en service", owner="DPO", due_date=dt.date(2027, 3, 1))]


def _approve(workflow: Workflow, pid: str, records: list[dict[str, Any]], **changes: Any) -> Any:
    arguments: dict[str, Any] = {"user": ELU, "outcome": Outcome.APPROUVE, "motivation": "Projet utile et sobre.",
                                 "records": records, "settings": {"rules": "rules"}, "chosen_option": "Avec IA",
                                 "acknowledged": []}
    arguments.update(changes)
    return workflow.decide(pid, **arguments)


def test_approval_is_impossible_while_a_blocking_rule_fails(workflow: Workflow) -> None:
    _new(workflow, "bloque", Status.AVIS_RENDU)
    proposal = workflow.repository.get_proposal("bloque").proposal
    records = records_for(proposal, {"Avec IA": [("ALG-4", "fail", True), ("NR-04", "warn", False)]})

    for outcome in (Outcome.APPROUVE, Outcome.APPROUVE_SOUS_CONDITIONS):
        with pytest.raises(DecisionRefused, match="ALG-4") as caught:
            _approve(workflow, "bloque", records, outcome=outcome, acknowledged=["NR-04", "ALG-4"],
                     conditions=CONDITIONS if outcome is Outcome.APPROUVE_SOUS_CONDITIONS else [])
        assert set(caught.value.problems) == {"outcome"}
    assert workflow.repository.get_proposal("bloque").status is Status.AVIS_RENDU
    assert workflow.repository.decisions("bloque") == []

    decision = workflow.decide("bloque", user=ELU, outcome=Outcome.REJETE, records=records,
                               motivation="Décision automatisée interdite.", settings={"rules": "rules"})
    assert decision.outcome is Outcome.REJETE and decision.acknowledged == [] and decision.chosen_option is None


def test_the_option_without_the_blocking_failure_can_be_approved(workflow: Workflow) -> None:
    _new(workflow, "choix", Status.AVIS_RENDU)
    proposal = workflow.repository.get_proposal("choix").proposal
    records = records_for(proposal, {"Avec IA": [("ALG-4", "fail", True)], "Sans IA": [("NR-03", "warn", False)]})

    decision = _approve(workflow, "choix", records, chosen_option="Sans IA", acknowledged=["NR-03"])

    assert (decision.outcome, decision.chosen_option, decision.acknowledged) == (Outcome.APPROUVE, "Sans IA",
                                                                                 ["NR-03"])


def test_failures_and_warnings_must_be_acknowledged_and_a_motivation_given(workflow: Workflow) -> None:
    _new(workflow, "reserve", Status.AVIS_RENDU)
    proposal = workflow.repository.get_proposal("reserve").proposal
    records = records_for(proposal, {"Avec IA": [("RG-9.1", "fail", False), ("AF-2", "warn", False)]})

    with pytest.raises(DecisionRefused) as caught:
        _approve(workflow, "reserve", records, acknowledged=["AF-2"], motivation="court")
    assert set(caught.value.problems) == {"acknowledged", "motivation"}
    assert "RG-9.1" in caught.value.problems["acknowledged"]
    with pytest.raises(DecisionRefused, match="option approuvée"):
        _approve(workflow, "reserve", records, chosen_option=None, acknowledged=["AF-2", "RG-9.1"])
    with pytest.raises(DecisionRefused, match="une évaluation par option"):
        _approve(workflow, "reserve", records[:1], acknowledged=["AF-2", "RG-9.1"])
    with pytest.raises(DecisionRefused, match="motivation"):
        workflow.decide("reserve", user=ELU, outcome=Outcome.AJOURNE, motivation="  ", records=records,
                        settings={})

    decision = _approve(workflow, "reserve", records, outcome=Outcome.APPROUVE_SOUS_CONDITIONS,
                        acknowledged=["RG-9.1", "AF-2"], conditions=CONDITIONS)
    assert decision.acknowledged == ["RG-9.1", "AF-2"]
    assert workflow.repository.get_proposal("reserve").outcome is Outcome.APPROUVE_SOUS_CONDITIONS


def test_a_decided_proposal_is_read_only_and_reopens_as_a_linked_draft(workflow: Workflow) -> None:
    _new(workflow, "fini", Status.DECIDE)

    with pytest.raises(InvalidTransition):
        workflow.save_draft(small_proposal("fini", title="Changé"), user=PORTEUR, expected_version=5)
    with pytest.raises(ReadOnlyProposal):
        workflow.repository.save_proposal(small_proposal("fini", title="Changé"), actor="x", expected_version=5)
    with pytest.raises(ReadOnlyProposal):
        workflow.repository.add_review("fini", option="Sans IA", opinion=Opinion.FAVORABLE, actor="x")

    reopened = workflow.new_version("fini", user=PORTEUR)
    again = workflow.new_version("fini", user=PORTEUR)

    assert (reopened.proposal.id, reopened.parent_id, reopened.status) == ("fini-v2", "fini", Status.BROUILLON)
    assert again.proposal.id == "fini-v3"
    assert reopened.created_by == PORTEUR.login
    workflow.save_draft(small_proposal("fini-v2", title="Corrigé"), user=PORTEUR, expected_version=1)
    assert workflow.repository.get_proposal("fini").proposal.title == "Petit dossier"


def test_the_whole_workflow_leaves_exactly_one_event_per_change(workflow: Workflow) -> None:
    repo = workflow.repository
    steps: list[tuple[Callable[[], Any], list[tuple[EntityType, str]]]] = [
        (lambda: workflow.create_draft(full_proposal("parcours"), user=PORTEUR), [(EntityType.PROPOSAL, "create")]),
        (lambda: workflow.save_draft(full_proposal("parcours", title="Parcours complet"), user=PORTEUR,
                                     expected_version=1), [(EntityType.PROPOSAL, "update")]),
        (lambda: workflow.submit("parcours", user=PORTEUR), [(EntityType.PROPOSAL, "status")]),
        (lambda: workflow.start_review("parcours", user=DSI), [(EntityType.PROPOSAL, "status")]),
        (lambda: _edit_technical(workflow, "parcours", DSI), [(EntityType.PROPOSAL, "update")]),
        (lambda: workflow.give_opinions("parcours", [
            ReviewInput(option=o.name, opinion=Opinion.FAVORABLE) for o in full_proposal().options], user=DSI),
         [(EntityType.REVIEW, "create")] * 6 + [(EntityType.PROPOSAL, "status")]),
        (lambda: workflow.decide("parcours", user=ELU, outcome=Outcome.APPROUVE, motivation="Approuvé en comité.",
                                 records=records_for(full_proposal("parcours")), settings={"rules": "rules"},
                                 chosen_option="Modèles de courriers (sans IA)"),
         [(EntityType.DECISION, "create"), (EntityType.PROPOSAL, "status")]),
        (lambda: workflow.new_version("parcours", user=PORTEUR), [(EntityType.PROPOSAL, "new_version")]),
        (lambda: workflow.save_settings({"discount_rate": 0.045}, user=ADMIN, expected_version=None),
         [(EntityType.SETTINGS, "update")]),
    ]
    seen = 0
    for call, expected in steps:
        call()
        events = repo.audit_events()
        assert [(e.entity_type, e.action) for e in events[seen:]] == expected
        seen = len(events)
    assert {e.actor for e in repo.audit_events(proposal_id="parcours")} == {PORTEUR.login, DSI.login, ELU.login}


def test_a_refused_operation_leaves_no_event(workflow: Workflow) -> None:
    _new(workflow, "refus", Status.AVIS_RENDU)
    before = len(workflow.repository.audit_events())

    for call in (lambda: workflow.submit("refus", user=PORTEUR),
                 lambda: _approve(workflow, "refus", records_for(small_proposal("refus")), motivation="x"),
                 lambda: _decide(workflow, "refus", DSI)):
        with pytest.raises((InvalidTransition, DecisionRefused, PermissionDenied)):
            call()

    assert len(workflow.repository.audit_events()) == before


def test_a_stale_draft_save_is_refused_and_kept(workflow: Workflow) -> None:
    _new(workflow, "conflit")
    workflow.save_draft(small_proposal("conflit", title="Premier"), user=PORTEUR, expected_version=1)

    with pytest.raises(EditConflict, match="porteur.a"):
        workflow.save_draft(small_proposal("conflit", title="Second"), user=PORTEUR, expected_version=1)

    assert workflow.repository.get_proposal("conflit").proposal.title == "Premier"
    assert workflow.repository.list_conflicts("conflit")[0].proposal().title == "Second"


def test_a_decision_freezes_its_evaluation_against_later_settings_changes(workflow: Workflow) -> None:
    from evaluation.exchange.settings_file import load_settings
    from evaluation.pipeline.evaluate import evaluate_proposals

    proposal = full_proposal("fige")
    workflow.create_draft(proposal, user=PORTEUR)
    drive(workflow, "fige", Status.AVIS_RENDU)
    settings = load_settings()
    workflow.save_settings(settings, user=ADMIN, expected_version=None)
    records = evaluate_proposals([proposal], settings)
    chosen = "Modèles de courriers (sans IA)"
    issues = [item["id"] for record in records if record["option"] == chosen
              for item in record["checklist"] if item["status"] in ("fail", "warn")]
    decision = workflow.decide("fige", user=ELU, outcome=Outcome.APPROUVE, motivation="Approuvé sur ces chiffres.",
                               records=records, settings=settings, chosen_option=chosen, acknowledged=issues)

    changed = settings.model_copy(update={"discount_rate": 0.08, "horizon_years": 10})
    workflow.save_settings(changed, user=ADMIN, expected_version=1)
    fresh = evaluate_proposals([proposal], changed)
    stored = workflow.repository.latest_decision("fige")

    assert stored is not None and stored == decision
    npv = {r["option"]: r["finance"]["npv"] for r in frozen_records(stored)}
    assert npv == {r["option"]: r["finance"]["npv"] for r in orjson.loads(orjson.dumps(
        records, option=orjson.OPT_SERIALIZE_NUMPY))}
    assert npv != {r["option"]: r["finance"]["npv"] for r in fresh}
    assert stored.settings == settings.model_dump(mode="json")
    assert stored.settings["discount_rate"] != changed.discount_rate
    assert stored.evaluation["proposal"]["id"] == "fige" and stored.evaluation["chosen_option"] == chosen
    assert stored.method_versions["ecologits"] == "0.11.3"
    assert stored.method_versions["matrix"].startswith("default@")
    assert stored.method_versions["rules"].startswith("rules@")
