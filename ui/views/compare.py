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
from ui import auth, charts, data, theme
from ui.formatting import format_euros, format_number, format_percent, format_quantity, format_years
from ui.i18n import label, t
from ui.summaries import best_per_row, criterion_ids, mean_column
from ui.views.fiche.tabs import option_title
from ui.widgets import empty_state, lang, page_header, plotly

LANG = lang()


def _shorten(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


page_header(t("app.compare.title"), t("app.compare.intro"), icon=":material/compare_arrows:")
version = data.data_version()
frame = data.portfolio(LANG, version)
if frame.empty:
    empty_state(t("app.portfolio.empty"), link_to="import-export", link_label=t("app.portfolio.empty_import"))
    st.stop()

user = auth.person()
scope = auth.proposal_scope(user, "compare")  # None: every proposal
requested = st.query_params.get("proposal")
if scope is not None:
    if requested and requested not in scope:
        try:
            auth.require_proposal(user, "compare", requested, scope)
        except PermissionDenied as exc:
            st.error(str(exc), icon=":material/block:")
        except NotFound:
            pass
    frame = frame.loc[frame["id"].isin(scope)]
    if frame.empty:
        empty_state(t("app.compare.none_own"), icon=":material/compare_arrows:",
                    link_to="proposal" if auth.sees_page(user, "proposal") else None)
        st.stop()

frame = frame.assign(_key=frame["id"].astype(str) + "#" + frame["option_index"].astype(str))
names = {row["_key"]: f"{row['title']} · {option_title(row, LANG)}" for _, row in frame.iterrows()}
default_ids = requested if requested in set(frame["id"]) else str(frame["id"].iloc[0])
default = list(frame.loc[frame["id"] == default_ids, "_key"])[:4]
chosen = st.multiselect(t("app.compare.choose"), list(names), default=default, max_selections=4,
                        format_func=lambda key: names[key], key="compare_options", persist_state="session",
                        placeholder=t("app.compare.placeholder"))
if len(chosen) < 2:
    empty_state(t("app.compare.need_two"), icon=":material/compare_arrows:")
    st.stop()

for chosen_id in dict.fromkeys(key.rsplit("#", 1)[0] for key in chosen):
    auth.require_proposal(user, "compare", chosen_id, scope)  # listed, hence allowed: the service's check
rows = frame.set_index("_key").loc[chosen].reset_index()
headers = [f"{i + 1}. {option_title(row, LANG)}" for i, (_, row) in enumerate(rows.iterrows())]
# Charts name options by their number and a shortened name (the table gives the full names).
short = [f"{i + 1}. {_shorten(str(row['option.name']))}" for i, (_, row) in enumerate(rows.iterrows())]
gwp = mean_column(rows, "fp.annual.gwp_kgco2eq")
energy = mean_column(rows, "fp.annual.energy_kwh")
water = mean_column(rows, "fp.annual.wcf_l")

# measure -> (values, higher is better, formatter)
measures: dict[str, tuple[list[Any], bool | None, Any]] = {
    t("app.compare.row.proposal"): (list(rows["title"]), None, str),
    t("app.compare.row.kind"): ([label("kind", k, lang=LANG) for k in rows["option.kind"]], None, str),
    t("app.compare.row.value"): (list(rows["mx.value"]), True, lambda v: format_number(v, lang=LANG, decimals=1)),
    t("app.compare.row.cost"): (list(rows["mx.cost"]), False, lambda v: format_number(v, lang=LANG, decimals=1)),
    t("app.compare.row.quadrant"): ([label("quadrant", q, lang=LANG) for q in rows["mx.quadrant"]], None, str),
    t("app.compare.row.gwp"): (list(gwp), False, lambda v: format_quantity(v, "gwp_kgco2eq", lang=LANG)),
    t("app.compare.row.energy"): (list(energy), False, lambda v: format_quantity(v, "energy_kwh", lang=LANG)),
    t("app.compare.row.water"): (list(water), False, lambda v: format_quantity(v, "wcf_l", lang=LANG)),
    t("app.compare.row.npv"): (list(rows["fin.npv"]), True, lambda v: format_euros(v, lang=LANG)),
    t("app.compare.row.socio_npv"): (list(rows["fin.socio_npv"]), True, lambda v: format_euros(v, lang=LANG)),
    t("app.compare.row.tco"): (list(rows["fin.tco"]), False, lambda v: format_euros(v, lang=LANG)),
    t("app.compare.row.benefits"): (list(rows["fin.benefits"]), True, lambda v: format_euros(v, lang=LANG)),
    t("app.compare.row.hours"): (list(rows["fin.hours_saved_per_year"]), True,
                                 lambda v: format_number(v, lang=LANG, decimals=0)),
    t("app.compare.row.payback"): (list(rows["fin.payback_years"]), False, lambda v: format_years(v, lang=LANG)),
    t("app.compare.row.irr"): (list(rows["fin.irr"]), True, lambda v: format_percent(v, lang=LANG)),
    t("app.compare.row.fails"): (list(rows["chk.fail_count"]), False, lambda v: format_number(v, lang=LANG)),
    t("app.compare.row.verdict"): ([label("verdict", v, lang=LANG) for v in rows["chk.verdict"]], None, str),
}
numeric = pd.DataFrame({name: [v if isinstance(v, int | float) else math.nan for v in values]
                        for name, (values, _, _) in measures.items()}).T
numeric.columns = headers
best = best_per_row(numeric, {name: better for name, (_, better, _) in measures.items() if better is not None})
shown = pd.DataFrame({
    header: [fmt(values[i]) if not (isinstance(values[i], float) and math.isnan(values[i])) else "—"
             for values, _, fmt in measures.values()]
    for i, header in enumerate(headers)
}, index=list(measures))
marked = shown.copy()
for measure, columns in best.items():
    for column in columns:
        marked.loc[measure, column] = f"★ {marked.loc[measure, column]}"
styles = pd.DataFrame("", index=marked.index, columns=marked.columns)
for measure, columns in best.items():
    for column in columns:
        styles.loc[measure, column] = f"background-color: {theme.rgba(theme.VERDICT_COLOURS['conforme'], 0.15)}; font-weight: 600"
st.dataframe(marked.style.apply(lambda _: styles, axis=None), key="compare_table", height=36 * (len(marked) + 1) + 4,
             column_config={"_index": st.column_config.TextColumn(t("app.compare.measure"), width="medium")})
st.caption(t("app.compare.best_caption"))

# Radar of the matrix criteria.
ctx = data.context(version, LANG)
criteria_labels = {c.id: getattr(c.label, LANG, c.label.fr) for c in getattr(ctx.matrix, "criteria", ())}
present = criterion_ids(rows)
ordered = [cid for cid in criteria_labels if cid in present] + [cid for cid in present if cid not in criteria_labels]
criteria = [(cid, criteria_labels.get(cid, label("criterion", cid, lang=LANG))) for cid in ordered]
series = [(name, {cid: float(row.get(f"mx.{cid}", math.nan)) for cid, _ in criteria})
          for name, (_, row) in zip(short, rows.iterrows(), strict=True)]
spread = ctx.settings.sensitivity_spread
colours = [theme.SERIES_COLOURS[i % len(theme.SERIES_COLOURS)] for i in range(len(rows))]
height = 140 + 45 * len(rows)
left, right = st.columns([1, 1])
with left:
    plotly(charts.radar_figure(series, criteria, lang=LANG), key="compare_radar")
    st.caption(t("app.compare.radar_caption", matrix=str(rows["mx.matrix"].iloc[0])))
with right:
    plotly(charts.range_bars_figure(short, list(rows["fp.annual.gwp_kgco2eq.min"]),
                                    list(rows["fp.annual.gwp_kgco2eq.max"]), quantity="gwp_kgco2eq",
                                    title=t("app.compare.gwp_title"), axis_title=t("app.compare.gwp_axis"), lang=LANG,
                                    colours=colours, height=height), key="compare_gwp")
left, right = st.columns([1, 1])
tco = rows["fin.tco"].astype("float64")
benefits = rows["fin.benefits"].astype("float64")
with left:
    plotly(charts.range_bars_figure(short, list(tco * (1 - spread)), list(tco * (1 + spread)), quantity=None,
                                    title=t("app.compare.cost_title"), axis_title=t("app.compare.euro_axis"),
                                    lang=LANG, colours=colours, height=height), key="compare_cost")
with right:
    plotly(charts.range_bars_figure(short, list(benefits * (1 - spread)), list(benefits * (1 + spread)),
                                    quantity=None, title=t("app.compare.benefit_title"),
                                    axis_title=t("app.compare.euro_axis"), lang=LANG, colours=colours,
                                    height=height), key="compare_benefit")
st.caption(t("app.compare.ranges_caption", spread=format_percent(spread, lang=LANG, decimals=0)))
