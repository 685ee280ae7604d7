"""Méthodologie: how every figure is computed, with its reference values and sources.

Reference values are read from the data files (data/, matrices/), the settings in force and the
installed EcoLogits, never retyped here; the formulas' wording lives in the locale files.
"""

from __future__ import annotations

import importlib.metadata
from typing import Any

import pandas as pd
import streamlit as st

from ui import data
from ui.formatting import format_euros, format_number, format_percent, label_value, md_escape
from ui.i18n import label, t, t_formula
from ui.widgets import lang, page_header

LANG = lang()
page_header(t("app.methodology.title"), t("app.methodology.intro"), icon=":material/menu_book:")
version = data.data_version()
ctx = data.context(version, LANG)
settings = ctx.settings
TO_CHECK_WORDS = ("à vérifier", "to check", "to_check")


def _to_check(text: Any) -> bool:
    return any(word in str(text).lower() for word in TO_CHECK_WORDS)


def _scale_text(scale: Any) -> str:
    """How a scale maps its input to 0-4: thresholds (ascending or descending) or a map."""
    if scale.thresholds is not None:
        marks = " / ".join(format_number(value, lang=LANG) for value in scale.thresholds)
        return t(f"app.methodology.matrix.thresholds_{scale.direction.value}", thresholds=marks)
    if scale.map is not None:
        return ", ".join(f"{t(f'matrix.category.{scale.input}.{key}', default=key)} → {format_number(value, lang=LANG)}"
                         for key, value in scale.map.items())
    return ""


to_check: list[tuple[str, str]] = []  # (what, source) gathered while drawing the sections

(tab_footprint, tab_finance, tab_matrix, tab_rules, tab_limits, tab_versions) = st.tabs([
    t("app.methodology.tab.footprint"), t("app.methodology.tab.finance"), t("app.methodology.tab.matrix"),
    t("app.methodology.tab.rules"), t("app.methodology.tab.limits"), t("app.methodology.tab.versions")],
    key="method_tabs")

# ------------------------------------------------------------------------------------------ footprint
with tab_footprint:
    from evaluation.footprint import ecologits_version, zone_label
    from evaluation.footprint.ecologits_calls import find_mix
    from evaluation.footprint.reference import equivalence_factors, hardware, method

    st.subheader(t("app.methodology.footprint.genai"), anchor=False)
    st.markdown(t("app.methodology.footprint.genai_text", version=ecologits_version()))
    st.latex(t_formula("app.methodology.footprint.requests_formula"))
    st.latex(t_formula("app.methodology.footprint.annual_formula"))
    st.caption(t("app.methodology.footprint.genai_caption"))

    st.subheader(t("app.methodology.footprint.compute"), anchor=False)
    hw = hardware()
    st.markdown(t("app.methodology.footprint.compute_text"))
    st.latex(t_formula("app.methodology.footprint.compute_formula",
               memory=format_number(hw.memory_power_w_per_gb.value, lang=LANG, decimals=4).replace(",", "{,}")))
    st.caption(label_value(t("app.methodology.source"), md_escape(hw.memory_power_w_per_gb.source), lang=LANG))
    gpus = pd.DataFrame({"gpu": [g.name for g in hw.gpus], "tdp": [format_number(g.tdp_w, lang=LANG) for g in hw.gpus],
                         "source": [g.source for g in hw.gpus]})
    with st.expander(t("app.methodology.footprint.gpus"), icon=":material/memory:"):
        st.dataframe(gpus, hide_index=True, key="method_gpus", column_config={
            "gpu": t("app.methodology.col.gpu"), "tdp": t("app.methodology.col.tdp"),
            "source": st.column_config.TextColumn(t("app.methodology.col.source"), width="large")})
    embodied = hw.embodied
    st.markdown(t("app.methodology.footprint.embodied_text",
                  years=format_number(embodied.lifetime_years, lang=LANG),
                  server_gwp=format_number(embodied.server.gwp_kgco2eq, lang=LANG),
                  gpu_gwp=format_number(embodied.gpu.gwp_kgco2eq, lang=LANG),
                  gpus=format_number(embodied.server.gpu_count, lang=LANG)))
    st.caption(label_value(t("app.methodology.source"), md_escape(embodied.source), lang=LANG))
    if _to_check(embodied.server.cpu_cores_source):
        to_check.append((t("app.methodology.footprint.cpu_share"), embodied.server.cpu_cores_source))

    st.subheader(t("app.methodology.footprint.mixes"), anchor=False)
    zones = list(method().comparison_zones)
    mixes = [(zone, find_mix(zone)) for zone in zones]
    st.dataframe(pd.DataFrame({
        "zone": [zone_label(zone, LANG) for zone, _ in mixes],
        "code": zones,
        "gwp": [format_number(mix.gwp * 1000, lang=LANG) if mix else "—" for _, mix in mixes],
        "pe": [format_number(mix.pe, lang=LANG) if mix else "—" for _, mix in mixes],
        "wue": [format_number(mix.wue, lang=LANG) if mix and getattr(mix, "wue", None) is not None else "—"
                for _, mix in mixes],
    }), hide_index=True, key="method_mixes", column_config={
        "zone": t("app.methodology.col.zone"), "code": t("app.methodology.col.code"),
        "gwp": t("app.methodology.col.mix_gwp"), "pe": t("app.methodology.col.mix_pe"),
        "wue": t("app.methodology.col.mix_wue")})
    st.caption(t("app.methodology.footprint.mixes_caption", version=ecologits_version()))
    st.markdown(t("app.methodology.footprint.pue", pue=format_number(settings.default_pue, lang=LANG),
                  wue=format_number(settings.default_wue, lang=LANG)))
    for key in ("default_pue", "default_wue"):
        source = settings.sources.get(key, "")
        if source:
            st.caption(label_value(t(f"app.methodology.footprint.{key}"), md_escape(source), lang=LANG))
            if _to_check(source):
                to_check.append((t(f"app.methodology.footprint.{key}"), source))

    st.subheader(t("app.methodology.footprint.equivalences"), anchor=False)
    factors = equivalence_factors()
    st.dataframe(pd.DataFrame({
        "what": [t(f"footprint.equivalences.{f.code}.label") for f in factors],
        "factor": [format_number(f.kgco2eq_per_unit, lang=LANG, significant=4) for f in factors],
        "source": [f.source for f in factors],
        "check": [t("app.common.to_check") if f.to_check else "" for f in factors],
    }), hide_index=True, key="method_equivalences", column_config={
        "what": t("app.methodology.col.equivalence"), "factor": t("app.methodology.col.factor"),
        "source": st.column_config.TextColumn(t("app.methodology.col.source"), width="large"),
        "check": t("app.methodology.col.check")})
    to_check.extend((t(f"footprint.equivalences.{f.code}.label"), f.source) for f in factors if f.to_check)

