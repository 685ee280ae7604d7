"""Portefeuille: key figures, the cost-benefit matrix, filters and the table of every option.

Everything drawn here comes from `data.portfolio_rows`: the page's rows, prepared once per data
version and language and cached (read-only). A rerun (a filter change) only masks those rows,
sums the key figures and serialises what is shown: the table's thirteen columns, the matrix's points.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evaluation.table.columns import CHK_VERDICT, MX_MATRIX, OPTION_INDEX, PROPOSAL_ID, PROPOSAL_TITLE
from ui import data
from ui.charts import matrix_figure
from ui.conditions import past_due_by_proposal
from ui.formatting import format_euros, format_number, format_range, label_value, matrix_label, md_escape
from ui.i18n import current_language, label, t, t_count
from ui.summaries import filter_options, key_figures
from ui.views.portfolio import rows as portfolio_rows
from ui.views.portfolio.rows import PortfolioRows
from ui.widgets import empty_state, go_to_fiche, lang, left_out_text, metric_card, page_header, page_link, plotly


def filters(prepared: PortfolioRows) -> pd.DataFrame:
    """The rows the filters keep (the filters are kept for the session when the person leaves the page)."""
    choices = prepared.choices
    with st.container(border=False, key="pf_filters"):
        cols = st.columns(4)
        statuses = cols[0].multiselect(
            t("app.portfolio.filter.status"), choices["status"], key="pf_status", persist_state="session",
            format_func=lambda code: label("status", code), select_all=False, placeholder=t("app.common.all"))
        directions = cols[1].multiselect(
            t("app.portfolio.filter.direction"), choices["direction"], key="pf_direction",
            persist_state="session", select_all=False, placeholder=t("app.common.all"))
        categories = cols[2].multiselect(
            t("app.portfolio.filter.category"), choices["category"], key="pf_category", persist_state="session",
            format_func=lambda code: label("category", code), select_all=False, placeholder=t("app.common.all"))
        verdicts = cols[3].multiselect(
            t("app.portfolio.filter.verdict"), choices[CHK_VERDICT],
            key="pf_verdict", persist_state="session", format_func=lambda code: label("verdict", code),
            select_all=False, placeholder=t("app.common.all"))
    return filter_options(prepared.rows, statuses=statuses, directions=directions, categories=categories,
                          verdicts=verdicts)


def past_due(rows: pd.DataFrame, shown: pd.DataFrame, late: dict[str, int]) -> pd.DataFrame:
    """The proposals with open conditions past their due date: a banner naming them and a switch that keeps
    only them (nothing drawn while there is none)."""
    if not late:
        return shown
    titles = dict(zip(rows[PROPOSAL_ID].astype(str), rows[PROPOSAL_TITLE].astype(str), strict=False))
    names = ", ".join(md_escape(titles.get(pid, pid)) + f" ({t('conditions.portfolio.count', count=count)})"
                      for pid, count in sorted(late.items()))
    with st.container(horizontal=True, vertical_alignment="center", key="pf_past_due"):
        st.warning(t_count("conditions.portfolio.banner", len(late), count=len(late), names=names),
                   icon=":material/schedule:")
        only = st.toggle(t("conditions.portfolio.only"), key="pf_past_due_only", help=t("conditions.portfolio.only_help"))
    if not only:
        return shown
    kept = shown.loc[shown[PROPOSAL_ID].astype(str).isin(late)]
    if kept.empty:
        st.caption(t("conditions.portfolio.none"))
    return kept


def key_figure_cards(shown: pd.DataFrame, page_lang: str) -> None:
    """Proposals and options, annual emissions, NPV and blocking rules of the shown rows."""
    figures = key_figures(shown)
    cards = st.columns(4)
    with cards[0]:
        status_text = " · ".join(f"{label('status', s)} {n}" for s, n in figures.by_status.items() if n)
        options = t_count("app.portfolio.kpi.options", figures.options,
                          count=format_number(figures.options, lang=page_lang))
        metric_card(t("app.portfolio.kpi.proposals"), format_number(figures.proposals, lang=page_lang),
                    source=options + (f" — {status_text}" if status_text else ""),
                    icon=":material/folder_open:", key="kpi_proposals")
    with cards[1]:
        gwp_mean = (figures.gwp_kg_min + figures.gwp_kg_max) / 2
        metric_card(t("app.portfolio.kpi.gwp"), format_range(gwp_mean, gwp_mean, "gwp_kgco2eq", lang=page_lang),
                    range_text=format_range(figures.gwp_kg_min, figures.gwp_kg_max, "gwp_kgco2eq", lang=page_lang),
                    source=t("app.portfolio.kpi.gwp_source") + left_out_text(figures.gwp_left_out, page_lang),
                    icon=":material/co2:", key="kpi_gwp")
    with cards[2]:
        socio = t("app.portfolio.kpi.socio_npv", value=format_euros(figures.socio_npv_eur, lang=page_lang,
                                                                    compact=True))
        metric_card(t("app.portfolio.kpi.budget_npv"), format_euros(figures.budget_npv_eur, lang=page_lang,
                                                                    compact=True),
                    source=f"{socio}  \n{t('app.portfolio.kpi.npv_source')}"
                           + left_out_text(figures.socio_left_out, page_lang),
                    help_text=t("app.npv.definitions"), icon=":material/euro:", key="kpi_npv")
    with cards[3]:
        metric_card(t("app.portfolio.kpi.blocking"), format_number(figures.blocking_proposals, lang=page_lang),
                    source=t_count("app.portfolio.kpi.blocking_source", figures.blocking_options,
                                   count=format_number(figures.blocking_options, lang=page_lang)),
                    icon=":material/block:", key="kpi_blocking")


def matrix(rows: pd.DataFrame, shown: pd.DataFrame, version: data.DataVersion, page_lang: str) -> None:
    """The cost-benefit matrix of the shown rows: a click on a bubble opens the proposal's fiche."""
    ctx = data.context(version, page_lang)
    value_threshold, cost_threshold = data.quadrant_thresholds(ctx)
    drawn = portfolio_rows.matrix_rows(shown)
    event = plotly(matrix_figure(drawn, lang=page_lang, value_threshold=value_threshold,
                                 cost_threshold=cost_threshold, quadrant_labels=data.quadrant_labels(ctx, page_lang)),
                   key="pf_matrix", on_select="rerun", selection_mode=("points",),
                   figures_beside=True)  # the portfolio's table below lists every bubble's figures
    st.caption(t("app.portfolio.matrix_caption",
                 matrix=matrix_label(shown[MX_MATRIX].iloc[0], lang=current_language()) if MX_MATRIX in shown else "—"))
    if len(drawn) < len(shown):
        st.caption(t("app.portfolio.matrix_capped", drawn=format_number(len(drawn), lang=page_lang),
                     total=format_number(len(shown), lang=page_lang)))
    points = getattr(getattr(event, "selection", None), "points", None) or []
    if points:
        row = points[0].get("customdata")  # the option's row label in the prepared rows
        if isinstance(row, int | float) and 0 <= int(row) < len(rows):  # the prepared rows are indexed 0..n-1
            go_to_fiche(str(rows[PROPOSAL_ID].to_numpy()[int(row)]), int(rows[OPTION_INDEX].to_numpy()[int(row)]))


