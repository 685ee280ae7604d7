"""The fiche's Coût-bénéfice tab: NPV, IRR, payback, ROI, TCO, carbon cost, the yearly cash flows,
the comparison with the option without AI and the sensitivity of the NPV."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from evaluation.table.columns import (
    FIN_BASELINE,
    FIN_BENEFITS,
    FIN_BUDGET_NPV,
    FIN_CARBON_COST_NPV,
    FIN_CARBON_COST_NPV_MAX,
    FIN_CARBON_COST_NPV_MIN,
    FIN_DISCOUNT_RATE,
    FIN_HOURS_SAVED_PER_YEAR,
    FIN_IRR,
    FIN_NPV,
    FIN_PAYBACK_YEARS,
    FIN_ROI,
    FIN_SOCIO_NPV,
    FIN_SOCIO_NPV_MAX,
    FIN_SOCIO_NPV_MIN,
    FIN_TCO,
    FIN_TRAINING_TIME,
    HORIZON,
    HOURLY_COST,
    OPTION_INDEX,
    OPTION_KIND,
    PROPOSAL_ID,
)
from evaluation.table.read import is_missing
from ui import charts, data
from ui.formatting import (
    as_number,
    format_euro_range,
    format_euros,
    format_number,
    format_percent,
    format_years,
    label_value,
    md_escape,
)
from ui.i18n import t
from ui.views.fiche.baseline import baseline_lines, cost_per_tonne_note
from ui.widgets import metric_card, plotly


def finance_tab(row: pd.Series, *, lang: str, version: data.DataVersion, ctx: Any) -> None:
    _return_cards(row, lang=lang)
    _cost_cards(row, lang=lang, ctx=ctx)
    _flows(row, lang=lang, version=version)
    _baseline(row, lang=lang)
    _tornado(row, lang=lang, version=version, ctx=ctx)


def _return_cards(row: pd.Series, *, lang: str) -> None:
    """Budget and socio-economic NPV (MAREVA 2), IRR and payback, each with where it comes from."""
    rate = format_percent(row.get(FIN_DISCOUNT_RATE), lang=lang)
    cards = st.columns(4)
    irr = row.get(FIN_IRR)
    payback = row.get(FIN_PAYBACK_YEARS)
    discounted = t("app.fiche.kpi.npv_source", rate=rate, horizon=format_number(row.get(HORIZON), lang=lang))
    figures = (
        ("fin_budget_npv", t("app.metric.budget_npv"), format_euros(row.get(FIN_BUDGET_NPV), lang=lang), None,
         t("app.fiche.finance.budget_npv_source") + " " + discounted),
        ("fin_socio", t("app.metric.socio_npv"), format_euros(row.get(FIN_SOCIO_NPV), lang=lang),
         format_euro_range(row.get(FIN_SOCIO_NPV_MIN), row.get(FIN_SOCIO_NPV_MAX), lang=lang),
         t("app.fiche.finance.socio_npv_source", npv=format_euros(row.get(FIN_NPV), lang=lang))
         + " " + _training_text(row.get(FIN_TRAINING_TIME), lang)),
        ("fin_irr", t("app.metric.irr"), format_percent(irr, lang=lang) if not is_missing(irr) else "—", None,
         t("app.fiche.finance.irr_source") if not is_missing(irr) else t("matrix.finance.irr_none")),
        ("fin_payback", t("matrix.finance.payback_years"),
         format_years(payback, lang=lang) if not is_missing(payback) else "—", None,
         t("app.fiche.kpi.payback_source") if not is_missing(payback) else t("matrix.finance.payback_none")),
    )
    for column, (key, title, value, range_text, source) in zip(cards, figures, strict=True):
        with column:
            metric_card(title, value, range_text=range_text, source=source, key=key)
    st.caption(t("app.npv.definitions"))


def _training_text(value: Any, lang: str) -> str:
    """Agents' time training on the new tool, counted in the socio-economic NPV, or that none is declared."""
    if is_missing(value) or as_number(value) <= 0:
        return t("app.fiche.finance.training_none")
    return t("app.fiche.finance.training_time", value=format_euros(value, lang=lang))


def _cost_cards(row: pd.Series, *, lang: str, ctx: Any) -> None:
    """TCO, benefits, carbon cost and ROI, with their ranges where they are ones."""
    cards = st.columns(4)
    more = (
        ("fin_tco", t("app.metric.tco"), format_euros(row.get(FIN_TCO), lang=lang), None,
         t("app.fiche.finance.tco_source")),
        ("fin_benefits", t("matrix.finance.benefits"), format_euros(row.get(FIN_BENEFITS), lang=lang), None,
         t("app.fiche.finance.benefits_source", hours=format_number(row.get(FIN_HOURS_SAVED_PER_YEAR), lang=lang,
                                                                      decimals=0),
           cost=format_euros(row.get(HOURLY_COST), lang=lang, decimals=0))),
        ("fin_carbon", t("app.metric.carbon_cost"), format_euros(row.get(FIN_CARBON_COST_NPV), lang=lang),
         format_euro_range(row.get(FIN_CARBON_COST_NPV_MIN), row.get(FIN_CARBON_COST_NPV_MAX), lang=lang),
         t("app.fiche.finance.carbon_source", trajectory=carbon_trajectory_label(ctx.settings, lang))),
        ("fin_roi", t("app.metric.roi"), format_percent(row.get(FIN_ROI), lang=lang, decimals=0), None,
         t("app.fiche.finance.roi_source")),
    )
    for column, (key, title, value, range_text, source) in zip(cards, more, strict=True):
        with column:
            metric_card(title, value, range_text=range_text, source=source, key=key)


