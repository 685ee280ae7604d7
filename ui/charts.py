"""Plotly figures of the dashboard (pure functions: a table in, a figure out; no Streamlit).

Every figure has a title, axis titles with units, a legend where colours mean something and the
theme's colours; numbers in hovers are formatted by ui.formatting. Nothing is fetched from outside:
figures use the local font stack and no map tiles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from evaluation.table.columns import (
    CHK_VERDICT,
    FIN_BUDGET_NPV,
    FIN_SOCIO_NPV,
    FOOTPRINT_CRITERIA,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    MX_COST,
    MX_VALUE,
    OPTION_MODEL,
    OPTION_NAME,
    PROPOSAL_TITLE,
    footprint_range,
)
from ui import theme
from ui.formatting import (
    as_number,
    format_euro_range,
    format_euros,
    format_number,
    format_range,
    label_value,
    mean_of,
    model_label,
    scaled,
    unit_for,
)
from ui.i18n import label, t
from ui.summaries import column

if TYPE_CHECKING:
    import plotly.graph_objects as go


LABEL_WIDTH = 24  # characters a line of a bar's label holds before it wraps
LEGEND_WIDTH = 60  # the same for a legend entry


def _layout(fig: go.Figure, *, title: str, lang: str, height: int = 420, **extra: Any) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        font={"family": theme.FONT_FAMILY, "size": 13},
        separators=",\u202f" if lang == "fr" else ".,",
        height=height, margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1,
                "itemsizing": "constant"},
        hoverlabel={"font": {"family": theme.FONT_FAMILY}},
        **extra,
    )
    return fig


def bubble_sizes(values: pd.Series, *, smallest: float = 9.0, largest: float = 48.0) -> np.ndarray:
    """Marker diameters (px) whose areas grow with the values; missing or zero values get the smallest."""
    numeric = pd.to_numeric(values, errors="coerce").fillna(0).clip(lower=0).to_numpy(dtype="float64")
    top = numeric.max() if len(numeric) else 0.0
    if top <= 0:
        return np.full(len(numeric), smallest)
    return smallest + (largest - smallest) * np.sqrt(numeric / top)


# Beyond this many options the matrix is drawn with WebGL (Scattergl): SVG slows down past a few thousand points.
WEBGL_FROM_POINTS = 2_000


def matrix_figure(frame: pd.DataFrame, *, lang: str, value_threshold: float = 2.0, cost_threshold: float = 2.0,
                  score_max: float = 4.0, quadrant_labels: dict[str, str] | None = None) -> go.Figure:
    """The cost-benefit matrix: one bubble per option, x = cost score, y = value score,
    area = annual CO2e, colour = checklist verdict; quadrant lines and labels.

    Each point's customdata is one integer, the option's row label in `frame` (its position when the
    index is not made of integers), for click-through: a typed array, cheap to serialise, which a
    selection event gives back as a plain number. The hover text is the frame's `hover` column when
    it has one (ui.views.portfolio.rows prepares it once per data version), otherwise `matrix_hover(frame)`;
    the scores are formatted by Plotly in the browser. Beyond WEBGL_FROM_POINTS options the points
    are drawn with WebGL."""
    import plotly.graph_objects as go

    gwp = (column(frame, FP_ANNUAL_GWP_MIN).astype("float64")
           + column(frame, FP_ANNUAL_GWP_MAX).astype("float64")) / 2
    sizes = bubble_sizes(gwp)
    hover = frame["hover"] if "hover" in frame.columns else matrix_hover(frame, lang=lang)
    custom = (frame.index.to_numpy(dtype=np.int64) if pd.api.types.is_integer_dtype(frame.index)
              else np.arange(len(frame), dtype=np.int64))
    verdicts = column(frame, CHK_VERDICT, None).fillna("unknown").to_numpy()
    cost = column(frame, MX_COST).to_numpy(dtype="float64")
    value = column(frame, MX_VALUE).to_numpy(dtype="float64")
    texts = hover.to_numpy()
    trace_type = "scattergl" if len(frame) > WEBGL_FROM_POINTS else "scatter"
    scores = (label_value(t("app.chart.matrix.value", lang=lang), "%{y:.1f}", lang=lang) + " · "
              + label_value(t("app.chart.matrix.cost", lang=lang), "%{x:.1f}", lang=lang))
    traces: list[dict[str, Any]] = []
    for verdict in (*theme.VERDICT_ORDER, "unknown"):
        mask = verdicts == verdict
        if not mask.any():
            continue
        name = label("verdict", verdict, lang=lang) if verdict != "unknown" else t("app.common.unknown", lang=lang)
        traces.append({
            "type": trace_type, "x": cost[mask], "y": value[mask], "mode": "markers", "name": name,
            "marker": {"size": sizes[mask], "color": theme.VERDICT_COLOURS.get(verdict, theme.UNKNOWN),
                       "opacity": 0.75, "line": {"width": 1, "color": "white"}, "sizemode": "diameter"},
            "customdata": custom[mask], "hovertext": texts[mask].tolist(),
            "hovertemplate": "%{hovertext}<br>" + scores + "<br>"
            + label_value(t("app.metric.verdict", lang=lang), _escape(name), lang=lang) + "<extra></extra>",
        })
    margin = 0.25
    lo, hi = -margin, score_max + margin
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    for x0, x1, y0, y1, quadrant in (
        (lo, cost_threshold, value_threshold, hi, "a_prioriser"),
        (cost_threshold, hi, value_threshold, hi, "a_arbitrer"),
        (lo, cost_threshold, lo, value_threshold, "a_simplifier"),
        (cost_threshold, hi, lo, value_threshold, "a_ecarter"),
    ):
        colour = theme.QUADRANT_COLOURS[quadrant]
        shapes.append({"type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1, "line": {"width": 0},
                       "fillcolor": theme.rgba(colour, 0.07), "layer": "below"})
        text = (quadrant_labels or {}).get(quadrant) or label("quadrant", quadrant, lang=lang)
        annotations.append({"x": x0 + 0.05 if x0 == lo else x1 - 0.05, "y": y1 - 0.05 if y1 == hi else y0 + 0.05,
                            "xanchor": "left" if x0 == lo else "right", "yanchor": "top" if y1 == hi else "bottom",
                            "text": f"<b>{_escape(text)}</b>", "showarrow": False,
                            "font": {"color": colour, "size": 13}})
    threshold_line = {"color": "#888", "width": 1, "dash": "dot"}
    shapes.append({"type": "line", "x0": cost_threshold, "x1": cost_threshold, "xref": "x", "y0": 0, "y1": 1,
                   "yref": "y domain", "line": threshold_line})
    shapes.append({"type": "line", "y0": value_threshold, "y1": value_threshold, "yref": "y", "x0": 0, "x1": 1,
                   "xref": "x domain", "line": threshold_line})
    fig = go.Figure(data=traces, layout={
        "shapes": shapes, "annotations": annotations,
        "xaxis": {"title": {"text": t("app.chart.matrix.x", lang=lang)}, "range": [lo, hi], "dtick": 1,
                  "zeroline": False},
        "yaxis": {"title": {"text": t("app.chart.matrix.y", lang=lang)}, "range": [lo, hi], "dtick": 1,
                  "zeroline": False},
    })
    return _layout(fig, title=t("app.chart.matrix.title", lang=lang), lang=lang, height=520,
                   legend_title_text=t("app.chart.matrix.legend", lang=lang))


def _escape(text: Any) -> str:
    """Plotly hover text is HTML-like: escape what people typed."""
    import html

    return html.escape("" if text is None else str(text))


def wrapped(text: Any, width: int) -> str:
    """A label whole on several lines of at most `width` characters (a longer word keeps its line), each
    escaped, joined by Plotly's <br>: a name is wrapped, never cut."""
    import textwrap

    lines = textwrap.wrap("" if text is None else str(text), width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(_escape(line) for line in lines)


def _per_distinct(values: pd.Series, text: Any) -> pd.Series:
    """`text(value)` for every value, computed once per distinct value (a few thousand at most)."""
    uniques = pd.unique(values.to_numpy(dtype=object))
    mapping = {value: text(value) for value in uniques}
    return pd.Series([mapping[value] for value in values.to_numpy(dtype=object)], index=values.index, dtype=object)


def matrix_hover(frame: pd.DataFrame, *, lang: str) -> pd.Series:
    """Short hover texts of the matrix, one per option: the proposal's title (bold), the option and
    its model, the annual CO2e range ("1,2 – 3,4 t CO2e par an"), the budget and socio-economic NPV. Text typed
    by people is escaped; labels and
    figures are computed once per distinct value, and the scores are left to the hover template."""
    title = _per_distinct(column(frame, PROPOSAL_TITLE, ""), lambda value: f"<b>{_escape(value)}</b>")
    option = _per_distinct(column(frame, OPTION_NAME, ""), _escape)
    model = _per_distinct(column(frame, OPTION_MODEL, None),
                          lambda value: f" ({_escape(model_label(value, lang=lang))})"
                          if isinstance(value, str) and value else "")
    per_year = t("app.common.per_year", lang=lang)
    low = column(frame, FP_ANNUAL_GWP_MIN).to_numpy(dtype="float64").tolist()
    high = column(frame, FP_ANNUAL_GWP_MAX).to_numpy(dtype="float64").tolist()
    gwp = pd.Series([f"{format_range(a, b, 'gwp_kgco2eq', lang=lang)} {per_year}"
                     for a, b in zip(low, high, strict=True)], index=frame.index, dtype=object)
    budget = column(frame, FIN_BUDGET_NPV).to_numpy(dtype="float64").tolist()
    socio = column(frame, FIN_SOCIO_NPV).to_numpy(dtype="float64").tolist()
    npv = pd.Series([t("app.chart.matrix.npv_hover", lang=lang, budget=format_euros(b, lang=lang, compact=True),
                       socio=format_euros(s, lang=lang, compact=True))
                     for b, s in zip(budget, socio, strict=True)], index=frame.index, dtype=object)
    return title + "<br>" + option + model + "<br>" + gwp + "<br>" + npv


def range_bars_figure(labels: Sequence[str], low: Sequence[float], high: Sequence[float], *, quantity: str | None,
                      title: str, axis_title: str, lang: str, colours: Sequence[str] | None = None,
                      height: int = 320) -> go.Figure:
    """Horizontal bars at the middle of each range with error bars to its ends (one unit for all)."""
    import plotly.graph_objects as go

    lows = [float(v) if v is not None else math.nan for v in low]
    highs = [float(v) if v is not None else math.nan for v in high]
    means = [(a + b) / 2 for a, b in zip(lows, highs, strict=True)]
    if quantity:
        scaled_all, unit = scaled([*lows, *highs], quantity)
        lows, highs = scaled_all[: len(lows)], scaled_all[len(lows):]
        means = [(a + b) / 2 for a, b in zip(lows, highs, strict=True)]
        axis = f"{axis_title} ({unit})"
        texts = [format_range(a, b, quantity, lang=lang) for a, b in zip(low, high, strict=True)]
    else:
        axis = axis_title
        texts = [f"{format_euros(m, lang=lang)} ({format_euro_range(lo, hi, lang=lang)})"
                 for m, lo, hi in zip(means, lows, highs, strict=True)]
    fig = go.Figure(go.Bar(
        y=[wrapped(text, LABEL_WIDTH) for text in labels], x=means, orientation="h",
        marker={"color": list(colours) if colours else theme.SERIES_COLOURS[0]},
        error_x={"type": "data", "symmetric": False,
                 "array": [h - m for h, m in zip(highs, means, strict=True)],
                 "arrayminus": [m - lo for m, lo in zip(means, lows, strict=True)], "color": "#333", "thickness": 1.5},
        hovertext=texts, hovertemplate="%{y}<br>%{hovertext}<extra></extra>",
        showlegend=False,
    ))
    _layout(fig, title=title, lang=lang, height=height)
    fig.update_xaxes(title=axis, rangemode="tozero", tickformat=",.0f" if quantity is None else None)
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def cash_flow_figure(flows: Sequence[Any], *, lang: str) -> go.Figure:
    """Costs (below zero) and benefits (above) by year, with the cumulative net flow as a line (EUR)."""
    import plotly.graph_objects as go

    years = [f"{t('app.fiche.finance.year_short', lang=lang)} {flow.year}" for flow in flows]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=years, y=[-flow.costs for flow in flows], name=t("matrix.finance.costs", lang=lang),
                         marker_color=theme.FINANCE_COLOURS["cost"],
                         hovertext=[format_euros(flow.costs, lang=lang) for flow in flows],
                         hovertemplate="%{x}<br>%{hovertext}<extra></extra>"))
    fig.add_trace(go.Bar(x=years, y=[flow.benefits for flow in flows],
                         name=t("matrix.finance.benefits", lang=lang), marker_color=theme.FINANCE_COLOURS["benefit"],
                         hovertext=[format_euros(flow.benefits, lang=lang) for flow in flows],
                         hovertemplate="%{x}<br>%{hovertext}<extra></extra>"))
    fig.add_trace(go.Scatter(x=years, y=[flow.cumulative for flow in flows], mode="lines+markers",
                             name=t("matrix.finance.cumulative", lang=lang),
                             line={"color": theme.FINANCE_COLOURS["cumulative"], "width": 2},
                             hovertext=[format_euros(flow.cumulative, lang=lang) for flow in flows],
                             hovertemplate="%{x}<br>%{hovertext}<extra></extra>"))
    _layout(fig, title=t("app.fiche.finance.flows_title", lang=lang), lang=lang, height=380, barmode="relative")
    fig.update_yaxes(title=t("app.fiche.finance.euros_axis", lang=lang), zeroline=True, zerolinecolor="#888",
                     tickformat=",.0f")
    fig.update_xaxes(title=t("app.fiche.finance.year_axis", lang=lang))
    return fig


