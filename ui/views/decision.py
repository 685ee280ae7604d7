"""Page « Décision » (slug decision, élus): the proposals with the DSI's opinion, their options side by
side, and the decision form: outcome, motivation, the checklist's failures and warnings to
acknowledge one by one; approval is impossible while a blocking rule fails. The workflow service
checks and records the decision with the evaluation it was taken on, frozen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from evaluation.domain.workflow import Outcome
from evaluation.services.workflow import APPROVALS, Workflow
from evaluation.table.columns import OPTION_NAME
from ui import auth, data
from ui.conditions import condition_inputs, typed_conditions
from ui.formatting import md_escape
from ui.i18n import current_language, t, t_code
from ui.queue import evaluated_rows, option_figures, proposal_head, queue_picker
from ui.widgets import empty_state, flash, open_page, rule_status_badge, show_errors, show_flash
from ui.workflow_inputs import DECISION_QUEUE, ChecklistItem, blocking_rules, checklist_items

PICK_KEY = "dc.pick"
FLASH_KEY = "dc.flash"
ATTEMPTED_KEY = "dc.attempted"


def _key(proposal_id: str, name: str) -> str:
    return f"dc|{proposal_id}|{name}"


def _records(proposal_id: str) -> list[dict[str, Any]]:
    """The evaluation records (format.md) of the proposal's options, as shown and as frozen."""
    from evaluation.pipeline.evaluate import evaluation_records

    lang = current_language()
    frame = data.proposal_options(proposal_id, lang=lang)
    return [] if frame.empty else evaluation_records(frame, data.context(lang=lang))


@dataclass(frozen=True)
class Typed:
    """The decision form as typed."""

    outcome: Outcome | None
    motivation: str
    option: str | None
    items: list[ChecklistItem]
    acknowledged: list[str]
    conditions: list[dict[str, Any]]  # as typed: text, owner, due_date (None while not chosen)


def _typed(proposal_id: str, records: list[dict[str, Any]]) -> Typed:
    value = st.session_state.get(_key(proposal_id, "outcome"))
    option = st.session_state.get(_key(proposal_id, "option"))
    items = checklist_items(records, option)
    acknowledged = [item.rule for item in items
                    if st.session_state.get(_key(proposal_id, f"ack.{option}.{item.rule}"))]
    outcome = Outcome(value) if value else None
    return Typed(outcome=outcome,
                 motivation=str(st.session_state.get(_key(proposal_id, "motivation")) or ""),
                 option=option, items=items, acknowledged=acknowledged,
                 conditions=typed_conditions(proposal_id) if outcome is Outcome.APPROUVE_SOUS_CONDITIONS else [])


def _problems(proposal_id: str, typed: Typed, records: list[dict[str, Any]]) -> dict[str, str]:
    """Field -> French message, from the service's own check (nothing written)."""
    proposal = data.repository().get_proposal(proposal_id).proposal
    problems = Workflow.decision_problems(
        proposal, outcome=typed.outcome or Outcome.AJOURNE, motivation=typed.motivation, records=records,
        acknowledged=typed.acknowledged, chosen_option=typed.option, conditions=typed.conditions)
    if typed.outcome is None:
        problems["outcome"] = "choisissez une décision"
    return problems