def _flows(row: pd.Series, *, lang: str, version: data.DataVersion) -> None:
    """The yearly cash flows, as a chart and as a table."""
    flows = data.cash_flows(str(row[PROPOSAL_ID]), int(row[OPTION_INDEX]), version)
    if flows:
        plotly(charts.cash_flow_figure(flows, lang=lang), key="fin_flows", figures_beside=True)  # the table below
        with st.expander(t("app.fiche.finance.flows_table"), icon=":material/table:"):
            table = pd.DataFrame({
                "year": [flow.year for flow in flows],
                "calendar": [str(flow.calendar_year) if flow.year else "—" for flow in flows],
                "costs": [flow.costs for flow in flows], "benefits": [flow.benefits for flow in flows],
                "net": [flow.net for flow in flows], "discounted": [flow.discounted for flow in flows],
                "cumulative": [flow.cumulative for flow in flows],
                "carbon": ["—" if flow.carbon_value_eur_per_t is None
                           else format_euros(flow.carbon_value_eur_per_t, lang=lang) for flow in flows],
            })
            money: dict[Any, Any] = {c: (lambda v: format_euros(v, lang=lang)) for c in
                                     ("costs", "benefits", "net", "discounted", "cumulative")}
            st.dataframe(table.style.format(money),
                         hide_index=True, key="fin_flows_table", column_config={
                             "year": t("matrix.finance.year"), "calendar": t("app.fiche.finance.calendar_year"),
                             "costs": t("matrix.finance.costs"), "benefits": t("matrix.finance.benefits"),
                             "net": t("matrix.finance.net"), "discounted": t("matrix.finance.discounted"),
                             "cumulative": t("matrix.finance.cumulative"),
                             "carbon": t("app.fiche.finance.carbon_value_column")})


def _baseline(row: pd.Series, *, lang: str) -> None:
    baseline = row.get(FIN_BASELINE)
    st.subheader(t("app.fiche.finance.baseline_title"), anchor=False)
    if not isinstance(baseline, str) or not baseline or row.get(OPTION_KIND) == "non_ai":
        st.caption(t("app.fiche.finance.no_baseline") if row.get(OPTION_KIND) != "non_ai"
                   else t("app.fiche.finance.is_baseline"))
        return
    st.caption(label_value(t("matrix.finance.baseline"), md_escape(baseline), lang=lang))
    lines = baseline_lines(row, lang=lang)
    table = pd.DataFrame({"measure": [measure for measure, _ in lines],
                          "value": [value for _, value in lines]})
    st.dataframe(table, hide_index=True, key="fin_baseline", column_config={
        "measure": st.column_config.TextColumn(t("app.fiche.finance.measure"), width="large"),
        "value": st.column_config.TextColumn(t("app.fiche.finance.value"))})
    st.caption(cost_per_tonne_note(row, lang=lang) or t("matrix.finance.cost_per_tco2e_help"))


def _tornado(row: pd.Series, *, lang: str, version: data.DataVersion, ctx: Any) -> None:
    result = data.sensitivity(str(row[PROPOSAL_ID]), version)
    rows = result.loc[result[OPTION_INDEX] == int(row[OPTION_INDEX])] if not result.empty else result
    if rows.empty:
        return
    plotly(charts.tornado_figure(rows, lang=lang, base_npv=float(row.get(FIN_NPV, 0.0))), key="fin_tornado")
    spread = format_percent(ctx.settings.sensitivity_spread, lang=lang, decimals=0)
    changes = bool((rows["quadrant_low"] != rows["quadrant"]).any() or (rows["quadrant_high"] != rows["quadrant"]).any())
    st.caption(t("matrix.sensitivity.caption", spread=spread) + " "
               + t("matrix.sensitivity.quadrant_can_change" if changes else "matrix.sensitivity.quadrant_stable"))


def carbon_trajectory_label(settings: Any, lang: str) -> str:
    """"la valeur de l'action pour le climat, Quinet 2019 (euros 2018)" from data/carbon_value.yaml."""
    from evaluation.finance import carbon_trajectories

    code = settings.carbon_trajectory.value
    data_ = carbon_trajectories().get(code)
    name = (getattr(data_, f"label_{lang}", None) or getattr(data_, "label_fr", None) or code) if data_ else code
    return t("app.fiche.finance.carbon_value_named", name=name)