def tornado_figure(rows: pd.DataFrame, *, lang: str, base_npv: float) -> go.Figure:
    """NPV at each uncertain input's low and high end around the base case (EUR), largest effect on top."""
    import plotly.graph_objects as go

    ordered = rows.sort_values("effect_rank")
    labels = [label("sensitivity_input", name, lang=lang) for name in ordered["input"]]
    low = ordered["low_npv"].astype("float64").to_numpy()
    high = ordered["high_npv"].astype("float64").to_numpy()
    fig = go.Figure()
    for end, values, colour in (("low", low, theme.SERIES_COLOURS[1]), ("high", high, theme.SERIES_COLOURS[0])):
        fig.add_trace(go.Bar(
            y=labels, x=values - base_npv, base=base_npv, orientation="h",
            name=t(f"matrix.sensitivity.{end}", lang=lang), marker_color=colour,
            hovertext=[format_euros(v, lang=lang) for v in values],
            hovertemplate="%{y}<br>" + label_value(t("matrix.finance.npv", lang=lang), "%{hovertext}", lang=lang)
            + "<extra></extra>",
        ))
    fig.add_vline(x=base_npv, line={"color": "#333", "width": 1.5},
                  annotation_text=t("matrix.sensitivity.base", lang=lang), annotation_position="top")
    _layout(fig, title=t("matrix.sensitivity.title", lang=lang), lang=lang, height=120 + 48 * max(1, len(labels)),
            barmode="overlay")
    fig.update_xaxes(title=t("app.fiche.finance.npv_axis", lang=lang), tickformat=",.0f")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def is_empty(fig: go.Figure) -> bool:
    """True when no trace of the figure has a single point (it would show bare axes)."""
    return not any(len(getattr(trace, axis, None) or ()) for trace in fig.data for axis in ("x", "y", "r", "values"))


