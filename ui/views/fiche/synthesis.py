"""The fiche's Synthèse tab: the need, the matrix's recommendation, the options side by side and the
key figures of the option in focus."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from evaluation.services.decision_file import DecisionFile
from evaluation.table.columns import (
    CHK_BLOCKING_COUNT,
    CHK_FAIL_COUNT,
    CHK_VERDICT,
    CHK_WARN_COUNT,
    FIN_BUDGET_NPV,
    FIN_DISCOUNT_RATE,
    FIN_PAYBACK_YEARS,
    FIN_SOCIO_NPV,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    FP_ESTIMATED,
    HORIZON,
    MX_COST,
    MX_MATRIX,
    MX_QUADRANT,
    MX_VALUE,
    OPTION_KIND,
    OPTION_MODEL,
    OPTION_NAME,
)
from evaluation.table.read import is_missing
from ui.formatting import (
    as_number,
    format_euros,
    format_number,
    format_percent,
    format_quantity,
    format_range,
    format_years,
    label_value,
    matrix_label,
    md_escape,
    model_label,
    option_title,
)
from ui.i18n import current_language, label, t
from ui.summaries import mean_column, recommended_options
from ui.views.fiche.decision import decision_block
from ui.views.fiche.footprint import footprint_source
from ui.widgets import metric_card, quadrant_badge, verdict_badge


def synthesis_tab(proposal: Any, options: pd.DataFrame, focus: pd.Series, *, lang: str,
                  decision: DecisionFile | None = None) -> None:
    if decision is not None:
        decision_block(decision, lang=lang)
    cols = st.columns([3, 2])
    with cols[0]:
        st.markdown(f"**{t('app.fiche.synthesis.need')}**")
        st.markdown(md_escape(proposal.need) if proposal.need else f"*{t('app.fiche.synthesis.no_need')}*")
        if proposal.target_users:
            st.caption(label_value(t("app.fiche.synthesis.target_users"), md_escape(proposal.target_users), lang=lang))
    with cols[1]:
        best = recommended_options(options).iloc[0]
        with st.container(border=True, key="fiche_recommendation"):
            st.markdown(f"**{t('app.fiche.synthesis.recommendation')}**")
            st.markdown(md_escape(option_title(best, lang)))
            quadrant_badge(best.get(MX_QUADRANT))
            st.caption(t("app.fiche.synthesis.recommendation_help", matrix=matrix_label(best.get(MX_MATRIX), lang=current_language())))

    st.subheader(t("app.fiche.synthesis.options"), anchor=False)
    _options_table(options, lang=lang)
    st.subheader(t("app.fiche.synthesis.key_figures", option=md_escape(option_title(focus, lang))), anchor=False)
    key_figures(focus, lang=lang)


def _options_table(options: pd.DataFrame, *, lang: str) -> None:
    """The proposal's options side by side: kind, model, quadrant, scores, emissions, NPV, verdict."""
    table = pd.DataFrame({
        "option": options[OPTION_NAME],
        "kind": options[OPTION_KIND].map(lambda code: label("kind", code, lang=lang)),
        "model": [model_label(m, lang=lang) for m in options[OPTION_MODEL]],
        "quadrant": options[MX_QUADRANT].map(lambda code: label("quadrant", code, lang=lang)),
        "value": options[MX_VALUE],
        "cost": options[MX_COST],
        "gwp": mean_column(options, (FP_ANNUAL_GWP_MIN, FP_ANNUAL_GWP_MAX)),
        "budget_npv": options[FIN_BUDGET_NPV],
        "socio_npv": options[FIN_SOCIO_NPV],
        "verdict": options[CHK_VERDICT].map(lambda code: label("verdict", code, lang=lang)),
    })
    st.dataframe(
        table.style.format({
            "value": lambda v: format_number(v, lang=lang, decimals=1),
            "cost": lambda v: format_number(v, lang=lang, decimals=1),
            "gwp": lambda v: format_quantity(v, "gwp_kgco2eq", lang=lang),
            "budget_npv": lambda v: format_euros(v, lang=lang),
            "socio_npv": lambda v: format_euros(v, lang=lang),
        }),
        hide_index=True, key="fiche_options_table",
        column_config={
            "option": st.column_config.TextColumn(t("app.portfolio.col.option"), width="medium"),
            "kind": t("app.portfolio.col.kind"), "model": t("app.portfolio.col.model"),
            "quadrant": t("app.portfolio.col.quadrant"),
            "value": st.column_config.NumberColumn(t("app.portfolio.col.value"), help=t("app.portfolio.col.value_help")),
            "cost": st.column_config.NumberColumn(t("app.portfolio.col.cost"), help=t("app.portfolio.col.cost_help")),
            "gwp": st.column_config.NumberColumn(t("app.portfolio.col.gwp"), help=t("app.portfolio.col.gwp_help")),
            "budget_npv": st.column_config.TextColumn(t("app.metric.budget_npv"), help=t("app.npv.definitions")),
            "socio_npv": st.column_config.TextColumn(t("app.metric.socio_npv"), help=t("app.npv.definitions")),
            "verdict": t("app.portfolio.col.verdict"),
        },
    )


def key_figures(row: pd.Series, *, lang: str) -> None:
    """Four cards for one option: annual CO2e, NPV, payback, compliance verdict."""
    cards = st.columns(4)
    with cards[0]:
        low, high = row.get(FP_ANNUAL_GWP_MIN), row.get(FP_ANNUAL_GWP_MAX)
        mean = (as_number(low) + as_number(high)) / 2
        metric_card(t("app.fiche.kpi.gwp"),
                    format_quantity(mean, "gwp_kgco2eq", lang=lang) if row.get(FP_ESTIMATED, True)
                    else t("app.common.not_estimated"),
                    range_text=format_range(low, high, "gwp_kgco2eq", lang=lang),
                    source=footprint_source(row, lang), icon=":material/co2:", key="kpi_fiche_gwp")
    with cards[1]:
        socio = t("app.portfolio.kpi.socio_npv", value=format_euros(row.get(FIN_SOCIO_NPV), lang=lang))
        metric_card(t("app.metric.budget_npv"), format_euros(row.get(FIN_BUDGET_NPV), lang=lang),
                    source=socio + "  \n" + t("app.fiche.kpi.npv_source",
                                              rate=format_percent(row.get(FIN_DISCOUNT_RATE), lang=lang),
                                              horizon=format_number(row.get(HORIZON), lang=lang)),
                    help_text=t("app.npv.definitions"),
                    icon=":material/euro:", key="kpi_fiche_npv")
    with cards[2]:
        payback = row.get(FIN_PAYBACK_YEARS)
        metric_card(t("matrix.finance.payback_years"),
                    format_years(payback, lang=lang) if not is_missing(payback) else t("matrix.finance.payback_none"),
                    source=t("app.fiche.kpi.payback_source"), icon=":material/hourglass_bottom:",
                    key="kpi_fiche_payback")
    with cards[3], st.container(border=True, key="kpi_fiche_verdict"):
        st.markdown(t("app.metric.verdict"))
        verdict_badge(row.get(CHK_VERDICT), help_text=t(f"checklist.checklist.verdict_help.{row.get(CHK_VERDICT)}"))
        st.caption(t("checklist.checklist.counts", fail=format_number(row.get(CHK_FAIL_COUNT, 0), lang=lang),
                     warn=format_number(row.get(CHK_WARN_COUNT, 0), lang=lang),
                     blocking=format_number(row.get(CHK_BLOCKING_COUNT, 0), lang=lang)))
