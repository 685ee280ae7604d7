"""Conditions of an "approuvé sous conditions" decision, as the pages show them: entered on the Décision
page (`condition_inputs`, read back by `typed_conditions`), followed on the fiche where the DSI, the élus
or an administrator mark them met (`conditions_panel`), and flagged on the Portefeuille when past due
(`past_due_by_proposal`). The workflow service checks and records them (evaluation.services.workflow)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Literal

import streamlit as st

from evaluation.storage import StoredCondition
from ui import auth, data
from ui.formatting import label_value, md_escape, person_label
from ui.i18n import t
from ui.widgets import flash, show_errors, show_flash

FLASH_KEY = "cond.flash"


def _key(proposal_id: str, name: str) -> str:
    return f"dc|{proposal_id}|cond.{name}"


def _count(proposal_id: str) -> int:
    return max(1, int(st.session_state.get(_key(proposal_id, "count"), 1)))


def _change_count(proposal_id: str, step: int) -> None:
    st.session_state[_key(proposal_id, "count")] = max(1, _count(proposal_id) + step)


def day_text(day: dt.date | dt.datetime, lang: str) -> str:
    return day.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")


def typed_conditions(proposal_id: str) -> list[dict[str, Any]]:
    """The conditions as typed on the Décision page: text, owner and due date (None while not chosen)."""
    return [{"text": str(st.session_state.get(_key(proposal_id, f"{index}.text")) or ""),
             "owner": str(st.session_state.get(_key(proposal_id, f"{index}.owner")) or ""),
             "due_date": st.session_state.get(_key(proposal_id, f"{index}.due_date"))}
            for index in range(_count(proposal_id))]


def condition_inputs(proposal_id: str, shown: dict[str, str], *, lang: str) -> None:
    """The conditions of an approval under conditions: a text, an owner and a due date each, with the
    service's French message under the field it concerns."""
    with st.container(border=True, key=f"dc_conditions_{proposal_id}"):
        st.markdown(f"**{t('conditions.entry.title')}**")
        st.caption(t("conditions.entry.intro"))
        show_errors([shown["conditions"]] if "conditions" in shown else [])
        for index in range(_count(proposal_id)):
            field = f"conditions[{index}]"
            st.text_area(t("conditions.entry.text", number=index + 1), key=_key(proposal_id, f"{index}.text"),
                         height=70, placeholder=t("conditions.entry.text_placeholder"))
            show_errors([shown[f"{field}.text"]] if f"{field}.text" in shown else [])
            owner, due = st.columns([2, 1])
            with owner:
                st.text_input(t("conditions.entry.owner"), key=_key(proposal_id, f"{index}.owner"),
                              placeholder=t("conditions.entry.owner_placeholder"))
                show_errors([shown[f"{field}.owner"]] if f"{field}.owner" in shown else [])
            with due:
                st.date_input(t("conditions.entry.due_date"), value=None, key=_key(proposal_id, f"{index}.due_date"),
                              format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD")
                show_errors([shown[f"{field}.due_date"]] if f"{field}.due_date" in shown else [])
        with st.container(horizontal=True):
            st.button(t("conditions.entry.add"), key=f"dc.cond.add.{proposal_id}", icon=":material/add:",
                      on_click=_change_count, args=(proposal_id, 1))
            if _count(proposal_id) > 1:
                st.button(t("conditions.entry.remove"), key=f"dc.cond.remove.{proposal_id}",
                          icon=":material/remove:", on_click=_change_count, args=(proposal_id, -1))


# -- the fiche ------------------------------------------------------------------------------------


def _on_mark_met(condition_id: int, text: str) -> None:
    from evaluation.services.permissions import WorkflowError
    from evaluation.services.workflow import Workflow
    from evaluation.storage import StorageError

    comment = str(st.session_state.get(f"cond.comment.{condition_id}") or "")
    try:
        Workflow(data.repository()).mark_condition_met(condition_id, user=auth.person(), comment=comment)
    except (StorageError, WorkflowError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return
    data.clear_caches()
    flash(FLASH_KEY, "success", t("conditions.fiche.done", text=text))


def _state(condition: StoredCondition, today: dt.date) -> tuple[str, Literal["green", "red", "orange"], str]:
    """(label key, badge colour, icon) of a condition's state."""
    if condition.met:
        return "met", "green", ":material/check_circle:"
    if condition.past_due(today):
        return "late", "red", ":material/schedule:"
    return "open", "orange", ":material/pending:"


def conditions_panel(proposal_id: str, *, lang: str, today: dt.date | None = None) -> None:
    """The conditions of the proposal's decisions, each with its state; the people allowed mark an open one
    met with a comment. Nothing is drawn for a proposal without conditions."""
    conditions = data.repository().conditions_of(proposal_id)  # one small query, not cached: always current
    if not conditions:
        return
    today = today or dt.date.today()
    states = Counter(_state(condition, today)[0] for condition in conditions)
    may_mark = auth.may(auth.person(), "mark_condition_met")
    with st.expander(t("conditions.fiche.title"), icon=":material/rule:", expanded=True):
        show_flash(FLASH_KEY)
        st.caption(t("conditions.fiche.summary", total=len(conditions), met=states["met"],
                     open=states["open"] + states["late"], late=states["late"]))
        for condition in conditions:
            state, colour, icon = _state(condition, today)
            with st.container(border=True, key=f"condition_{condition.id}"):
                with st.container(horizontal=True, vertical_alignment="center"):
                    st.badge(t(f"conditions.fiche.{state}"), color=colour, icon=icon)
                    st.markdown(md_escape(condition.text))
                st.caption(label_value(t("conditions.fiche.owner"), md_escape(condition.owner), lang=lang) + " · "
                           + t("conditions.fiche.due", date=day_text(condition.due_date, lang)))
                if condition.met and condition.met_at is not None:
                    st.caption(t("conditions.fiche.met_line", date=day_text(condition.met_at.astimezone(), lang),
                                 who=md_escape(person_label(condition.met_by or "", data.people()))))
                    if condition.met_comment:
                        st.markdown(f"> {md_escape(condition.met_comment)}")
                elif may_mark:
                    with st.popover(t("conditions.fiche.submit"), icon=":material/task_alt:"), \
                            st.form(f"cond.form.{condition.id}", border=False):
                        st.text_area(t("conditions.fiche.comment"), key=f"cond.comment.{condition.id}", height=70,
                                     placeholder=t("conditions.fiche.comment_placeholder"))
                        st.form_submit_button(t("conditions.fiche.submit"), icon=":material/task_alt:",
                                              on_click=_on_mark_met, args=(condition.id, condition.text))
        if not may_mark and states["open"] + states["late"]:
            st.caption(t("conditions.fiche.readonly"))


# -- the portfolio --------------------------------------------------------------------------------


def past_due_by_proposal(today: dt.date | None = None) -> dict[str, int]:
    """Proposal id -> number of its open conditions past their due date (one query, not cached)."""
    found = data.repository().past_due_conditions(today or dt.date.today())
    return dict(Counter(condition.proposal_id for condition in found))
