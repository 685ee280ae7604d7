"""The decision of a decided proposal at the top of the fiche's Synthèse tab: outcome, date, who, option retained,
motivation, conditions, the DSI's opinions, the points acknowledged, the frozen versions, and a button that
reproduces the frozen evaluation. Texts come from ui/reports/decision_texts.py (the PDF's); what people typed is
escaped (md_escape) or shown in tables, which render no markup."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from evaluation.services.decision_file import DecisionFile
from ui.formatting import label_value, md_escape
from ui.i18n import t
from ui.reports import decision_texts as texts

OUTCOME_COLOURS = {"approuve": "green", "approuve_sous_conditions": "orange", "rejete": "red", "ajourne": "gray"}
OUTCOME_ICONS = {"approuve": ":material/check_circle:", "approuve_sous_conditions": ":material/rule:",
                 "rejete": ":material/cancel:", "ajourne": ":material/schedule:"}


def _table(rows: list[list[str]], key: str, *, wide: int) -> None:
    """A header row then values, as a table (cells are plain text); column `wide` holds the long texts."""
    frame = pd.DataFrame(rows[1:], columns=[f"c{i}" for i in range(len(rows[0]))])
    st.dataframe(frame, hide_index=True, key=key, width="stretch", column_config={
        f"c{i}": st.column_config.TextColumn(name, width="large" if i == wide else "medium" if i == 0 else "small")
        for i, name in enumerate(rows[0])})


def decision_block(file: DecisionFile, *, lang: str) -> None:
    outcome = file.outcome.value
    with st.container(border=True, key="fiche_decision"):
        st.markdown(f"**{t('decision.title')}**")
        with st.container(horizontal=True, vertical_alignment="center"):
            st.badge(md_escape(texts.outcome_line(file, lang)), color=OUTCOME_COLOURS.get(outcome, "gray"),  # type: ignore[arg-type]
                     icon=OUTCOME_ICONS.get(outcome))
        if file.retained:
            st.markdown(label_value(t("decision.retained"), f"**{md_escape(file.retained)}**", lang=lang))
        else:
            st.caption(t("decision.no_retained"))
        st.markdown(f"**{t('decision.motivation')}**")
        st.markdown(md_escape(file.decision.motivation))
        if file.conditions or outcome == "approuve_sous_conditions":
            st.markdown(f"**{t('decision.conditions')}**")
            if file.conditions:
                _table(texts.condition_rows(file, lang, dt.date.today()), "fiche_decision_conditions", wide=0)
            else:
                st.caption(t("decision.no_condition"))
        st.markdown(f"**{t('decision.opinions')}**")
        if file.opinions:
            _table(texts.opinion_rows(file, lang), "fiche_decision_opinions", wide=2)
        else:
            st.caption(t("decision.no_opinion"))
        if file.approved:
            st.markdown(f"**{t('decision.acknowledged')}**")
            if file.acknowledged:
                _table(texts.acknowledged_rows(file, lang), "fiche_decision_acknowledged", wide=2)
            else:
                st.caption(t("decision.no_acknowledged"))
        st.caption(label_value(t("decision.versions"), md_escape(texts.versions_line(file.versions, lang)),
                               lang=lang))
        _reproduce(file, lang=lang)


def _reproduce(file: DecisionFile, *, lang: str) -> None:
    """The button that re-evaluates the frozen inputs, and its answer (kept for the session)."""
    key = f"fiche.reproduction.{file.decision.id}"
    if st.button(t("decision.reproduce.button"), key=f"fiche_reproduce_{file.decision.id}",
                 icon=":material/replay:", help=t("decision.reproduce.help")):
        from evaluation.services.reproduce import reproduce_decision

        with st.spinner(t("decision.reproduce.title")):
            st.session_state[key] = reproduce_decision(file.decision)
    result = st.session_state.get(key)
    if result is None:
        return
    lines = texts.reproduction_lines(result, lang)
    with st.container(key="fiche_reproduction"):
        if result.identical:
            st.success(md_escape(lines[0]), icon=":material/verified:")
        else:
            st.warning("  \n".join(md_escape(line) for line in lines[:-1]), icon=":material/difference:")
            _table(texts.difference_rows(result, lang, limit=len(result.differences)), "fiche_reproduction_table", wide=1)
        st.caption(md_escape(lines[-1]))
