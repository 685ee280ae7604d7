"""Comparer: two to four options, of one proposal or of several, side by side.

The options offered are those the person may compare (evaluation.services.permissions, compare): a
porteur compares the options of its own proposals only."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from evaluation.services.permissions import PermissionDenied
from evaluation.storage import NotFound
from evaluation.table.columns import (
    CHK_FAIL_COUNT,
    CHK_VERDICT,
    FIN_BENEFITS,
    FIN_BUDGET_NPV,
    FIN_HOURS_SAVED_PER_YEAR,
    FIN_IRR,
    FIN_NPV,
    FIN_PAYBACK_YEARS,
    FIN_SOCIO_NPV,
    FIN_TCO,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    MX_COST,
    MX_MATRIX,
    MX_QUADRANT,
    MX_VALUE,
    OPTION_INDEX,
    OPTION_KIND,
    OPTION_NAME,
    PROPOSAL_ID,
    PROPOSAL_TITLE,
    criterion_score,
    footprint_range,
)
from ui import auth, charts, data, theme
from ui.formatting import (
    format_euros,
    format_number,
    format_percent,
    format_quantity,
    format_years,
    matrix_label,
    md_escape,
    option_title,
)
from ui.i18n import current_language, label, t
from ui.summaries import best_per_row, criterion_ids, left_out, mean_column
from ui.widgets import empty_state, lang, left_out_text, page_header, plotly

ICON = ":material/compare_arrows:"
# measure -> (values, higher is better (None: not compared), formatter)
Measures = dict[str, tuple[list[Any], bool | None, Any]]


def comparable(frame: pd.DataFrame, user: auth.SessionUser, scope: frozenset[str] | None) -> pd.DataFrame | None:
    """The options the person may compare (None, with why, when there is none); a proposal asked for in
    the URL that is not the person's gets the service's refusal."""
    if scope is None:
        return frame
    requested = st.query_params.get("proposal")
    if requested and requested not in scope:
        try:
            auth.require_proposal(user, "compare", requested, scope)
        except PermissionDenied as exc:
            st.error(str(exc), icon=":material/block:")
        except NotFound:
            pass
    frame = frame.loc[frame[PROPOSAL_ID].isin(scope)]
    if frame.empty:
        empty_state(t("app.compare.none_own"), icon=ICON,
                    link_to="proposal" if auth.sees_page(user, "proposal") else None)
        return None
    return frame


def choose(frame: pd.DataFrame, page_lang: str) -> list[str]:
    """Up to four options ("<id>#<option index>"), those of the proposal in the URL by default."""
    keys = frame[PROPOSAL_ID].astype(str) + "#" + frame[OPTION_INDEX].astype(str)
    names = {key: f"{row[PROPOSAL_TITLE]} · {option_title(row, page_lang)}"
             for key, (_, row) in zip(keys, frame.iterrows(), strict=True)}
    requested = st.query_params.get("proposal")
    default_id = requested if requested in set(frame[PROPOSAL_ID]) else str(frame[PROPOSAL_ID].iloc[0])
    default = list(keys[frame[PROPOSAL_ID] == default_id])[:4]
    return list(st.multiselect(t("app.compare.choose"), list(names), default=default, max_selections=4,
                               format_func=lambda key: names[key], key="compare_options", persist_state="session",
                               select_all=False, placeholder=t("app.compare.placeholder")))


def measures(rows: pd.DataFrame, page_lang: str) -> Measures:
    """The table's lines: each measure's values, whether higher is better, and how it is written."""
    def number(decimals: int | None = None) -> Any:
        return lambda v: format_number(v, lang=page_lang, decimals=decimals)

    def quantity(name: str) -> Any:
        return lambda v: format_quantity(v, name, lang=page_lang)

    def euros(v: Any) -> str:
        return format_euros(v, lang=page_lang)

    def labels(group: str, column: str) -> list[Any]:
        return [label(group, code, lang=page_lang) for code in rows[column]]

    def annual(criterion: str) -> list[Any]:
        return list(mean_column(rows, footprint_range("annual", criterion)))

    return {
        t("app.compare.row.proposal"): (list(rows[PROPOSAL_TITLE]), None, str),
        t("app.compare.row.kind"): (labels("kind", OPTION_KIND), None, str),
        t("app.compare.row.value"): (list(rows[MX_VALUE]), True, number(1)),
        t("app.compare.row.cost"): (list(rows[MX_COST]), False, number(1)),
        t("app.compare.row.quadrant"): (labels("quadrant", MX_QUADRANT), None, str),
        t("app.compare.row.gwp"): (annual("gwp_kgco2eq"), False, quantity("gwp_kgco2eq")),
        t("app.compare.row.energy"): (annual("energy_kwh"), False, quantity("energy_kwh")),
        t("app.compare.row.water"): (annual("wcf_l"), False, quantity("wcf_l")),
        t("app.compare.row.budget_npv"): (list(rows[FIN_BUDGET_NPV]), True, euros),
        t("app.compare.row.socio_npv"): (list(rows[FIN_SOCIO_NPV]), True, euros),
        t("app.compare.row.npv"): (list(rows[FIN_NPV]), True, euros),
        t("app.compare.row.tco"): (list(rows[FIN_TCO]), False, euros),
        t("app.compare.row.benefits"): (list(rows[FIN_BENEFITS]), True, euros),
        t("app.compare.row.hours"): (list(rows[FIN_HOURS_SAVED_PER_YEAR]), True, number(0)),
        t("app.compare.row.payback"): (list(rows[FIN_PAYBACK_YEARS]), False,
                                       lambda v: format_years(v, lang=page_lang)),
        t("app.compare.row.irr"): (list(rows[FIN_IRR]), True, lambda v: format_percent(v, lang=page_lang)),
        t("app.compare.row.fails"): (list(rows[CHK_FAIL_COUNT]), False, number()),
        t("app.compare.row.verdict"): (labels("verdict", CHK_VERDICT), None, str),
    }


def table(lines: Measures, headers: list[str]) -> None:
    """The measures side by side, the best of each compared line marked ★ and shaded."""
    numeric = pd.DataFrame({name: [v if isinstance(v, int | float) else math.nan for v in values]
                            for name, (values, _, _) in lines.items()}).T
    numeric.columns = headers
    best = best_per_row(numeric, {name: better for name, (_, better, _) in lines.items() if better is not None})
    marked = pd.DataFrame({
        header: [fmt(values[i]) if not (isinstance(values[i], float) and math.isnan(values[i])) else "—"
                 for values, _, fmt in lines.values()]
        for i, header in enumerate(headers)
    }, index=list(lines))
    styles = pd.DataFrame("", index=marked.index, columns=marked.columns)
    shade = f"background-color: {theme.rgba(theme.VERDICT_COLOURS['conforme'], 0.15)}; font-weight: 600"
    for measure, columns in best.items():
        for column in columns:
            marked.loc[measure, column] = f"★ {marked.loc[measure, column]}"
            styles.loc[measure, column] = shade
    # A static table: long option names and titles wrap inside their column, so that four options fit the page
    # whole (an interactive grid cut them and hid the last column). Its cells are Markdown: every text escaped.
    shown = marked.map(md_escape)
    shown.index = [md_escape(measure) for measure in marked.index]
    shown.columns = [md_escape(header) for header in marked.columns]
    shown.index.name = md_escape(t("app.compare.measure"))
    styles.index, styles.columns = shown.index, shown.columns
    st.table(shown.style.apply(lambda _: styles, axis=None), alt=t("app.compare.table_alt"))
    st.caption(t("app.compare.best_caption"))
    st.caption(t("app.npv.definitions"))


def figures(rows: pd.DataFrame, ctx: Any, page_lang: str) -> None:
    """The radar of the matrix's criteria and the ranges of emissions, costs and benefits."""
    # Charts name options by their number and their whole name, wrapped on several lines (ui.charts.wrapped).
    short = [f"{i + 1}. {row[OPTION_NAME]}" for i, (_, row) in enumerate(rows.iterrows())]
    criteria_labels = {c.id: getattr(c.label, page_lang, c.label.fr) for c in getattr(ctx.matrix, "criteria", ())}
    present = criterion_ids(rows)
    ordered = [*(cid for cid in criteria_labels if cid in present),
               *(cid for cid in present if cid not in criteria_labels)]
    criteria = [(cid, criteria_labels.get(cid, label("criterion", cid, lang=page_lang))) for cid in ordered]
    series = [(name, {cid: float(row.get(criterion_score(cid), math.nan)) for cid, _ in criteria})
              for name, (_, row) in zip(short, rows.iterrows(), strict=True)]
    spread = ctx.settings.sensitivity_spread
    colours = [theme.SERIES_COLOURS[i % len(theme.SERIES_COLOURS)] for i in range(len(rows))]
    lines = sum(len(charts.wrapped(name, charts.LABEL_WIDTH).split("<br>")) for name in short)
    height = 140 + 30 * len(rows) + 18 * lines

    def bars(low: Any, high: Any, quantity: str | None, title: str, axis: str, key: str) -> None:
        plotly(charts.range_bars_figure(short, list(low), list(high), quantity=quantity, title=t(title),
                                        axis_title=t(axis), lang=page_lang, colours=colours, height=height), key=key)

    left, right = st.columns([1, 1])
    with left:
        plotly(charts.radar_figure(series, criteria, lang=page_lang), key="compare_radar")
        st.caption(t("app.compare.radar_caption", matrix=matrix_label(rows[MX_MATRIX].iloc[0], lang=current_language())))
    with right:
        bars(rows[FP_ANNUAL_GWP_MIN], rows[FP_ANNUAL_GWP_MAX], "gwp_kgco2eq",
             "app.compare.gwp_title", "app.compare.gwp_axis", "compare_gwp")
    left, right = st.columns([1, 1])
    tco = rows[FIN_TCO].astype("float64")
    benefits = rows[FIN_BENEFITS].astype("float64")
    with left:
        bars(tco * (1 - spread), tco * (1 + spread), None, "app.compare.cost_title", "app.compare.euro_axis",
             "compare_cost")
    with right:
        bars(benefits * (1 - spread), benefits * (1 + spread), None, "app.compare.benefit_title",
             "app.compare.euro_axis", "compare_benefit")
    st.caption(t("app.compare.ranges_caption", spread=format_percent(spread, lang=page_lang, decimals=0)))