# -------------------------------------------------------------------------------------------- finance
with tab_finance:
    from evaluation.finance import carbon_trajectories

    st.subheader(t("app.methodology.finance.flows"), anchor=False)
    st.markdown(t("app.methodology.finance.flows_text"))
    st.latex(t_formula("app.methodology.finance.npv_formula"))
    st.markdown(t("app.methodology.finance.other_text"))
    values = [
        (t("app.methodology.finance.discount_rate"), format_percent(settings.discount_rate, lang=LANG),
         settings.sources.get("discount_rate", "")),
        (t("app.methodology.finance.horizon"), format_number(settings.horizon_years, lang=LANG), ""),
        (t("app.methodology.finance.start_year"), str(settings.start_year), ""),
        *[(t("app.methodology.finance.hourly_cost", category=category),
           format_euros(settings.hourly_costs.for_category(category), lang=LANG, decimals=0),
           settings.sources.get("hourly_costs", "")) for category in ("A", "B", "C")],
        (t("app.methodology.finance.spread"), format_percent(settings.sensitivity_spread, lang=LANG), ""),
    ]
    st.dataframe(pd.DataFrame(values, columns=["what", "value", "source"]), hide_index=True, key="method_finance",
                 column_config={"what": t("app.methodology.col.parameter"), "value": t("app.methodology.col.value"),
                                "source": st.column_config.TextColumn(t("app.methodology.col.source"), width="large")})
    st.caption(t("app.methodology.finance.settings_caption"))
    for what, _, source in values:
        if _to_check(source):
            to_check.append((what, source))

    st.subheader(t("app.methodology.finance.carbon"), anchor=False)
    st.markdown(t("app.methodology.finance.carbon_text"))
    for code, trajectory in carbon_trajectories().items():
        name = getattr(trajectory, f"label_{LANG}", trajectory.label_fr)
        in_force = code == settings.carbon_trajectory.value
        st.markdown(f"**{md_escape(name)}**" + (f" — {t('app.methodology.finance.in_force')}" if in_force else ""))
        points = sorted(trajectory.points.items())
        st.dataframe(pd.DataFrame({"year": [str(y) for y, _ in points],
                                   "value": [format_euros(v, lang=LANG, decimals=0) for _, v in points]}).T,
                     key=f"method_carbon_{code}", hide_index=False)
        st.caption(label_value(t("app.methodology.source"), md_escape(trajectory.source), lang=LANG)
                   + (f" — {md_escape(trajectory.note)}" if trajectory.note else ""))
        if _to_check(trajectory.source) or _to_check(trajectory.note) or _to_check(name):
            to_check.append((name, trajectory.source))