def table_page(shown: pd.DataFrame, page_lang: str) -> pd.DataFrame:
    """The rows the table draws: all of them up to PAGE_ROWS; beyond, one page of them in the order
    chosen (over every shown row), with the order and the page to choose above the table."""
    size = portfolio_rows.PAGE_ROWS
    pages = portfolio_rows.page_count(shown, size)
    if pages == 1:
        return shown
    if st.session_state.get("pf_page", 1) > pages:  # fewer rows since the page was chosen (a filter)
        st.session_state["pf_page"] = 1
    with st.container(horizontal=True, vertical_alignment="bottom", key="pf_paging"):
        sort = st.selectbox(t("app.portfolio.table.sort"), list(portfolio_rows.SORTS), key="pf_sort",
                            format_func=lambda name: t(f"app.portfolio.table.sort_by.{name}"), width=280)
        number = st.selectbox(
            t("app.portfolio.table.page"), range(1, pages + 1), key="pf_page", width=280,
            format_func=lambda n: t("app.portfolio.table.page_rows", page=format_number(n, lang=page_lang),
                                    first=format_number((n - 1) * size + 1, lang=page_lang),
                                    last=format_number(min(n * size, len(shown)), lang=page_lang)))
        st.caption(t("app.portfolio.table.paged", size=format_number(size, lang=page_lang),
                     total=format_number(len(shown), lang=page_lang)))
    return portfolio_rows.page(shown, sort=sort, number=int(number), size=size)


