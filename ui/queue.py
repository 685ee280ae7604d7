"""Pieces shared by the Revue and Décision pages: the queue of proposals waiting, the chosen one in the
URL (?proposal=...), and each option's key figures."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from evaluation.table.columns import (
    CHK_VERDICT,
    FIN_BUDGET_NPV,
    FIN_SOCIO_NPV,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    FP_BEST_ALTERNATIVE_GWP_SAVING,
    FP_ESTIMATED,
    MX_QUADRANT,
    OPTION_KIND,
    OPTION_NAME,
)
from evaluation.table.read import is_missing
from ui import auth, data
from ui.formatting import as_number, format_euros, format_percent, format_range, md_escape
from ui.i18n import current_language, t, t_code
from ui.pages import page_path
from ui.widgets import quadrant_badge, verdict_badge

QUERY = "proposal"


def _on_pick(key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen:
        st.query_params[QUERY] = chosen
    else:
        st.query_params.pop(QUERY, None)


def queue_picker(statuses: Sequence[Any], *, key: str, label: str) -> Any | None:
    """The proposals in these statuses, oldest change first; returns the chosen summary (or None)."""
    summaries = data.repository().list_proposals(statuses=list(statuses))
    summaries = sorted(summaries, key=lambda s: s.updated_at)
    if not summaries:
        return None
    by_id = {summary.id: summary for summary in summaries}
    requested = st.query_params.get(QUERY)
    st.session_state[key] = requested if requested in by_id else summaries[0].id
    st.selectbox(label, list(by_id), key=key, on_change=_on_pick, args=(key,),
                 format_func=lambda pid: f"{by_id[pid].title} · {t_code('app.status', by_id[pid].status.value)}"
                                         f" · {by_id[pid].updated_at:%d/%m/%Y}")
    st.caption(t("forms.queue.count", count=len(summaries)))
    return by_id[st.session_state[key]]


def footprint_text(row: Mapping[str, Any], lang: str) -> str:
    low, high = row.get(FP_ANNUAL_GWP_MIN), row.get(FP_ANNUAL_GWP_MAX)
    if not bool(row.get(FP_ESTIMATED, True)) or (is_missing(low) and is_missing(high)):
        return t("app.common.not_estimated")
    return format_range(low, high, "gwp_kgco2eq", lang=lang)


def option_figures(row: Mapping[str, Any]) -> None:
    """An option's name, kind, verdict, quadrant, annual emissions, NPV and frugal saving."""
    lang = current_language()
    st.markdown(f"**{md_escape(row.get(OPTION_NAME) or '')}** · {t_code('app.kind', row.get(OPTION_KIND))}")
    with st.container(horizontal=True):
        verdict_badge(row.get(CHK_VERDICT))
        if row.get(MX_QUADRANT):
            quadrant_badge(row.get(MX_QUADRANT))
    separator = " : " if lang == "fr" else ": "
    st.markdown(f"{t('forms.preview.gwp')}{separator}**{footprint_text(row, lang)}**  \n"
                f"{t('app.metric.budget_npv')}{separator}**{format_euros(row.get(FIN_BUDGET_NPV), lang=lang)}** · "
                f"{t('app.metric.socio_npv')}{separator}**{format_euros(row.get(FIN_SOCIO_NPV), lang=lang)}**")
    saving = as_number(row.get(FP_BEST_ALTERNATIVE_GWP_SAVING))
    if not math.isnan(saving) and saving > 0.05:
        st.caption(t("forms.queue.frugal_saving", share=format_percent(saving, lang=lang)))


def proposal_head(summary: Any) -> None:
    """Title, direction, sponsor and a link to the fiche."""
    st.subheader(md_escape(summary.title), anchor=False)
    details = [part for part in (summary.direction, summary.sponsor) if part]
    if details:
        st.caption(md_escape(" · ".join(details)))
    user = auth.current_user()
    with st.container(horizontal=True):
        # Only the pages the person's navigation holds can be linked to.
        if auth.sees_page(user, "fiche"):
            st.page_link(page_path("fiche"), label=t("app.common.open_fiche"), icon=":material/article:",
                         query_params={QUERY: summary.id})
        if auth.sees_page(user, "proposal"):
            st.page_link(page_path("proposal"), label=t("forms.queue.edit"), icon=":material/edit_note:",
                         query_params={QUERY: summary.id})


def evaluated_rows(proposal_id: str) -> list[dict[str, Any]]:
    frame = data.proposal_options(proposal_id, lang=current_language())
    return [] if frame.empty else [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]