# --------------------------------------------------------------------------------------------- matrix
with tab_matrix:
    matrix = ctx.matrix
    st.subheader(f"{getattr(matrix.label, LANG, matrix.label.fr)} ({matrix.key})", anchor=False)
    if matrix.description is not None:
        st.markdown(md_escape(getattr(matrix.description, LANG, matrix.description.fr)))
    quadrants = matrix.quadrants
    st.markdown(t("app.methodology.matrix.quadrants",
                  value=format_number(quadrants.value_threshold, lang=LANG),
                  cost=format_number(quadrants.cost_threshold, lang=LANG)))
    st.latex(t_formula("app.methodology.matrix.score_formula"))
    rows = []
    for criterion in matrix.criteria:
        scales = criterion.scales()
        inputs = "; ".join(
            t(f"matrix.input.{scale.input}", default=str(scale.input))
            + (f" ({format_number(weight, lang=LANG)})" if len(scales) > 1 else "")
            for scale, weight in scales)
        rules_text = "; ".join(_scale_text(scale) for scale, _ in scales)
        rows.append({
            "criterion": getattr(criterion.label, LANG, criterion.label.fr),
            "axis": t(f"matrix.axis.{criterion.axis.value}"),
            "weight": format_number(criterion.weight, lang=LANG),
            "input": inputs, "scale": rules_text,
            "description": getattr(criterion.description, LANG, criterion.description.fr) if criterion.description else "",
        })
    criteria_table = pd.DataFrame(rows).rename(columns={
        "criterion": t("app.methodology.col.criterion"), "axis": t("app.methodology.col.axis"),
        "weight": t("app.methodology.col.weight"), "input": t("app.methodology.col.input"),
        "scale": t("app.methodology.col.scale"), "description": t("app.methodology.col.description")})
    st.table(criteria_table.set_index(t("app.methodology.col.criterion")))
    st.caption(t("app.methodology.matrix.weights_caption"))
    for source in matrix.sources:
        st.caption(f"- {md_escape(source)}")
        if _to_check(source):
            to_check.append((t("app.methodology.tab.matrix"), source))

# ---------------------------------------------------------------------------------------------- rules
with tab_rules:
    rules = ctx.rules
    st.subheader(f"{rules.title.get(LANG)} ({rules.reference})", anchor=False)
    st.caption(t("checklist.checklist.intro"))
    for group_code in dict.fromkeys(rule.group.value for rule in rules.rules):
        st.markdown(f"**{label('rule_group', group_code, lang=LANG)}**")
        st.table(pd.DataFrame([{
            t("checklist.checklist.columns.rule"): rule.id,
            t("checklist.checklist.columns.question"): rule.question.get(LANG),
            t("app.methodology.col.conditions"): rule.conditions.get(LANG),
            t("checklist.checklist.columns.blocking"): t("checklist.checklist.blocking_yes") if rule.blocking
            else t("checklist.checklist.blocking_no"),
            t("checklist.checklist.columns.source"): f"{rule.source.citation()} — {rule.source.link}",
        } for rule in rules.rules if rule.enabled and rule.group.value == group_code]).set_index(
            t("checklist.checklist.columns.rule")))
    to_check.extend((rule.id, rule.source.citation()) for rule in rules.rules if rule.source.to_check)
    ai_act = settings.ai_act
    st.caption(t("app.methodology.rules.ai_act", transparency=str(ai_act.transparency),
                 annex=str(ai_act.high_risk_annex_iii)) + " " + md_escape(ai_act.source))
    if _to_check(ai_act.source):
        to_check.append((t("app.methodology.rules.ai_act_dates"), ai_act.source))

# --------------------------------------------------------------------------------------------- limits
with tab_limits:
    from evaluation.footprint import UNCOVERED_PHASE_CODES

    st.subheader(t("app.methodology.limits.uncounted"), anchor=False)
    for code in UNCOVERED_PHASE_CODES:
        st.markdown(f"- {label('uncovered', code, lang=LANG)}")
    st.subheader(t("app.methodology.limits.to_check"), anchor=False)
    st.caption(t("app.methodology.limits.to_check_caption"))
    st.dataframe(pd.DataFrame(to_check, columns=["what", "source"]), hide_index=True, key="method_to_check",
                 column_config={"what": t("app.methodology.col.parameter"),
                                "source": st.column_config.TextColumn(t("app.methodology.col.source"), width="large")})

# ------------------------------------------------------------------------------------------- versions
with tab_versions:
    from evaluation.footprint import ecologits_version

    def _version(package: str) -> str:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return "—"

    st.dataframe(pd.DataFrame([
        (t("app.methodology.versions.ecologits"), ecologits_version()),
        (t("app.methodology.versions.matrix"), matrix.key),
        (t("app.methodology.versions.rules"), rules.reference),
        (t("app.methodology.versions.settings"), str(version.settings) if version.settings else t("app.methodology.versions.defaults")),
        ("numpy-financial", _version("numpy-financial")),
        ("pandas", _version("pandas")),
        ("Streamlit", _version("streamlit")),
    ], columns=["what", "version"]), hide_index=True, key="method_versions", column_config={
        "what": t("app.methodology.col.component"), "version": t("app.methodology.col.version")})
    st.caption(t("app.methodology.versions.caption"))

