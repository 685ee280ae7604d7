"""The Portefeuille page's rows, prepared once per data version and language (pure pandas, no Streamlit).

The evaluated portfolio has about 250 columns; the page shows a dozen. `build_rows` keeps those,
adds the readable labels (computed once per distinct code, never per row) and the matrix's hover
texts, and lists the values each filter offers. The page then filters these rows on every rerun
with vectorised masks (ui.summaries.filter_options) and hands the table only its display columns
(`table`), with numbers left as numbers: the browser formats them, so sorting stays numeric.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from evaluation.table.columns import (
    CHK_VERDICT,
    FIN_BUDGET_NPV,
    FIN_SOCIO_NPV,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    MX_COST,
    MX_MATRIX,
    MX_QUADRANT,
    MX_RANK,
    MX_VALUE,
    OPTION_INDEX,
    OPTION_KIND,
    OPTION_MODEL,
    OPTION_NAME,
    PROPOSAL_CATEGORY,
    PROPOSAL_DIRECTION,
    PROPOSAL_ID,
    PROPOSAL_TITLE,
)
from ui import theme
from ui.charts import matrix_hover
from ui.formatting import model_label, unit_for
from ui.i18n import label
from ui.summaries import column, distinct, recommended_positions

# Columns of the evaluated portfolio the page uses (filters, key figures, matrix, table).
SOURCE_COLUMNS = (
    PROPOSAL_ID, OPTION_INDEX, PROPOSAL_TITLE, OPTION_NAME, OPTION_KIND, OPTION_MODEL, PROPOSAL_DIRECTION,
    PROPOSAL_CATEGORY, "status", CHK_VERDICT, MX_QUADRANT, MX_VALUE, MX_COST, MX_RANK, MX_MATRIX,
    FIN_BUDGET_NPV, FIN_SOCIO_NPV, FP_ANNUAL_GWP_MIN, FP_ANNUAL_GWP_MAX,
)
# The table's columns, in order: column of the prepared rows for each (labels are `<name>_label`).
TABLE_COLUMNS = {
    "title": PROPOSAL_TITLE, "option": OPTION_NAME, "kind": "kind_label", "model": "model_label",
    "direction": PROPOSAL_DIRECTION, "status": "status_label", "verdict": "verdict_label",
    "quadrant": "quadrant_label", "value": MX_VALUE, "cost": MX_COST, "gwp": "gwp_kg",
    "budget_npv": FIN_BUDGET_NPV, "socio_npv": FIN_SOCIO_NPV, "rank": MX_RANK,
}
FILTERS = ("status", PROPOSAL_DIRECTION, PROPOSAL_CATEGORY, CHK_VERDICT)
# The most bubbles the matrix draws. Beyond, it draws the recommended option of each proposal, the best
# ranked first; the key figures and the table keep every option. Thousands of overlapping bubbles on a
# 4 x 4 plane say no more than these, and each one costs the browser its drawing and hover text (5,000
# bubbles were 1.2 MB sent and a second of the browser's time after each sign-in and filter change).
MATRIX_MAX_POINTS = 1_000
# The most rows the table sends to the browser at once. Beyond, it shows one page of them, in the order
# chosen with SORTS (over every shown row); 30,000 rows were 2 MB of table sent on every rerun.
PAGE_ROWS = 250
# The table's orders over every shown row: name -> (column of the prepared rows, ascending); "portfolio"
# keeps the portfolio's order. Missing values go last.
SORTS: dict[str, tuple[str, bool] | None] = {
    "portfolio": None, "rank": (MX_RANK, True), "value": (MX_VALUE, False), "cost": (MX_COST, True),
    "gwp": ("gwp_kg", False), "budget_npv": (FIN_BUDGET_NPV, False), "socio_npv": (FIN_SOCIO_NPV, False),
    "title": (PROPOSAL_TITLE, True),
}


@dataclass(frozen=True)
class PortfolioRows:
    """The page's rows (one per option, in the portfolio's order, indexed 0..n-1: filtered rows keep
    their labels, which the matrix's points carry; read-only: the dashboard caches it and hands the
    same object to every session) and the values each filter offers."""

    rows: pd.DataFrame
    choices: dict[str, list[str]]


def _labels(values: pd.Series, text: Callable[[Any], str]) -> pd.Series:
    """`text(code)` for every value (`text(None)` for a missing one), computed once per distinct code."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    texts = np.array([*(text(value) for value in uniques), text(None)], dtype=object)
    return pd.Series(pd.Categorical(texts[codes]), index=values.index)


def build_rows(frame: pd.DataFrame, *, lang: str) -> PortfolioRows:
    """The page's rows of an evaluated portfolio (`ui.data.portfolio`) in a language."""
    rows = pd.DataFrame({name: column(frame, name, None) for name in SOURCE_COLUMNS}, index=frame.index)
    rows["kind_label"] = _labels(rows[OPTION_KIND], lambda code: label("kind", code, lang=lang) if code else "")
    rows["model_label"] = _labels(rows[OPTION_MODEL], lambda model: model_label(model, lang=lang))
    rows["status_label"] = _labels(rows["status"], lambda code: label("status", code or "brouillon", lang=lang))
    rows["verdict_label"] = _labels(rows[CHK_VERDICT], lambda code: label("verdict", code, lang=lang) if code else "")
    rows["quadrant_label"] = _labels(rows[MX_QUADRANT], lambda code: label("quadrant", code, lang=lang) if code else "")
    low = rows[FP_ANNUAL_GWP_MIN].astype("float64")
    high = rows[FP_ANNUAL_GWP_MAX].astype("float64")
    rows["gwp_kg"] = (low + high) / 2
    rows["hover"] = matrix_hover(rows, lang=lang)
    for name in (PROPOSAL_TITLE, OPTION_NAME, PROPOSAL_DIRECTION):  # repeated texts: sent once each to the browser
        rows[name] = rows[name].astype("category")
    present = set(rows[CHK_VERDICT].dropna())
    choices = {name: distinct(rows, name) for name in FILTERS if name != CHK_VERDICT}
    choices[CHK_VERDICT] = [verdict for verdict in theme.VERDICT_ORDER if verdict in present]
    return PortfolioRows(rows=rows.reset_index(drop=True), choices=choices)


