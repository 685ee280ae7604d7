"""Page « Décision » (slug decision, élus): the proposals with the DSI's opinion, their options side by
side, and the decision form: outcome, motivation, the checklist's failures and warnings to
acknowledge one by one; approval is impossible while a blocking rule fails. The evaluation the
decision is taken on is frozen with it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from evaluation.storage import Outcome
from ui import auth, data
from ui.form_fields import md_escape, show_errors
from ui.form_queue import evaluated_rows, option_figures, proposal_head, queue_picker
from ui.form_workflow import (
    APPROVALS,
    DECISION_QUEUE,
    ChecklistItem,
    blocking_rules,
    checklist_items,
    decide,
    decision_problems,
    method_versions,
)
from ui.i18n import current_language, t, t_code
from ui.widgets import empty_state, page_header, rule_status_badge

PICK_KEY = "dc.pick"
FLASH_KEY = "dc.flash"
ATTEMPTED_KEY = "dc.attempted"


def _flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH_KEY, []).append((kind, text))


def _show_flash() -> None:
    for kind, text in st.session_state.pop(FLASH_KEY, []):
        getattr(st, kind)(md_escape(text), icon=":material/check_circle:" if kind == "success" else ":material/error:")


def _key(proposal_id: str, name: str) -> str:
    return f"dc|{proposal_id}|{name}"


def _items_for(proposal_id: str, rows: list[dict[str, Any]], option: str | None) -> list[ChecklistItem]:
    from evaluation.checklist import checklist_record

    ctx = data.context(lang=current_language())
    for row in rows:
        if row["option.name"] == option:
            return checklist_items(checklist_record(row, ctx.rules))
    return []


def _state(proposal_id: str, rows: list[dict[str, Any]]) -> tuple[Outcome | None, str, str | None, list[ChecklistItem],
                                                                   list[str]]:
    value = st.session_state.get(_key(proposal_id, "outcome"))
    outcome = Outcome(value) if value else None
    motivation = str(st.session_state.get(_key(proposal_id, "motivation")) or "")
    option = st.session_state.get(_key(proposal_id, "option"))
    items = _items_for(proposal_id, rows, option)
    acknowledged = [item.rule for item in items if st.session_state.get(_key(proposal_id, f"ack.{option}.{item.rule}"))]
    return outcome, motivation, option, items, acknowledged


def _on_decide(proposal_id: str, version: int) -> None:
    from evaluation.pipeline import evaluation_records
    from evaluation.storage import StorageError

    lang = current_language()
    rows = evaluated_rows(proposal_id)
    outcome, motivation, option, items, acknowledged = _state(proposal_id, rows)
    problems = decision_problems(outcome=outcome, motivation=motivation, items=items, acknowledged=acknowledged,
                                 chosen_option=option)
    if problems or outcome is None:
        st.session_state[ATTEMPTED_KEY] = proposal_id
        _flash("error", t("forms.decision.incomplete", count=len(problems)))
        return
    ctx = data.context(lang=lang)
    frame = data.proposal_options(proposal_id, lang=lang)
    evaluation = {"chosen_option": option if outcome in APPROVALS else None,
                  "options": evaluation_records(frame, ctx)}
    try:
        decide(data.repository(), proposal_id, outcome=outcome, motivation=motivation,
               acknowledged=acknowledged if outcome in APPROVALS else [], evaluation=evaluation,
               settings=ctx.settings.model_dump(mode="json"),
               versions=method_versions(rows, matrix=ctx.matrix.key, rules=ctx.rules.reference),
               actor=auth.actor(), expected_version=version)
    except (StorageError, ValueError, PermissionError) as exc:
        _flash("error", str(exc))
        return
    data.clear_caches()
    st.session_state.pop(ATTEMPTED_KEY, None)
    st.query_params.pop("proposal", None)
    _flash("success", t("forms.decision.recorded", outcome=t_code("app.outcome", outcome.value)))


def reviews_of(proposal_id: str, option: str) -> None:
    for review in data.repository().reviews(proposal_id):
        if review.option == option:
            st.caption(f"{t('forms.decision.dsi_opinion')} : **{t_code('app.opinion', review.opinion.value)}**"
                       + (f" · {md_escape(review.comment)}" if review.comment else ""))


def checklist_box(proposal_id: str, option: str, items: list[ChecklistItem], problems: dict[str, str]) -> None:
    lang = current_language()
    ctx = data.context(lang=lang)
    blocking = blocking_rules(items)
    with st.container(border=True):
        st.markdown(f"**{t('forms.decision.checklist', option=md_escape(option))}**")
        if not items:
            st.success(t("forms.decision.checklist_clear"), icon=":material/check_circle:")
        for item in items:
            try:
                rule = ctx.rules.rule(item.rule)
                question = rule.question.get(lang)
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
        if blocking:
            st.caption(t("forms.decision.blocking_note"))
        show_errors([problems["acknowledged"]] if "acknowledged" in problems else [])


def decision_form(summary: Any, rows: list[dict[str, Any]]) -> None:
    proposal_id = summary.id
    names = [str(row["option.name"]) for row in rows]
    outcome, motivation, option, items, acknowledged = _state(proposal_id, rows)
    problems = decision_problems(outcome=outcome, motivation=motivation, items=items, acknowledged=acknowledged,
                                 chosen_option=option)
    shown = problems if st.session_state.get(ATTEMPTED_KEY) == proposal_id else {}
    st.markdown(f"### {t('forms.decision.form_title')}")
    option_key = _key(proposal_id, "option")
    if option_key not in st.session_state and names:
        st.session_state[option_key] = names[0]
    st.selectbox(t("forms.decision.option"), names, key=option_key, help=t("forms.decision.option_help"))
    items = _items_for(proposal_id, rows, st.session_state.get(option_key))
    blocking = blocking_rules(items)
    checklist_box(proposal_id, str(st.session_state.get(option_key)), items, shown)
    outcomes = [outcome.value for outcome in Outcome]
    st.radio(t("forms.decision.outcome"), outcomes, index=None, key=_key(proposal_id, "outcome"), horizontal=True,
             format_func=lambda code: t_code("app.outcome", code)
             + (f" ({t('forms.decision.unavailable')})" if blocking and Outcome(code) in APPROVALS else ""),
             help=t("forms.decision.outcome_help"))
    if blocking:
        st.caption(":red[:material/block: " + md_escape(t("forms.decision.approval_disabled",
                                                              rules=", ".join(blocking))) + "]")
    show_errors([shown["outcome"]] if "outcome" in shown and not blocking else [])
    st.text_area(t("forms.decision.motivation"), key=_key(proposal_id, "motivation"), height=140,
                 placeholder=t("forms.decision.motivation_placeholder"))
    show_errors([shown["motivation"]] if "motivation" in shown else [])
    approving = outcome in APPROVALS
    disabled = approving and bool(blocking)
    st.button(t("forms.decision.submit"), key="dc.submit", type="primary", icon=":material/gavel:",
              on_click=_on_decide, args=(proposal_id, summary.version), disabled=disabled,
              help=t("forms.decision.submit_help"))


def main() -> None:
    page_header(t("forms.decision.title"), t("forms.decision.intro"), icon=":material/gavel:")
    try:
        data.repository()
    except Exception as exc:  # noqa: BLE001 - shown to the person, not raised
        st.error(t("app.common.data_error", error=md_escape(exc)), icon=":material/error:")
        return
    _show_flash()
    summary = queue_picker(DECISION_QUEUE, key=PICK_KEY, label=t("forms.decision.pick"))
    if summary is None:
        empty_state(t("forms.decision.empty"), icon=":material/task_alt:", link_to="portfolio")
        return
    proposal_head(summary)
    rows = evaluated_rows(summary.id)
    if not rows:
        st.warning(t("forms.review.no_evaluation"), icon=":material/warning:")
        return
    cells = st.columns(min(len(rows), 4))
    for index, row in enumerate(rows):
        with cells[index % len(cells)], st.container(border=True):
            option_figures(row)
            reviews_of(summary.id, str(row["option.name"]))
    decision_form(summary, rows)


main()
