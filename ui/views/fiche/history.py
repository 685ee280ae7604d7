"""The fiche's Historique tab: decisions, the DSI's opinions and the audit trail, with its CSV export."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from evaluation.exchange.changes import Lang
from evaluation.storage.audit_export import ChangeRow, CodeLabel, audit_csv, change_rows
from ui import data
from ui.formatting import format_number, label_value, md_escape, person_label
from ui.i18n import enum_label, label, t, t_count
from ui.reports.decision_texts import versions_line

CHANGES_SHOWN = 20  # modification events whose fields are detailed below the table (newest first)


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
                    f"{_when(decision.created_at, lang)} — {md_escape(person_label(decision.author, data.people()))}")
        if decision.chosen_option:
            st.markdown(label_value(t("app.fiche.history.chosen_option"), f"**{md_escape(decision.chosen_option)}**",
                                    lang=lang))
        if decision.motivation:
            st.markdown(md_escape(decision.motivation))
        if decision.acknowledged:
            st.caption(label_value(t("app.fiche.history.acknowledged"),
                                   ", ".join(md_escape(rule) for rule in decision.acknowledged), lang=lang))
        versions = md_escape(versions_line({str(k): str(v) for k, v in decision.method_versions.items()}, lang))
        if versions:
            st.caption(label_value(t("app.fiche.history.method_versions"), versions, lang=lang))


def _reviews(reviews: list[Any], *, lang: str) -> None:
    """The DSI's opinions, one line each."""
    table = pd.DataFrame({
        "at": [_when(r.created_at, lang) for r in reviews], "author": [person_label(r.author, data.people()) for r in reviews],
        "option": [r.option for r in reviews],
        "opinion": [label("opinion", r.opinion.value, lang=lang) for r in reviews],
        "comment": [r.comment for r in reviews]})
    st.dataframe(table, hide_index=True, key="history_reviews", column_config={
        "at": t("app.fiche.history.at"), "author": t("app.fiche.history.author"),
        "option": t("app.portfolio.col.option"), "opinion": t("app.fiche.history.opinion"),
        "comment": st.column_config.TextColumn(t("app.fiche.history.comment"), width="large")})


def code_label(lang: str) -> CodeLabel:
    """Names of coded values in the dashboard's language (statuses, outcomes, opinions, enumerations)."""
    def name(path: str, enum_name: str | None, value: Any) -> str | None:
        if path in ("status", "outcome", "opinion"):
            return label(path, value, lang=lang)
        return enum_label(enum_name, value, lang=lang) if enum_name else None
    return name


def _action(event: Any) -> str:
    return str(t(f"app.fiche.history.action.{event.entity_type.value}.{event.action}", default=event.action))


def _events(proposal_id: str, events: list[Any], *, lang: str) -> None:
    """The audit trail, newest first, the fields each change modified, and its CSV export."""
    language: Lang = "en" if lang == "en" else "fr"
    changes = [change_rows(e, lang=language, code_label=code_label(lang)) for e in events]
    names = data.people()
    table = pd.DataFrame({
        "at": [_when(e.at, lang) for e in events],
        "actor": [person_label(e.actor, names) for e in events],
        "action": [_action(e) for e in events],
        "detail": [_event_detail(e, lang) for e in events],
        "changes": [", ".join(row.label for row in rows) for rows in changes],
    }).iloc[::-1]
    st.dataframe(table, hide_index=True, key="history_events", column_config={
        "at": t("app.fiche.history.at"), "actor": t("app.fiche.history.author"),
        "action": t("app.fiche.history.what"),
        "detail": st.column_config.TextColumn(t("app.fiche.history.detail")),
        "changes": st.column_config.TextColumn(t("app.fiche.history.changes"), width="large")})
    st.caption(t_count("app.fiche.history.count", len(events), count=format_number(len(events), lang=lang)))
    st.download_button(t("app.fiche.history.export"), audit_csv(events, lang=language, code_label=code_label(lang)),
                       file_name=f"historique-{proposal_id}.csv", mime="text/csv", icon=":material/download:",
                       key="history_export", on_click="ignore", help=t("app.fiche.history.export_help"))
    _changes(events, changes, lang=lang, names=names)


def _changes(events: list[Any], changes: list[list[ChangeRow]], *, lang: str, names: dict[str, str]) -> None:
    """Each modification's fields, before and after, newest first (the most recent one open)."""
    changed = [(event, rows) for event, rows in zip(events, changes, strict=True) if rows][::-1]
    if not changed:
        return
    st.markdown(f"**{t('app.fiche.history.changes_title')}**")
    for position, (event, rows) in enumerate(changed[:CHANGES_SHOWN]):
        title = (f"{_when(event.at, lang)} · {md_escape(person_label(event.actor, names))} · {_action(event)} · "
                 + t_count("app.fiche.history.fields_changed", len(rows), count=len(rows)))
        with st.expander(title, expanded=position == 0):
            # A static table: long field labels wrap instead of being cut; its cells are Markdown, so every text
            # (typed by people: option names, values) is escaped.
            st.table(pd.DataFrame({t("app.fiche.history.field"): [md_escape(row.label) for row in rows],
                                   t("app.fiche.history.before"): [md_escape(row.before) for row in rows],
                                   t("app.fiche.history.after"): [md_escape(row.after) for row in rows]}),
                     hide_index=True)
    if len(changed) > CHANGES_SHOWN:
        st.caption(t("app.fiche.history.changes_more", count=len(changed) - CHANGES_SHOWN))


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
    if isinstance(after, dict) and after.get("condition") and after.get("text"):  # a condition marked met
        parts.append(f"« {after['text']} »" if lang == "fr" else f"\"{after['text']}\"")
    return " · ".join(parts)