def usage_embodied_figure(row: dict[str, Any] | pd.Series, *, lang: str) -> go.Figure:
    """Share of usage and of hardware manufacturing in each annual footprint criterion (%)."""
    import plotly.graph_objects as go

    criteria = [c for c in FOOTPRINT_CRITERIA if c != "wcf_l"]  # water: EcoLogits counts no embodied part
    names, usage_share, embodied_share, usage_text, embodied_text = [], [], [], [], []
    for criterion in criteria:
        usage = _mean(row, footprint_range("annual_usage", criterion))
        embodied = _mean(row, footprint_range("annual_embodied", criterion))
        embodied = 0.0 if math.isnan(embodied) else embodied
        total = (0.0 if math.isnan(usage) else usage) + embodied
        if math.isnan(usage) or total <= 0:
            continue
        names.append(label("footprint", criterion, lang=lang))
        usage_share.append(100 * usage / total)
        embodied_share.append(100 * embodied / total)
        usage_text.append(format_range(usage, usage, criterion, lang=lang))
        embodied_text.append(format_range(embodied, embodied, criterion, lang=lang))
    fig = go.Figure()
    for name, shares, texts, colour in (
        (t("footprint.phases.annual_usage", lang=lang), usage_share, usage_text, theme.PHASE_COLOURS["usage"]),
        (t("footprint.phases.annual_embodied", lang=lang), embodied_share, embodied_text,
         theme.PHASE_COLOURS["embodied"]),
    ):
        fig.add_trace(go.Bar(y=names, x=shares, orientation="h", name=name, marker_color=colour,
                             hovertext=texts, hovertemplate="%{y}<br>%{hovertext} (%{x:.0f} %)<extra></extra>"))
    _layout(fig, title=t("app.fiche.footprint.split_title", lang=lang), lang=lang, height=150 + 40 * len(names),
            barmode="stack")
    fig.update_xaxes(title=t("app.fiche.footprint.split_axis", lang=lang), range=[0, 100])
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def _mean(row: dict[str, Any] | pd.Series, bounds: tuple[str, str]) -> float:
    """The middle of a (min, max) pair of columns (one end when the other is missing)."""
    low, high = bounds
    return mean_of(row.get(low), row.get(high))


