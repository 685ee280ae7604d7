"""Bilan SNR: the AI part of the annual bilan of the stratégie numérique responsable, for a year chosen:
the figures, the charts, the French text to paste into the report, and the documents to download.

Figures, text and files come from evaluation.bilan (pure, over the stored decisions, lifecycle and
actuals), through ui.data's caches; typed text (titles, objectives, conditions) is escaped."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pandas as pd
import streamlit as st

from evaluation.bilan.model import CRITERIA, Bilan, Group, Range
from evaluation.bilan.text import paragraphs
from evaluation.services.permissions import Action, PermissionDenied, require
from ui import auth, data
from ui.formatting import format_euros, format_number, format_range, md_escape
from ui.i18n import t
from ui.widgets import empty_state, lang, page_header

ICON = ":material/eco:"
FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "odt": "application/vnd.oasis.opendocument.text",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "pdf": "application/pdf", "json": "application/json"}


def _range(value: Range, criterion: str, page_lang: str) -> str:
    return format_range(value.min, value.max, criterion, lang=page_lang) if value.known else t("app.common.not_estimated")


def _years() -> list[int]:
    """From the first decision or day in service (at most 5 years back when there is none) to this year."""
    this_year = dt.date.today().year
    first = data.bilan_first_year()
    return list(range(min(first or this_year, this_year - 5), this_year + 1))


def key_figures(bilan: Bilan, page_lang: str) -> None:
    counts = bilan.counts
    with st.container(horizontal=True):
        st.metric(t("bilan.metric.received"), format_number(counts.received, lang=page_lang), border=True)
        st.metric(t("bilan.metric.evaluated"), format_number(counts.evaluated, lang=page_lang), border=True)
        st.metric(t("bilan.metric.decided"), format_number(sum(counts.decided.values()), lang=page_lang),
                  border=True)
        st.metric(t("bilan.metric.in_service"), format_number(len(bilan.projects), lang=page_lang), border=True)
    with st.container(horizontal=True):
        for criterion in ("gwp_kgco2eq", "energy_kwh", "wcf_l"):
            st.metric(t(f"app.footprint.{criterion}"), _range(bilan.totals[criterion], criterion, page_lang),
                      border=True)
        st.metric(t("bilan.metric.avoided"), _range(bilan.avoided_totals["gwp_kgco2eq"], "gwp_kgco2eq", page_lang),
                  border=True)


def _projects_frame(bilan: Bilan, page_lang: str) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for line in bilan.projects:
        row: dict[str, Any] = {
            t("bilan.col.project"): line.title, t("bilan.col.option"): line.option,
            t("bilan.col.days"): line.in_service_days,
            t("bilan.col.basis"): t(f"bilan.basis.{line.basis}", days=line.actual_days),
            t("bilan.col.status"): t(f"bilan.status.{line.status}"),
        }
        row.update({t(f"app.footprint.{c}"): _range(line.annual[c], c, page_lang) for c in CRITERIA})
        row[t("bilan.col.spend")] = format_euros(line.spend_eur, lang=page_lang) if line.spend_eur is not None else "—"
        rows.append(row)
    return pd.DataFrame(rows)


def _groups_frame(groups: tuple[Group, ...], page_lang: str, labels: dict[str, str] | None = None) -> pd.DataFrame:
    return pd.DataFrame([{t("bilan.col.group"): (labels or {}).get(g.key, g.key), t("bilan.col.projects"): len(g.projects),
                          **{t(f"app.footprint.{c}"): _range(g.annual[c], c, page_lang) for c in CRITERIA}}
                         for g in groups])


def footprint_section(bilan: Bilan, page_lang: str) -> None:
    st.subheader(t("bilan.section.footprint"), anchor=False)
    if not bilan.projects:
        st.info(t("bilan.no_project", year=bilan.year), icon=":material/info:")
        return
    st.dataframe(_projects_frame(bilan, page_lang), hide_index=True)
    left_out = sorted({pid for names in bilan.left_out.values() for pid in names})
    st.caption(t("bilan.totals_caption") + (" " + t("bilan.left_out", ids=", ".join(left_out)) if left_out else ""))
    key = data.bilan_key()
    st.image(data.bilan_chart("projects", bilan.year, key, page_lang), caption=t("bilan.chart.projects"),
             alt=data.bilan_chart_text("projects", bilan.year, key, page_lang))
    tabs = st.tabs([t("bilan.by.objective"), t("bilan.by.direction"), t("bilan.by.category")])
    categories = {c: t(f"app.category.{c}") for c in {line.category for line in bilan.projects}}
    for tab, groups, labels in zip(tabs, (bilan.by_objective, bilan.by_direction, bilan.by_category),
                                   (None, None, categories), strict=True):
        with tab:
            st.dataframe(_groups_frame(groups, page_lang, labels), hide_index=True)
    st.image(data.bilan_chart("objectives", bilan.year, key, page_lang), caption=t("bilan.chart.objectives"),
             alt=data.bilan_chart_text("objectives", bilan.year, key, page_lang))


def avoided_budget_compliance(bilan: Bilan, page_lang: str) -> None:
    st.subheader(t("bilan.section.avoided"), anchor=False)
    if bilan.avoided:
        st.dataframe(pd.DataFrame([{
            t("bilan.col.project"): a.title, t("bilan.col.chosen"): a.chosen, t("bilan.col.instead_of"): a.instead_of,
            t("bilan.col.days"): a.in_service_days,
            t("app.footprint.gwp_kgco2eq"): _range(a.footprint["gwp_kgco2eq"], "gwp_kgco2eq", page_lang),
            t("bilan.col.cost_avoided"): format_euros(a.annual_cost_eur, lang=page_lang)
            if a.annual_cost_eur is not None else "—"} for a in bilan.avoided]), hide_index=True)
    else:
        st.caption(t("bilan.no_avoided"))
    st.subheader(t("bilan.section.budget"), anchor=False)
    budget = bilan.budget
    with st.container(horizontal=True):
        st.metric(t("bilan.metric.npv"), format_euros(budget.npv_approved, lang=page_lang, compact=True), border=True)
        st.metric(t("bilan.metric.spend"), format_euros(budget.spend_total, lang=page_lang,
                                                        compact=True), border=True)
        st.metric(t("bilan.metric.spend_actual"), format_euros(budget.spend_actual, lang=page_lang, compact=True),
                  border=True)
    st.subheader(t("bilan.section.compliance"), anchor=False)
    compliance = bilan.compliance
    fails = sum(1 for r in compliance.rules if r.status == "fail")
    with st.container(horizontal=True):
        st.metric(t("bilan.metric.rules_fail"), fails, border=True)
        st.metric(t("bilan.metric.rules_warn"), len(compliance.rules) - fails, border=True)
        st.metric(t("bilan.metric.conditions"), "—" if compliance.open_conditions is None
                  else len(compliance.open_conditions), border=True)
        st.metric(t("bilan.metric.register"), "—" if compliance.register_published is None
                  else compliance.register_published, border=True)
    if compliance.register_published is None:
        st.caption(t("bilan.register_unavailable"))
    if compliance.open_conditions:
        st.dataframe(pd.DataFrame([{t("bilan.col.proposal"): c.proposal_id, t("bilan.col.condition"): c.text,
                                    t("bilan.col.owner"): c.owner, t("bilan.col.due"): c.due,
                                    t("bilan.col.past_due"): t("bilan.past_due.yes") if c.past_due else t("bilan.past_due.no")}
                                   for c in compliance.open_conditions]), hide_index=True)


def text_section(bilan: Bilan) -> None:
    st.subheader(t("bilan.section.text"), anchor=False)
    st.caption(t("bilan.text_caption"))
    blocks = paragraphs(bilan)
    for heading, text in blocks:
        st.markdown(f"**{md_escape(heading)}**  \n{md_escape(text)}")
    with st.expander(t("bilan.copy")):
        st.code("\n\n".join(f"{heading}\n{text}" for heading, text in blocks), language=None, wrap_lines=True)


def downloads(year: int) -> None:
    st.subheader(t("bilan.section.downloads"), anchor=False)
    with st.container(horizontal=True):
        for fmt, mime in FORMATS.items():
            st.download_button(fmt.upper(), data=functools.partial(data.bilan_file, year, fmt),
                               file_name=f"jauge-bilan-snr-{year}.{fmt}", mime=mime, key=f"bilan.{fmt}",
                               icon=":material/download:", on_click="ignore")
    st.caption(t("bilan.downloads_caption"))


def main() -> None:
    page_lang = lang()
    page_header(t("bilan.title"), t("bilan.intro"), icon=ICON)
    try:
        require(auth.person(), Action.VIEW_BILAN)  # the navigation hides the page; the check stands anyway
    except PermissionDenied as exc:
        st.error(str(exc), icon=":material/block:")
        return
    years = _years()
    year = st.selectbox(t("bilan.year"), years, index=len(years) - 1, key="bilan.year")
    bilan = data.bilan(int(year))
    if not any(bilan.counts.decided.values()) and not bilan.projects and not bilan.counts.received:
        empty_state(t("bilan.empty", year=year), icon=ICON)
        downloads(int(year))
        return
    key_figures(bilan, page_lang)
    st.subheader(t("bilan.section.proposals"), anchor=False)
    st.image(data.bilan_chart("decisions", bilan.year, data.bilan_key(), page_lang),
             caption=t("bilan.chart.decisions", year=bilan.year),
             alt=data.bilan_chart_text("decisions", bilan.year, data.bilan_key(), page_lang))
    footprint_section(bilan, page_lang)
    avoided_budget_compliance(bilan, page_lang)
    text_section(bilan)
    downloads(int(year))


main()