def _on_decide(proposal_id: str, version: int) -> None:
    from evaluation.services.permissions import WorkflowError
    from evaluation.services.workflow import DecisionRefused
    from evaluation.storage import ConditionInput, StorageError

    records = _records(proposal_id)
    typed = _typed(proposal_id, records)
    problems = _problems(proposal_id, typed, records)
    if problems or typed.outcome is None:
        st.session_state[ATTEMPTED_KEY] = (proposal_id, problems)
        flash(FLASH_KEY, "error", t("forms.decision.incomplete", count=len(problems)))
        return
    approving = typed.outcome in APPROVALS
    try:
        Workflow(data.repository()).decide(
            proposal_id, user=auth.person(), outcome=typed.outcome, motivation=typed.motivation,
            records=records, settings=data.settings(), acknowledged=typed.acknowledged if approving else (),
            chosen_option=typed.option if approving else None, expected_version=version,
            conditions=[ConditionInput(text=c["text"], owner=c["owner"], due_date=c["due_date"])
                        for c in typed.conditions])
    except DecisionRefused as exc:
        st.session_state[ATTEMPTED_KEY] = (proposal_id, exc.problems)
        flash(FLASH_KEY, "error", str(exc))
        return
    except (StorageError, WorkflowError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return
    data.clear_caches()
    st.session_state.pop(ATTEMPTED_KEY, None)
    st.query_params.pop("proposal", None)
    flash(FLASH_KEY, "success", t("forms.decision.recorded", outcome=t_code("app.outcome", typed.outcome.value)))


def reviews_of(proposal_id: str, option: str) -> None:
    for review in data.repository().current_reviews(proposal_id):
        if review.option == option:
            st.caption(f"{t('forms.decision.dsi_opinion')} : **{t_code('app.opinion', review.opinion.value)}**"
                       + (f" · {md_escape(review.comment)}" if review.comment else ""))


def checklist_box(proposal_id: str, option: str, items: list[ChecklistItem], shown: dict[str, str]) -> None:
    lang = current_language()
    rules = data.context(lang=lang).rules
    with st.container(border=True):
        st.markdown(f"**{t('forms.decision.checklist', option=md_escape(option))}**")
        if not items:
            st.success(t("forms.decision.checklist_clear"), icon=":material/check_circle:")
        for item in items:
            try:
                question = rules.rule(item.rule).question.get(lang)
            except KeyError:
                question = item.rule
            with st.container(horizontal=True, vertical_alignment="center"):
                rule_status_badge(item.status)
                st.markdown(f"**{md_escape(item.rule)}** · {md_escape(question)}")
            st.caption(md_escape(item.message) + (f"  \n{md_escape(item.source)}" if item.source else ""))
            if item.status == "fail" and item.blocking:
                st.error(t("forms.decision.blocking_rule"), icon=":material/block:")
            else:
                st.checkbox(t("forms.decision.acknowledge"), key=_key(proposal_id, f"ack.{option}.{item.rule}"))
        if blocking_rules(items):
            st.caption(t("forms.decision.blocking_note"))
        show_errors([shown["acknowledged"]] if "acknowledged" in shown else [])


def decision_form(summary: Any, records: list[dict[str, Any]]) -> None:
    proposal_id = summary.id
    names = [str(record["option"]) for record in records]
    attempted = st.session_state.get(ATTEMPTED_KEY)
    shown: dict[str, str] = attempted[1] if attempted and attempted[0] == proposal_id else {}
    st.markdown(f"### {t('forms.decision.form_title')}")
    option_key = _key(proposal_id, "option")
    if option_key not in st.session_state and names:
        st.session_state[option_key] = names[0]
    st.selectbox(t("forms.decision.option"), names, key=option_key, help=t("forms.decision.option_help"))
    show_errors([shown["chosen_option"]] if "chosen_option" in shown else [])
    typed = _typed(proposal_id, records)
    blocking = blocking_rules(typed.items)
    checklist_box(proposal_id, str(typed.option), typed.items, shown)
    st.radio(t("forms.decision.outcome"), [outcome.value for outcome in Outcome], index=None,
             key=_key(proposal_id, "outcome"), horizontal=True,
             format_func=lambda code: t_code("app.outcome", code)
             + (f" ({t('forms.decision.unavailable')})" if blocking and Outcome(code) in APPROVALS else ""),
             help=t("forms.decision.outcome_help"))
    if blocking:
        st.caption(":red[:material/block: " + md_escape(t("forms.decision.approval_disabled",
                                                              rules=", ".join(blocking))) + "]")
    show_errors([shown["outcome"]] if "outcome" in shown and not blocking else [])
    if typed.outcome is Outcome.APPROUVE_SOUS_CONDITIONS:
        condition_inputs(proposal_id, shown, lang=current_language())
    st.text_area(t("forms.decision.motivation"), key=_key(proposal_id, "motivation"), height=140,
                 placeholder=t("forms.decision.motivation_placeholder"))
    show_errors([shown["motivation"]] if "motivation" in shown else [])
    show_errors([shown["records"]] if "records" in shown else [])
    show_errors([shown["reviews"]] if "reviews" in shown else [])
    st.button(t("forms.decision.submit"), key="dc.submit", type="primary", icon=":material/gavel:",
              on_click=_on_decide, args=(proposal_id, summary.version),
              disabled=typed.outcome in APPROVALS and bool(blocking), help=t("forms.decision.submit_help"))


def main() -> None:
    if not open_page(t("forms.decision.title"), t("forms.decision.intro"), icon=":material/gavel:"):
        return
    show_flash(FLASH_KEY)
    summary = queue_picker(DECISION_QUEUE, key=PICK_KEY, label=t("forms.decision.pick"))
    if summary is None:
        empty_state(t("forms.decision.empty"), icon=":material/task_alt:", link_to="portfolio")
        return
    proposal_head(summary)
    rows = evaluated_rows(summary.id)
    records = _records(summary.id)
    if not rows or not records:
        st.warning(t("forms.review.no_evaluation"), icon=":material/warning:")
        return
    cells = st.columns(min(len(rows), 4))
    for index, row in enumerate(rows):
        with cells[index % len(cells)], st.container(border=True):
            option_figures(row)
            reviews_of(summary.id, str(row[OPTION_NAME]))
    decision_form(summary, records)


main()
