"""The fiche's Empreinte tab: the option's annual footprint per criterion with its range and method,
usage and embodied shares, equivalences, other hosting zones and frugal alternatives."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from evaluation.table.columns import (
    FOOTPRINT_CRITERIA,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    FP_ECOLOGITS_VERSION,
    FP_ESTIMATED,
    FP_METHOD,
    FP_REQUESTS,
    FP_UNCOVERED_PHASES,
    FP_ZONE,
    OPTION_INDEX,
    OPTION_KIND,
    PROPOSAL_ID,
    footprint_range,
)
from evaluation.table.read import is_missing
from ui import charts, data, theme
from ui.formatting import (
    as_number,
    format_number,
    format_percent,
    format_quantity,
    format_range,
    model_label,
)
from ui.i18n import label, t
from ui.summaries import warnings_of
from ui.widgets import metric_card, plotly, source_caption


def footprint_source(row: pd.Series | dict[str, Any], lang: str) -> str:
    """"Méthode : EcoLogits 0.11.3, zone FRA" for a footprint figure."""
    from evaluation.footprint import zone_label

    method = str(row.get(FP_METHOD) or "none")
    zone = row.get(FP_ZONE)
    parts = [label("fp_method", method, lang=lang)]
    version = row.get(FP_ECOLOGITS_VERSION)
    if method.startswith("ecologits") and isinstance(version, str) and version:
        parts.append(t("app.fiche.footprint.ecologits_version", lang=lang, version=version))
    if isinstance(zone, str) and zone:
        parts.append(t("app.fiche.footprint.zone_used", lang=lang, zone=zone_label(zone, lang)))
    return " · ".join(parts)


def footprint_tab(row: pd.Series, *, lang: str, version: data.DataVersion) -> None:
    if not bool(row.get(FP_ESTIMATED, True)):
        st.warning(t("app.fiche.footprint.not_estimated"), icon=":material/error:")
    for code in warnings_of(row):
        st.warning(label("warning", code, lang=lang), icon=":material/warning:")
    requests = row.get(FP_REQUESTS)
    if as_number(requests) > 0:
        st.caption(t("app.fiche.footprint.requests", requests=format_number(requests, lang=lang, decimals=0)))

    # One card per criterion: annual mean with its range, and per request.
    cards = [*st.columns(3), *st.columns(3)][: len(FOOTPRINT_CRITERIA)]
    for column, criterion in zip(cards, FOOTPRINT_CRITERIA, strict=True):
        low, high = (row.get(name) for name in footprint_range("annual", criterion))
        mean = (as_number(low) + as_number(high)) / 2
        request_low, request_high = (row.get(name) for name in footprint_range("per_request", criterion))
        per_request = format_range(request_low, request_high, criterion, lang=lang)
        with column:
            metric_card(
                label("footprint", criterion, lang=lang), format_quantity(mean, criterion, lang=lang),
                range_text=format_range(low, high, criterion, lang=lang),
                source=t("app.fiche.footprint.per_year_and_request", per_request=per_request)
                if per_request != "—" else t("app.common.per_year"),
                help_text=t(f"footprint.criteria.{criterion}.name"), icon=theme.FOOTPRINT_ICONS[criterion],
                key=f"fp_card_{criterion}")
    source_caption(footprint_source(row, lang))

    left, right = st.columns(2)
    with left:
        split = charts.usage_embodied_figure(row, lang=lang)
        if charts.is_empty(split):  # an option without hardware (no AI, a footprint of zero): a sentence, no bare axes
            st.markdown(f"**{t('app.fiche.footprint.split_title')}**")
            st.caption(t("app.fiche.footprint.no_split"))
        else:
            plotly(split, key="fp_split")
            st.caption(t("app.fiche.footprint.split_caption"))
    with right:
        _equivalences(row, lang=lang)

    _zones(row, lang=lang, version=version)
    _alternatives(row, lang=lang, version=version)

    uncovered = warnings_of(row, FP_UNCOVERED_PHASES)
    if uncovered:
        with st.expander(t("app.fiche.footprint.uncovered"), icon=":material/visibility_off:"):
            for code in uncovered:
                st.markdown(f"- {label('uncovered', code, lang=lang)}")


def _equivalences(row: pd.Series, *, lang: str) -> None:
    from evaluation.footprint import Range, equivalences

    low, high = row.get(FP_ANNUAL_GWP_MIN), row.get(FP_ANNUAL_GWP_MAX)
    st.markdown(f"**{t('app.fiche.footprint.equivalences')}**")
    if is_missing(low) or is_missing(high) or not as_number(high) > 0:
        st.caption(t("app.fiche.footprint.no_equivalence"))
        return
    for item in equivalences(Range.of(as_number(low), as_number(high))):
        quantity = item.quantity
        if item.unit in ("%", "share"):
            scale = 100 if item.unit == "%" else 1  # "%" is given in percent, "share" as a fraction
            lo_text = format_percent(quantity.min / scale, lang=lang)
            hi_text = format_percent(quantity.max / scale, lang=lang)
            amount = lo_text if lo_text == hi_text else f"{lo_text} – {hi_text}"
        else:
            lo_text, hi_text = format_number(quantity.min, lang=lang), format_number(quantity.max, lang=lang)
            amount = lo_text if lo_text == hi_text else f"{lo_text} – {hi_text}"
        text = f"{amount} {t(f'footprint.equivalences.{item.code}.label', lang=lang)}"
        st.markdown(f"- {text}", help=item.source + (f" ({t('app.common.to_check')})" if item.to_check else ""))
    st.caption(t("app.fiche.footprint.equivalences_caption"))


def _zones(row: pd.Series, *, lang: str, version: data.DataVersion) -> None:
    from evaluation.footprint import zone_label

    if not bool(row.get(FP_ESTIMATED, True)) or row.get(OPTION_KIND) == "non_ai":
        return
    zones = [z for z in data.zone_comparison(str(row[PROPOSAL_ID]), int(row[OPTION_INDEX]), version)
             if z.estimated and z.annual_gwp_kgco2eq is not None]
    if not zones:
        return
    current = row.get(FP_ZONE)
    labels = [zone_label(z.zone, lang) + (f" ({t('app.fiche.footprint.current')})" if z.zone == current else "")
              for z in zones]
    colours = [theme.SERIES_COLOURS[0] if z.zone == current else theme.UNKNOWN for z in zones]
    fig = charts.range_bars_figure(
        labels, [z.annual_gwp_kgco2eq.min for z in zones], [z.annual_gwp_kgco2eq.max for z in zones],
        quantity="gwp_kgco2eq", title=t("footprint.comparison.title", lang=lang),
        axis_title=t("app.fiche.footprint.annual_gwp_axis", lang=lang), lang=lang, colours=colours,
        height=140 + 38 * len(zones))
    plotly(fig, key="fp_zones")
    st.caption(t("app.fiche.footprint.zones_caption"))


def _alternatives(row: pd.Series, *, lang: str, version: data.DataVersion) -> None:
    from evaluation.footprint import zone_label

    st.subheader(t("app.fiche.footprint.alternatives"), anchor=False)
    found = data.alternatives(str(row[PROPOSAL_ID]), int(row[OPTION_INDEX]), version)
    if not found:
        st.caption(t("app.fiche.footprint.no_alternative"))
        return
    table = pd.DataFrame({
        "alternative": [
            t("footprint.alternatives.model", lang=lang, model=model_label(item.model, lang=lang) or item.model_name)
            if item.kind == "model" else t("footprint.alternatives.zone", lang=lang, zone=zone_label(item.zone, lang))
            for item in found],
        "gwp": [format_range(item.annual_gwp_kgco2eq.min, item.annual_gwp_kgco2eq.max, "gwp_kgco2eq", lang=lang)
                for item in found],
        "saving": [format_range(item.gwp_saving_kgco2eq.min, item.gwp_saving_kgco2eq.max, "gwp_kgco2eq", lang=lang)
                   for item in found],
        "share": [format_percent(item.gwp_saving_share, lang=lang, decimals=0) for item in found],
        "size": [size_text(item.capability, lang) for item in found],
        "score": [score_text(item.capability, lang) for item in found],
    })
    st.dataframe(table, hide_index=True, key="fp_alternatives", column_config={
        "alternative": st.column_config.TextColumn(t("app.fiche.footprint.col_alternative"), width="medium"),
        "gwp": st.column_config.TextColumn(t("app.fiche.footprint.col_gwp"), width="small"),
        "saving": st.column_config.TextColumn(t("app.fiche.footprint.col_saving"), width="small"),
        "share": st.column_config.TextColumn(t("app.fiche.footprint.col_share"), width="small"),
        "size": st.column_config.TextColumn(t("app.fiche.footprint.col_size"), width="small",
                                            help=t("app.fiche.footprint.col_size_help")),
        "score": st.column_config.TextColumn(t("app.fiche.footprint.col_score"), width="small",
                                             help=t("app.fiche.footprint.col_score_help")),
    })
    st.caption(t("app.fiche.footprint.alternatives_caption", **capability_source(lang)))


def capability_source(lang: str) -> dict[str, str]:
    """The capability caption's figures: the compar:IA data's date and the "much smaller" share."""
    from evaluation.footprint.reference import model_quality

    quality = model_quality()
    return {"ratio": format_percent(quality.much_smaller_ratio, lang=lang, decimals=0),
            "source": quality.source, "link": quality.link}


def size_text(gap: Any, lang: str) -> str:
    """A smaller model's active parameters against the option's: "⚠ 3 % (2,6 / 88 Md)"."""
    if gap is None:
        return t("app.fiche.footprint.gap_zone")
    if gap.size_ratio is None or gap.option_active_parameters_b is None or gap.active_parameters_b is None:
        return "—"
    text = t("app.fiche.footprint.gap_size", share=format_percent(gap.size_ratio, lang=lang, decimals=0),
             alternative=format_number(gap.active_parameters_b.mean, lang=lang, significant=2),
             option=format_number(gap.option_active_parameters_b.mean, lang=lang, significant=2))
    return ("⚠ " if gap.much_smaller else "") + text


def score_text(gap: Any, lang: str) -> str:
    """compar:IA's score of the alternative against the option's, or that there is none."""
    if gap is None:
        return t("app.fiche.footprint.gap_zone")

    def score(item: Any) -> str:
        return t("app.fiche.footprint.gap_no_score") if item is None else format_number(item.score, lang=lang, decimals=0)

    return t("app.fiche.footprint.gap_scores", score=score(gap.score), own=score(gap.option_score))