def options_table(shown: pd.DataFrame, page_lang: str, version: data.DataVersion,
                  late: dict[str, int] | None = None) -> None:
    """The table of options, sortable: its display columns only, numbers kept as numbers (the browser
    formats them in its language, and sorting stays numeric); annual CO2e in the unit that suits them.
    A click on a line opens the proposal's fiche."""
    st.subheader(t("app.portfolio.table.title"), anchor=False)
    page = table_page(shown, page_lang)
    table, gwp_unit = portfolio_rows.table(page, unit_rows=shown)
    if late:
        marked = page[PROPOSAL_ID].astype(str).isin(late).to_numpy()
        table["status"] = table["status"].astype(str).where(
            ~marked, table["status"].astype(str) + " · ⚠ " + t("conditions.portfolio.marker"))
    flags = data.follow_flags(version)  # the run's version, read once (a query of the stored data)
    follow = portfolio_rows.follow_up_labels(page, flags, lang=page_lang)
    if follow is not None:
        table.insert(list(table.columns).index("option") + 1, "follow", follow)
        st.caption(label_value(t("follow_up.portfolio.summary"), portfolio_rows.follow_up_summary(
            shown, flags, lang=page_lang), lang=page_lang))

    selection = st.dataframe(
        table, key="pf_table", hide_index=True, on_select="rerun", selection_mode="single-row",
        column_config={
            "title": st.column_config.TextColumn(t("app.portfolio.col.title"), width="medium"),
            "option": st.column_config.TextColumn(t("app.portfolio.col.option"), width="large"),
            "kind": st.column_config.TextColumn(t("app.portfolio.col.kind")),
            "model": st.column_config.TextColumn(t("app.portfolio.col.model")),
            "direction": st.column_config.TextColumn(t("app.portfolio.col.direction")),
            "status": st.column_config.TextColumn(t("app.portfolio.col.status")),
            "follow": st.column_config.TextColumn(t("follow_up.portfolio.col"), help=t("follow_up.portfolio.col_help")),
            "verdict": st.column_config.TextColumn(t("app.portfolio.col.verdict")),
            "quadrant": st.column_config.TextColumn(t("app.portfolio.col.quadrant")),
            "value": st.column_config.NumberColumn(t("app.portfolio.col.value"), help=t("app.portfolio.col.value_help"),
                                                   format="localized", step=0.1),
            "cost": st.column_config.NumberColumn(t("app.portfolio.col.cost"), help=t("app.portfolio.col.cost_help"),
                                                  format="localized", step=0.1),
            "gwp": st.column_config.NumberColumn(f"{t('app.portfolio.col.gwp')} ({gwp_unit})",
                                                 help=t("app.portfolio.col.gwp_help"), format="localized"),
            "budget_npv": st.column_config.NumberColumn(t("app.metric.budget_npv"), help=t("app.npv.definitions"),
                                                        format="euro", step=1),
            "socio_npv": st.column_config.NumberColumn(t("app.metric.socio_npv"), help=t("app.npv.definitions"),
                                                       format="euro", step=1),
            "rank": st.column_config.NumberColumn(t("app.portfolio.col.rank"), help=t("app.portfolio.col.rank_help"),
                                                  format="localized", step=1),
        },
    )
    st.caption(label_value(t("app.portfolio.table.hint"), t("app.portfolio.table.hint_text"), lang=page_lang))
    chosen_rows = getattr(getattr(selection, "selection", None), "rows", None) or []
    if chosen_rows:
        chosen = page.iloc[int(chosen_rows[0])]
        go_to_fiche(str(chosen[PROPOSAL_ID]), int(chosen[OPTION_INDEX]))


def main() -> None:
    page_lang = lang()
    page_header(t("app.portfolio.title"), t("app.portfolio.intro"), icon=":material/bubble_chart:")
    version = data.data_version()
    bar = st.empty()
    data.wait_for_portfolio(page_lang, version, lambda done, total: bar.progress(
        done / total, text=t("app.portfolio.evaluating", done=done, total=total)))
    bar.empty()
    prepared = data.portfolio_rows(page_lang, version)
    if prepared.rows.empty:
        empty_state(t("app.portfolio.empty"), icon=":material/inbox:", link_to="import-export",
                    link_label=t("app.portfolio.empty_import"), link_action="import_proposals")
        page_link("proposal", t("app.portfolio.empty_new"), icon=":material/add:", action="create_proposal")
        return
    shown = filters(prepared)
    late = past_due_by_proposal()
    shown = past_due(prepared.rows, shown, late)
    if shown.empty:
        empty_state(t("app.portfolio.no_match"), icon=":material/filter_alt_off:")
        return
    key_figure_cards(shown, page_lang)
    matrix(prepared.rows, shown, version, page_lang)
    options_table(shown, page_lang, version, late)


main()