def radar_figure(series: Sequence[tuple[str, dict[str, float]]], criteria: Sequence[tuple[str, str]], *,
                 lang: str) -> go.Figure:
    """Matrix criteria scores (0-4) of several options; criteria are (id, label) pairs."""
    import plotly.graph_objects as go

    fig = go.Figure()
    labels = [wrapped(name, 16) for _, name in criteria]
    for position, (name, scores) in enumerate(series):
        values = [scores.get(cid, math.nan) for cid, _ in criteria]
        colour = theme.SERIES_COLOURS[position % len(theme.SERIES_COLOURS)]
        fig.add_trace(go.Scatterpolar(
            r=[*values, values[0]] if values else [], theta=[*labels, labels[0]] if labels else [],
            name=wrapped(name, LEGEND_WIDTH), line={"color": colour, "width": 2}, fill="toself", fillcolor=theme.rgba(colour, 0.12),
            hovertemplate="%{theta} : %{r:.1f} / 4<extra>" + _escape(name) + "</extra>",
        ))
    _layout(fig, title=t("app.compare.radar_title", lang=lang), lang=lang, height=480)
    fig.update_layout(polar={"radialaxis": {"range": [0, 4], "dtick": 1, "angle": 90, "tickangle": 90},
                             "domain": {"x": [0.22, 0.78], "y": [0.08, 0.92]}},
                      margin={"l": 40, "r": 40, "t": 60, "b": 10},
                      legend={"orientation": "h", "y": -0.08, "x": 0, "xanchor": "left", "yanchor": "top"})
    return fig


