"""Field-level audit on SQLite and PostgreSQL: each event of a change lists the fields changed with their
values before and after, in the JSON export (by path) and in the CSV export (by label)."""

from __future__ import annotations

import csv
import io

import orjson
import pytest

from evaluation.cli import main
from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import EntityType, Status
from evaluation.services.workflow import Workflow
from evaluation.storage import Repository
from evaluation.storage.audit_export import audit_csv, audit_json, change_rows
from tests.support.proposals import full_proposal, full_proposal_data, small_proposal
from tests.support.workflow import DSI, PORTEUR, drive


def test_a_draft_edit_lists_each_field_changed_before_and_after(repository: Repository) -> None:
    data = full_proposal_data("courriers")
    data["options"][1]["usage"]["users"] = 20
    repository.save_proposal(Proposal.model_validate(data), actor="porteur.a", expected_version=None)
    data["options"][1]["usage"]["users"] = 40
    data["title"] = "Tri des courriers"
    data["governance"]["sensitive_data"] = True
    repository.save_proposal(Proposal.model_validate(data), actor="porteur.a", expected_version=1)

    created, updated = repository.audit_events("courriers")
    assert created.changes == []  # a creation changes no field
    assert sorted((c.field, c.before, c.after) for c in updated.changes) == sorted([
        ("title", "Dossier complet : tri et réponse aux courriers", "Tri des courriers"),
        ("governance.sensitive_data", False, True),
        ("options[1].usage.users", 20, 40),
    ])
    exported = orjson.loads(audit_json([updated]))[0]
    assert {"field": "options[1].usage.users", "before": 20, "after": 40} in exported["changes"]

    rows = {row.field: row for row in change_rows(updated)}
    assert rows["options[1].usage.users"].label == "Option 2 « Mistral Small par API » › Usage prévu › Utilisateurs"
    assert (rows["options[1].usage.users"].before, rows["options[1].usage.users"].after) == ("20", "40")
    assert rows["title"].label == "Intitulé"
    english = {row.field: row.label for row in change_rows(updated, lang="en")}
    assert english["options[1].usage.users"] == "Option 2 \"Mistral Small par API\" › Expected usage › Users"


def test_the_dsi_technical_edit_and_status_changes_are_listed(repository: Repository) -> None:
    workflow = Workflow(repository)
    workflow.create_draft(full_proposal("technique"), user=PORTEUR)
    drive(workflow, "technique", Status.EN_REVUE)
    stored = repository.get_proposal("technique")
    options = [o.model_copy(update={"zone": "DEU"}) if o.zone == "FRA" else o for o in stored.proposal.options]
    workflow.edit_technical(stored.proposal.model_copy(update={"options": options}), user=DSI,
                            expected_version=stored.version)

    events = repository.audit_events("technique")
    submitted = next(e for e in events if e.action == "status" and e.after["status"] == "soumis")
    assert [(c.field, c.before, c.after) for c in submitted.changes] == [("status", "brouillon", "soumis")]
    assert change_rows(submitted)[0] == ("status", "Statut", "Brouillon", "Soumis")
    edit = events[-1]
    assert (edit.action, edit.actor) == ("update", DSI.login)
    zones = [(c.field, c.before, c.after) for c in edit.changes]
    assert zones and all(field.endswith(".zone") and (before, after) == ("FRA", "DEU") for field, before, after in zones)


def test_an_option_added_or_removed_is_one_change(repository: Repository) -> None:
    repository.save_proposal(small_proposal("ajout"), actor="p", expected_version=None)
    bigger = small_proposal("ajout").model_dump(mode="json", exclude_unset=True)
    bigger["options"].append({"name": "Règles métier", "kind": "rules"})
    repository.import_proposals([Proposal.model_validate(bigger)], actor="admin", replace=True)

    event = repository.audit_events("ajout")[-1]
    assert [(c.field, c.before, c.after) for c in event.changes] == [
        ("options[2]", None, {"name": "Règles métier", "kind": "rules"})]
    row = change_rows(event)[0]
    assert (row.label, row.before, row.after) == ("Option 3 « Règles métier »", "(vide)", "« Règles métier »")


def test_the_csv_export_shows_labels_before_and_after(repository: Repository, database_url: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    repository.save_proposal(small_proposal("csv"), actor="p", expected_version=None)
    repository.save_proposal(small_proposal("csv", title="Nouveau titre"), actor="p", expected_version=1)
    repository.set_status("csv", Status.SOUMIS, actor="p")

    rows = list(csv.DictReader(io.StringIO(audit_csv(repository.audit_events("csv")).decode())))
    assert [row["changes"] for row in rows] == [
        "", "Intitulé : Petit dossier → Nouveau titre", "Statut : Brouillon → Soumis"]

    assert main(["audit", "--dossier", "csv", "--format", "csv", "--base", database_url]) == 0
    assert "Intitulé : Petit dossier → Nouveau titre" in capsys.readouterr().out
    assert main(["audit", "--dossier", "csv", "--base", database_url]) == 0
    exported = orjson.loads(capsys.readouterr().out)
    assert exported[1]["changes"] == [{"field": "title", "before": "Petit dossier", "after": "Nouveau titre"}]
    assert all(event["entity_type"] == EntityType.PROPOSAL.value for event in exported)


def test_settings_changes_name_the_settings_fields(repository: Repository) -> None:
    repository.save_settings({"discount_rate": 0.04}, actor="admin", expected_version=None)
    repository.save_settings({"discount_rate": 0.032}, actor="admin", expected_version=1)

    event = repository.audit_events(entity_type=EntityType.SETTINGS)[-1]
    assert [(c.field, c.before, c.after) for c in event.changes] == [("discount_rate", 0.04, 0.032)]
    assert change_rows(event)[0].label != "discount_rate"