def matrix_rows(rows: pd.DataFrame, limit: int = MATRIX_MAX_POINTS) -> pd.DataFrame:
    """The options the matrix draws, keeping their row labels: all of them up to `limit`; beyond, the
    recommended option of each proposal (ui.summaries.recommended_positions), and if that is still more
    than `limit`, the `limit` best ranked of them (`mx.rank`), in the rows' order."""
    if len(rows) <= limit:
        return rows
    best = rows.iloc[recommended_positions(rows)]  # their row labels kept
    if len(best) > limit:
        best = best.sort_values(MX_RANK, kind="stable", na_position="last").head(limit)
    return best.sort_index()


def page_count(rows: pd.DataFrame, size: int = PAGE_ROWS) -> int:
    """How many pages of `size` rows the table has (at least one)."""
    return max(1, -(-len(rows) // size))


def page(rows: pd.DataFrame, *, sort: str = "portfolio", number: int = 1, size: int = PAGE_ROWS) -> pd.DataFrame:
    """Page `number` (from 1; a number beyond the last gives the last) of the rows in the order `sort` (SORTS),
    keeping their row labels; the order is stable (ties keep the portfolio's order)."""
    order = SORTS[sort]
    if order is not None:
        name, ascending = order
        values = rows[name]
        # texts sorted as texts (not in their categories' order), without regard to case
        key = values.astype("string").str.casefold() if not pd.api.types.is_numeric_dtype(values) else values
        rows = rows.assign(_key=key).sort_values("_key", ascending=ascending, kind="stable",
                                                  na_position="last").drop(columns="_key")
    number = min(max(1, number), page_count(rows, size))
    return rows.iloc[(number - 1) * size: number * size]


def gwp_unit(rows: pd.DataFrame) -> tuple[str, float]:
    """The table's unit of annual CO2e for these rows: the one that suits their median (symbol, kg per unit)."""
    values = rows["gwp_kg"].to_numpy(dtype="float64")
    finite = np.abs(values[np.isfinite(values)])
    unit = unit_for("gwp_kgco2eq", float(np.median(finite)) if finite.size else 0.0)
    return unit.symbol, unit.factor


def table(rows: pd.DataFrame, unit_rows: pd.DataFrame | None = None) -> tuple[pd.DataFrame, str]:
    """The table of the shown rows: its display columns only, numbers as numbers, annual CO2e in the
    unit that suits them, or that suits `unit_rows` (every shown row, when `rows` is one page of them:
    the unit then stays the same from page to page); the unit is returned with the table."""
    symbol, factor = gwp_unit(rows if unit_rows is None else unit_rows)
    shown = pd.DataFrame({name: rows[source] for name, source in TABLE_COLUMNS.items()})
    for name in shown.columns:  # a page of rows sends only its own texts, not every category of the portfolio
        if isinstance(shown[name].dtype, pd.CategoricalDtype):
            shown[name] = shown[name].cat.remove_unused_categories()
    shown["gwp"] = shown["gwp"] / factor
    return shown.reset_index(drop=True), symbol


def follow_up_labels(rows: pd.DataFrame, flags: Mapping[tuple[str, str], Any], *, lang: str) -> list[str] | None:
    """Each shown option's service status after the decision, with ⚠ where an actual is over the estimate
    (flags: evaluation.services.actuals.Tracking.flags); None when no option is followed."""
    if not flags:
        return None
    from ui.i18n import t

    labels = []
    for proposal_id, option in zip(rows[PROPOSAL_ID].astype(str), rows[OPTION_NAME].astype(str), strict=True):
        flag = flags.get((proposal_id, option))
        if flag is None:
            labels.append("")
            continue
        labels.append(t(f"follow_up.status.{flag.status.value}", lang=lang) + (" ⚠" if flag.over else ""))
    return labels


def follow_up_summary(rows: pd.DataFrame, flags: Mapping[tuple[str, str], Any], *, lang: str) -> str:
    """The followed options among the shown rows, one by one: proposal, option, status, figures over."""
    from ui.formatting import md_escape
    from ui.i18n import t

    titles = dict(zip(rows[PROPOSAL_ID].astype(str), rows[PROPOSAL_TITLE].astype(str), strict=True))
    parts = []
    for (proposal_id, option), flag in sorted(flags.items()):
        if proposal_id not in titles:
            continue
        text = (f"{md_escape(titles[proposal_id])} · {md_escape(option)} : "
                f"{t(f'follow_up.status.{flag.status.value}', lang=lang)}")
        if flag.over:
            text += " ⚠ " + ", ".join(t(f"follow_up.figure.{name}", lang=lang) for name in flag.over)
        parts.append(text)
    return " ; ".join(parts) if parts else "-"