def follow_up_figure(months: Sequence[Any], figure: str, *, quantity: str | None, title: str, axis_title: str,
                     lang: str) -> go.Figure:
    """Estimated (bar at the middle of its range, error bars to its ends) beside actual, month by month,
    for one figure of the follow-up (evaluation.actuals.comparison.Stretch); one unit for all."""
    import plotly.graph_objects as go

    labels = [month.start.strftime("%m/%Y") for month in months]
    estimated = [month.estimated.get(figure) for month in months]
    actual = [month.actual.get(figure) for month in months]
    bounds = [value for pair in (estimated, actual) for r in pair if r is not None for value in (r.min, r.max)]
    if quantity:
        unit = unit_for(quantity, max((abs(value) for value in bounds), default=0.0))
        factor, axis = 1.0 / unit.factor, f"{axis_title} ({unit.symbol})"
    else:
        factor, axis = 1.0, axis_title

    def middle(ranges: Sequence[Any]) -> list[float]:
        return [math.nan if r is None else (r.min + r.max) / 2 * factor for r in ranges]

    def text(ranges: Sequence[Any]) -> list[str]:
        if quantity:
            return ["-" if r is None else format_range(r.min, r.max, quantity, lang=lang) for r in ranges]
        return ["-" if r is None else format_euros(r.max, lang=lang) if figure == "cost_eur"
                else f"{r.max:,.0f}".replace(",", "\u202f" if lang == "fr" else ",") for r in ranges]

    estimate_mid = middle(estimated)
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=labels, y=estimate_mid, name=t("follow_up.chart.estimated", lang=lang),
        marker={"color": "#c8d6e5"},
        error_y={"type": "data", "symmetric": False, "color": "#333", "thickness": 1.5,
                 "array": [math.nan if r is None else r.max * factor - m for r, m in zip(estimated, estimate_mid,
                                                                                           strict=True)],
                 "arrayminus": [math.nan if r is None else m - r.min * factor for r, m in zip(estimated, estimate_mid,
                                                                                                strict=True)]},
        hovertext=text(estimated), hovertemplate="%{x}<br>%{hovertext}<extra></extra>"))
    fig.add_trace(go.Bar(
        x=labels, y=middle(actual), name=t("follow_up.chart.actual", lang=lang),
        marker={"color": theme.SERIES_COLOURS[0]},
        hovertext=text(actual), hovertemplate="%{x}<br>%{hovertext}<extra></extra>"))
    _layout(fig, title=title, lang=lang, height=360, barmode="group")
    fig.update_yaxes(title=axis, rangemode="tozero")
    fig.update_xaxes(title=t("follow_up.chart.month", lang=lang), type="category")
    return fig


