"""The fiche's Historique tab: decisions, the DSI's opinions and the audit trail, with its CSV export."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from evaluation.storage.audit_export import audit_csv
from ui import data
from ui.formatting import format_number, label_value, md_escape
from ui.i18n import label, t, t_count


def history_tab(proposal_id: str, *, lang: str, version: data.DataVersion) -> None:
    events, reviews, decisions = data.history(proposal_id, version)
    if decisions:
        st.subheader(t("app.fiche.history.decisions"), anchor=False)
        for decision in reversed(decisions):
            _decision(decision, lang=lang)
    if reviews:
        st.subheader(t("app.fiche.history.reviews"), anchor=False)
        _reviews(reviews, lang=lang)
    st.subheader(t("app.fiche.history.events"), anchor=False)
    if not events:
        st.caption(t("app.fiche.history.no_event"))
        return
    _events(proposal_id, events, lang=lang)


def _decision(decision: Any, *, lang: str) -> None:
    """One decision: outcome, when, who, the option chosen, the motivation, what was acknowledged."""
    with st.container(border=True):
        st.markdown(f"**{label('outcome', decision.outcome.value, lang=lang)}** — "
                    f"{_when(decision.created_at, lang)} — {md_escape(decision.author)}")
        if decision.chosen_option:
            st.markdown(label_value(t("app.fiche.history.chosen_option"), f"**{md_escape(decision.chosen_option)}**",
                                    lang=lang))
        if decision.motivation:
            st.markdown(md_escape(decision.motivation))
        if decision.acknowledged:
            st.caption(label_value(t("app.fiche.history.acknowledged"),
                                   ", ".join(md_escape(rule) for rule in decision.acknowledged), lang=lang))
        versions = ", ".join(f"{md_escape(k)} {md_escape(v)}" for k, v in decision.method_versions.items())
        if versions:
            st.caption(label_value(t("app.fiche.history.method_versions"), versions, lang=lang))


def _reviews(reviews: list[Any], *, lang: str) -> None:
    """The DSI's opinions, one line each."""
    table = pd.DataFrame({
        "at": [_when(r.created_at, lang) for r in reviews], "author": [r.author for r in reviews],
        "option": [r.option for r in reviews],
        "opinion": [label("opinion", r.opinion.value, lang=lang) for r in reviews],
        "comment": [r.comment for r in reviews]})
    st.dataframe(table, hide_index=True, key="history_reviews", column_config={
        "at": t("app.fiche.history.at"), "author": t("app.fiche.history.author"),
        "option": t("app.portfolio.col.option"), "opinion": t("app.fiche.history.opinion"),
        "comment": st.column_config.TextColumn(t("app.fiche.history.comment"), width="large")})


def _events(proposal_id: str, events: list[Any], *, lang: str) -> None:
    """The audit trail, newest first, and its CSV export."""
    table = pd.DataFrame({
        "at": [_when(e.at, lang) for e in events],
        "actor": [e.actor for e in events],
        "action": [t(f"app.fiche.history.action.{e.entity_type.value}.{e.action}", default=e.action) for e in events],
        "detail": [_event_detail(e, lang) for e in events],
    }).iloc[::-1]
    st.dataframe(table, hide_index=True, key="history_events", column_config={
        "at": t("app.fiche.history.at"), "actor": t("app.fiche.history.author"),
        "action": t("app.fiche.history.what"),
        "detail": st.column_config.TextColumn(t("app.fiche.history.detail"), width="large")})
    st.caption(t_count("app.fiche.history.count", len(events), count=format_number(len(events), lang=lang)))
    st.download_button(t("app.fiche.history.export"), audit_csv(events), file_name=f"historique-{proposal_id}.csv",
                       mime="text/csv", icon=":material/download:", key="history_export", on_click="ignore",
                       help=t("app.fiche.history.export_help"))


def _when(moment: Any, lang: str) -> str:
    """Local date and time ("21/11/2026 14:03" in French)."""
    try:
        local = moment.astimezone()
    except (AttributeError, ValueError):
        return str(moment)
    return str(local.strftime("%d/%m/%Y %H:%M" if lang == "fr" else "%Y-%m-%d %H:%M"))


def _follow_up_detail(event: Any) -> str:
    """A service change or an import of actual usage: the option, and what changed."""
    after = event.after or {}
    if event.action == "service":
        status = t(f"follow_up.status.{after.get('status')}")
        text = f"{after.get('option')} : {status} ({after.get('on')})"
        return text + (f" — {after['reason']}" if after.get("reason") else "")
    return t("follow_up.history_import", option=after.get("option"), name=after.get("file_name"),
             source=after.get("source"), periods=after.get("periods"), added=after.get("added"),
             replaced=after.get("replaced"), unchanged=after.get("unchanged"))


def _event_detail(event: Any, lang: str) -> str:
    before, after = event.before or {}, event.after or {}
    if event.action in ("service", "actuals_import"):
        return _follow_up_detail(event)
    parts = []
    if isinstance(after, dict) and "status" in after:
        if isinstance(before, dict) and before.get("status") and before.get("status") != after.get("status"):
            parts.append(f"{label('status', before['status'], lang=lang)} → {label('status', after['status'], lang=lang)}")
        else:
            parts.append(label("status", after["status"], lang=lang))
    if isinstance(after, dict) and "version" in after:
        parts.append(t("app.fiche.history.version", version=after["version"]))
    if isinstance(after, dict) and after.get("outcome"):
        parts.append(label("outcome", after["outcome"], lang=lang))
    if isinstance(after, dict) and after.get("opinion"):
        parts.append(label("opinion", after["opinion"], lang=lang))
    return " · ".join(parts)
