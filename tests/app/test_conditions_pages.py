"""Conditions and field changes in the pages: the fiche lists a decision's conditions and lets the DSI, the
élus or an administrator mark one met with a comment (not a porteur); the Portefeuille flags proposals with
conditions past due; the Historique names the fields each change modified."""

from __future__ import annotations

import datetime as dt

from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import Opinion, Outcome, Status
from evaluation.exchange.files import load_proposals
from evaluation.exchange.settings_file import load_settings
from evaluation.pipeline.evaluate import evaluate_proposals
from evaluation.services.decision_checks import frozen_evaluation
from evaluation.storage import ConditionInput, Repository, ReviewInput
from evaluation.storage.database import plain_json
from tests.app.forms_harness import (
    ADMIN,
    DSI,
    PORTEUR,
    SAMPLE_PORTFOLIO,
    assert_clean,
    open_page,
    repo,
    texts,
    unescape,
)

__all__ = ["repo"]
PID = "prevision-repas-cantines"
TODAY = dt.date.today()


def _decided_under_conditions(repo: Repository) -> None:
    proposal = next(p for p in load_proposals(SAMPLE_PORTFOLIO) if p.id == PID)
    repo.save_proposal(proposal, actor="porteur", expected_version=None)
    repo.set_status(PID, Status.EN_REVUE, actor="dsi")
    repo.add_reviews(PID, [ReviewInput(option=o.name, opinion=Opinion.FAVORABLE) for o in proposal.options],
                     actor="dsi", status=Status.AVIS_RENDU)
    # What the workflow freezes with a decision (the Suivi tab and the fiche read it back).
    settings = load_settings()
    records = plain_json(list(evaluate_proposals([proposal], settings)))
    chosen = proposal.options[0].name
    repo.add_decision(PID, outcome=Outcome.APPROUVE_SOUS_CONDITIONS, motivation="Sous conditions.", acknowledged=[],
                      chosen_option=chosen, evaluation=frozen_evaluation(repo.get_proposal(PID), records, chosen),
                      settings=settings.model_dump(mode="json"), method_versions={},
                      actor="elu.durand", conditions=[
                          ConditionInput(text="Audit des données de fréquentation", owner="DSI",
                                         due_date=TODAY - dt.timedelta(days=10)),
                          ConditionInput(text="Bilan à six mois", owner="Restauration scolaire",
                                         due_date=TODAY + dt.timedelta(days=180))])


def test_the_fiche_lists_conditions_and_the_dsi_marks_one_met(repo: Repository) -> None:
    _decided_under_conditions(repo)
    at = open_page("fiche/page.py", user=DSI, query={"proposal": PID})
    shown = " ".join(unescape(text) for text in texts(at.caption) + texts(at.markdown))
    assert "2 condition(s) : 0 levée(s), 2 ouverte(s), dont 1 en retard." in shown
    assert "Audit des données de fréquentation" in shown and "Restauration scolaire" in shown
    late = repo.conditions_of(PID)[0]

    at.button(key=f"FormSubmitter:cond.form.{late.id}-Marquer comme levée").click().run()
    assert_clean(at)
    assert "commentaire est obligatoire" in " ".join(unescape(text) for text in texts(at.error))
    assert repo.get_condition(late.id).met_at is None

    at.text_area(key=f"cond.comment.{late.id}").input("Audit rendu le 2 décembre.")
    at.button(key=f"FormSubmitter:cond.form.{late.id}-Marquer comme levée").click().run()
    assert_clean(at)
    met = repo.get_condition(late.id)
    assert (met.met_by, met.met_comment) == (DSI.login, "Audit rendu le 2 décembre.")
    assert "1 levée(s), 1 ouverte(s), dont 0 en retard" in " ".join(unescape(t) for t in texts(at.caption))


def test_a_porteur_sees_the_conditions_but_cannot_mark_them(repo: Repository) -> None:
    _decided_under_conditions(repo)
    repo_proposal_owner = repo.get_proposal(PID).created_by
    porteur = PORTEUR.__class__(login=repo_proposal_owner, name="Porteur", roles=("porteur",))
    at = open_page("fiche/page.py", user=porteur, query={"proposal": PID})
    assert "cond.comment." not in " ".join(str(area.key) for area in at.text_area)
    assert any("marquent une condition levée" in unescape(text) for text in texts(at.caption))


def test_the_portfolio_flags_proposals_with_conditions_past_due(repo: Repository) -> None:
    _decided_under_conditions(repo)
    other = next(p for p in load_proposals(SAMPLE_PORTFOLIO) if p.id == "chatbot-rh")
    repo.save_proposal(other, actor="porteur", expected_version=None)

    at = open_page("portfolio/page.py", user=ADMIN)
    assert any("1 dossier a des conditions en retard : Prévision" in unescape(text) for text in texts(at.warning))
    table = at.dataframe(key="pf_table").value
    late = table.loc[table["status"].str.contains("conditions en retard")]
    title = repo.get_proposal(PID).proposal.title
    assert set(late["title"].astype(str)) == {title} and len(late) == len(repo.get_proposal(PID).proposal.options)

    at.toggle(key="pf_past_due_only").set_value(True).run()
    assert_clean(at)
    shown = at.dataframe(key="pf_table").value
    assert shown["status"].str.contains("conditions en retard").all() and len(shown) == len(late)


def test_the_history_names_the_fields_each_change_modified(repo: Repository) -> None:
    proposal = next(p for p in load_proposals(SAMPLE_PORTFOLIO) if p.id == "chatbot-rh")
    repo.save_proposal(proposal, actor="porteur", expected_version=None)
    data = proposal.model_dump(mode="json", exclude_unset=True)
    users = data["options"][1].setdefault("usage", {}).get("users", 0)
    data["options"][1]["usage"]["users"] = users + 20
    data["title"] = "Chatbot RH (v2)"
    repo.save_proposal(Proposal.model_validate(data), actor="porteur", expected_version=1)

    at = open_page("fiche/page.py", user=ADMIN, query={"proposal": "chatbot-rh"})
    frames = [frame.value for frame in at.dataframe]
    (events,) = [frame for frame in frames if "changes" in frame.columns]  # the audit trail, newest first
    assert "Intitulé" in events["changes"].iloc[0] and "Utilisateurs" in events["changes"].iloc[0]
    details = [table.value.map(lambda cell: unescape(str(cell))) for table in at.table]
    details = [table for table in details if list(table.columns) == ["Champ", "Avant", "Après"]]
    assert len(details) == 1  # one modification, detailed field by field
    rows = {row["Champ"]: (row["Avant"], row["Après"]) for _, row in details[0].iterrows()}
    option = proposal.options[1].name
    french = {n: f"{n:,}".replace(",", "\u202f") for n in (users, users + 20)}  # 1 200: grouped as in French
    assert rows[f"Option 2 « {option} » › Usage prévu › Utilisateurs"] == (french[users], french[users + 20])
    assert rows["Intitulé"] == (proposal.title, "Chatbot RH (v2)")