def _seq(values: Any) -> tuple[Any, ...] | None:
    """A trace's array (a list, a tuple or a numpy array) as a tuple; None when it is a single value or unset."""
    if values is None or isinstance(values, str | int | float):
        return None
    return tuple(values)


def _points(trace: Any) -> tuple[Sequence[Any], Sequence[Any]]:
    """A trace's categories and values: y and x for horizontal bars, theta and r for polar, x and y otherwise."""
    if getattr(trace, "type", "") in ("scatterpolar", "barpolar"):
        return _seq(trace.theta) or (), _seq(trace.r) or ()
    if getattr(trace, "orientation", None) == "h":
        return _seq(trace.y) or (), _seq(trace.x) or ()
    return _seq(trace.x) or (), _seq(trace.y) or ()


def figure_table(fig: go.Figure, *, lang: str) -> pd.DataFrame:
    """The figures a chart draws, as a table: one row per category (bar, month, criterion), one column per
    series (trace), each cell the value as the hover shows it (its formatted text, else the number). Drawn
    under the chart (ui.widgets.plotly) as its text alternative (RGAA 1.3, 1.4)."""
    horizontal = any(getattr(trace, "orientation", None) == "h" for trace in fig.data)
    x_title, y_title = str(fig.layout.xaxis.title.text or ""), str(fig.layout.yaxis.title.text or "")
    category, value_title = (y_title, x_title) if horizontal else (x_title, y_title)
    rows: dict[str, dict[str, str]] = {}
    columns: list[str] = []
    for index, trace in enumerate(fig.data):
        name = str(trace.name or (value_title or t("app.chart.values", lang=lang) if len(fig.data) == 1 else index + 1))
        columns.append(name)
        categories, values = _points(trace)
        texts = _seq(trace.hovertext)
        bases = _seq(getattr(trace, "base", None))
        for position, (key, value) in enumerate(zip(categories, values, strict=False)):
            if texts is not None and position < len(texts) and texts[position]:
                cell = str(texts[position]).replace("<br>", " · ")
            else:
                base = getattr(trace, "base", None)
                base = bases[position] if bases is not None else base
                number = as_number(value) + (as_number(base) if base is not None else 0.0)
                cell = format_number(number, lang=lang)
            rows.setdefault(str(key).replace("<br>", " "), {})[name] = cell
    head = category or t("app.chart.category", lang=lang)
    return pd.DataFrame([{head: key, **{name: cells.get(name, "—") for name in columns}} for key, cells in rows.items()])