def main() -> None:
    page_lang = lang()
    page_header(t("app.compare.title"), t("app.compare.intro"), icon=ICON)
    version = data.data_version()
    frame = data.portfolio(page_lang, version)
    if frame.empty:
        empty_state(t("app.portfolio.empty"), link_to="import-export", link_label=t("app.portfolio.empty_import"),
                    link_action="import_proposals")
        return
    user = auth.person()
    scope = auth.proposal_scope(user, "compare")  # None: every proposal
    offered = comparable(frame, user, scope)
    if offered is None:
        return
    chosen = choose(offered, page_lang)
    if len(chosen) < 2:
        empty_state(t("app.compare.need_two"), icon=ICON)
        return
    for chosen_id in dict.fromkeys(key.rsplit("#", 1)[0] for key in chosen):
        auth.require_proposal(user, "compare", chosen_id, scope)  # listed, hence allowed: the service's check
    keyed = offered.assign(_key=offered[PROPOSAL_ID].astype(str) + "#" + offered[OPTION_INDEX].astype(str))
    rows = keyed.set_index("_key").loc[chosen].reset_index()
    headers = [f"{i + 1}. {option_title(row, page_lang)}" for i, (_, row) in enumerate(rows.iterrows())]
    table(measures(rows, page_lang), headers)
    missing = left_out(rows, (FP_ANNUAL_GWP_MIN, FP_ANNUAL_GWP_MAX))
    if missing:
        st.warning(left_out_text(missing, page_lang).strip() + " " + t("app.compare.left_out_charts"),
                   icon=":material/visibility_off:")
    figures(rows, data.context(version, page_lang), page_lang)


main()
