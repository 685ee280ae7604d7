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
from ui.formatting import format_euros, format_number, format_percent, label_value, matrix_label, md_escape, rules_label
from ui.i18n import current_language, label, t, t_formula
from ui.widgets import lang, page_header

TO_CHECK_WORDS = ("à vérifier", "to check", "to_check")
# (what, source) of every reference value still to check, gathered while the tabs are drawn
ToCheck = list[tuple[str, str]]


def _to_check(text: Any) -> bool:
    return any(word in str(text).lower() for word in TO_CHECK_WORDS)


def _scale_text(scale: Any, page_lang: str) -> str:
    """How a scale maps its input to 0-4: thresholds (ascending or descending) or a map."""
    if scale.thresholds is not None:
        marks = " / ".join(format_number(value, lang=page_lang) for value in scale.thresholds)
        return t(f"app.methodology.matrix.thresholds_{scale.direction.value}", thresholds=marks)
    if scale.map is not None:
        return ", ".join(f"{t(f'matrix.category.{scale.input}.{key}', default=key)} → {format_number(value, lang=page_lang)}"
                         for key, value in scale.map.items())
    return ""


def _package_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "—"


def footprint_tab(settings: Any, page_lang: str, to_check: ToCheck) -> None:
    """EcoLogits for generative AI, the compute model with its hardware, the electricity mixes, the
    equivalences."""
    from evaluation.footprint import ecologits_version
    from evaluation.footprint.reference import hardware

    st.subheader(t("app.methodology.footprint.genai"), anchor=False)
    st.markdown(t("app.methodology.footprint.genai_text", version=ecologits_version()))
    st.latex(t_formula("app.methodology.footprint.requests_formula"))
    st.latex(t_formula("app.methodology.footprint.annual_formula"))
    st.caption(t("app.methodology.footprint.genai_caption"))

    st.subheader(t("app.methodology.footprint.compute"), anchor=False)
    hw = hardware()
    st.markdown(t("app.methodology.footprint.compute_text"))
    st.latex(t_formula("app.methodology.footprint.compute_formula",
               memory=format_number(hw.memory_power_w_per_gb.value, lang=page_lang, decimals=4).replace(",", "{,}")))
    st.caption(label_value(t("app.methodology.source"), md_escape(hw.memory_power_w_per_gb.source), lang=page_lang))
    gpus = pd.DataFrame({"gpu": [g.name for g in hw.gpus], "tdp": [format_number(g.tdp_w, lang=page_lang) for g in hw.gpus],
                         "source": [g.source for g in hw.gpus]})
    with st.expander(t("app.methodology.footprint.gpus"), icon=":material/memory:"):
        st.dataframe(gpus, hide_index=True, key="method_gpus", column_config={
            "gpu": t("app.methodology.col.gpu"), "tdp": t("app.methodology.col.tdp"),
            "source": st.column_config.TextColumn(t("app.methodology.col.source"), width="large")})
    _embodied(page_lang)
    _mixes(settings, page_lang, to_check)
    _equivalences(page_lang, to_check)


def _embodied(page_lang: str) -> None:
    from evaluation.footprint.reference import embodied_hardware, embodied_server

    data_file = embodied_hardware()
    st.markdown(t("app.methodology.footprint.embodied_text"))
    st.latex(t_formula("app.methodology.footprint.embodied_formula"))
    cards = [*data_file.gpus, data_file.default_gpu]
    servers = [embodied_server(card.server) for card in cards]
    generic = embodied_server(data_file.cpu_server)
    rows = pd.DataFrame({
        "gpu": [card.boavizta for card in cards] + ["—"],
        "card": [format_number(card.gwp_kgco2eq, lang=page_lang, decimals=1) for card in cards] + ["—"],
        "server": [server.key for server in servers] + [generic.key],
        "server_gwp": [format_number(server.gwp_kgco2eq, lang=page_lang, decimals=0)
                       for server in (*servers, generic)],
        "life": [format_number(server.lifetime_hours / 8760, lang=page_lang) for server in (*servers, generic)],
    })
    with st.expander(t("app.methodology.footprint.embodied_table"), icon=":material/memory:"):
        st.dataframe(rows, hide_index=True, key="method_embodied", column_config={
            "gpu": t("app.methodology.col.gpu"), "card": t("app.methodology.col.card_gwp"),
            "server": t("app.methodology.col.server"), "server_gwp": t("app.methodology.col.server_gwp"),
            "life": t("app.methodology.col.life")})
    st.caption(label_value(t("app.methodology.source"), md_escape(data_file.source), lang=page_lang)
               + f" — {data_file.link} ({data_file.checked.isoformat()})")
    st.caption(t("app.methodology.footprint.embodied_caption"))


def _mixes(settings: Any, page_lang: str, to_check: ToCheck) -> None:
    from evaluation.footprint import ecologits_version, zone_label
    from evaluation.footprint.ecologits_calls import find_mix
    from evaluation.footprint.reference import method

    st.subheader(t("app.methodology.footprint.mixes"), anchor=False)
    zones = list(method().comparison_zones)
    mixes = [(zone, find_mix(zone)) for zone in zones]
    st.dataframe(pd.DataFrame({
        "zone": [zone_label(zone, page_lang) for zone, _ in mixes],
        "code": zones,
        "gwp": [format_number(mix.gwp * 1000, lang=page_lang) if mix else "—" for _, mix in mixes],
        "pe": [format_number(mix.pe, lang=page_lang) if mix else "—" for _, mix in mixes],
        "wue": [format_number(mix.wue, lang=page_lang) if mix and getattr(mix, "wue", None) is not None else "—"
                for _, mix in mixes],
    }), hide_index=True, key="method_mixes", column_config={
        "zone": t("app.methodology.col.zone"), "code": t("app.methodology.col.code"),
        "gwp": t("app.methodology.col.mix_gwp"), "pe": t("app.methodology.col.mix_pe"),
        "wue": t("app.methodology.col.mix_wue")})
    st.caption(t("app.methodology.footprint.mixes_caption", version=ecologits_version()))
    st.markdown(t("app.methodology.footprint.pue", pue=format_number(settings.default_pue, lang=page_lang),
                  wue=format_number(settings.default_wue, lang=page_lang)))
    for key in ("default_pue", "default_wue"):
        source = settings.sources.get(key, "")
        if source:
            st.caption(label_value(t(f"app.methodology.footprint.{key}"), md_escape(source), lang=page_lang))
            if _to_check(source):
                to_check.append((t(f"app.methodology.footprint.{key}"), source))


def _equivalences(page_lang: str, to_check: ToCheck) -> None:
    from evaluation.footprint.reference import equivalence_factors

    st.subheader(t("app.methodology.footprint.equivalences"), anchor=False)
    factors = equivalence_factors()
    st.dataframe(pd.DataFrame({
        "what": [t(f"footprint.equivalences.{f.code}.label") for f in factors],
        "factor": [format_number(f.kgco2eq_per_unit, lang=page_lang, significant=4) for f in factors],
        "source": [f.source for f in factors],
        "check": [t("app.common.to_check") if f.to_check else "" for f in factors],
    }), hide_index=True, key="method_equivalences", column_config={
        "what": t("app.methodology.col.equivalence"), "factor": t("app.methodology.col.factor"),
        "source": st.column_config.TextColumn(t("app.methodology.col.source"), width="large"),
        "check": t("app.methodology.col.check")})
    to_check.extend((t(f"footprint.equivalences.{f.code}.label"), f.source) for f in factors if f.to_check)


def finance_tab(settings: Any, page_lang: str, to_check: ToCheck) -> None:
    """Cash flows and NPV, the reference values in force, the carbon value trajectories."""
    from evaluation.finance import carbon_trajectories

    st.subheader(t("app.methodology.finance.flows"), anchor=False)
    st.markdown(t("app.methodology.finance.flows_text"))
    st.latex(t_formula("app.methodology.finance.npv_formula"))
    st.markdown(t("app.methodology.finance.split_text"))
    st.latex(t_formula("app.methodology.finance.split_formula"))
    st.markdown(t("app.methodology.finance.other_text"))
    values = [
        (t("app.methodology.finance.discount_rate"), format_percent(settings.discount_rate, lang=page_lang),
         settings.sources.get("discount_rate", "")),
        (t("app.methodology.finance.horizon"), format_number(settings.horizon_years, lang=page_lang), ""),
        (t("app.methodology.finance.start_year"), str(settings.start_year), ""),
        *[(t("app.methodology.finance.hourly_cost", category=category),
           format_euros(settings.hourly_costs.for_category(category), lang=page_lang, decimals=0),
           settings.sources.get("hourly_costs", "")) for category in ("A", "B", "C")],
        (t("app.methodology.finance.spread"), format_percent(settings.sensitivity_spread, lang=page_lang), ""),
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
        name = getattr(trajectory, f"label_{page_lang}", trajectory.label_fr)
        in_force = code == settings.carbon_trajectory.value
        st.markdown(f"**{md_escape(name)}**" + (f" — {t('app.methodology.finance.in_force')}" if in_force else ""))
        points = sorted(trajectory.points.items())
        st.dataframe(pd.DataFrame({"year": [str(y) for y, _ in points],
                                   "value": [format_euros(v, lang=page_lang, decimals=0) for _, v in points]}).T,
                     key=f"method_carbon_{code}", hide_index=False)
        last = max(trajectory.points)
        st.caption(t("app.methodology.finance.growth", currency=str(trajectory.currency_year), last=str(last),
                     growth=format_percent(trajectory.growth_after_last_point, lang=page_lang)))
        st.caption(label_value(t("app.methodology.source"), md_escape(trajectory.source), lang=page_lang)
                   + f" — {trajectory.link} — "
                   + t("app.methodology.finance.checked", date=trajectory.checked.isoformat())
                   + (f" — {md_escape(trajectory.note)}" if trajectory.note else ""))
        if _to_check(trajectory.source) or _to_check(trajectory.note) or _to_check(name):
            to_check.append((name, trajectory.source))


def matrix_tab(matrix: Any, page_lang: str, to_check: ToCheck) -> None:
    """The cost-benefit matrix: quadrants, criteria with their weights, inputs and scales."""
    st.subheader(f"{getattr(matrix.label, page_lang, matrix.label.fr)} ({matrix.key})", anchor=False)
    if matrix.description is not None:
        st.markdown(md_escape(getattr(matrix.description, page_lang, matrix.description.fr)))
    quadrants = matrix.quadrants
    st.markdown(t("app.methodology.matrix.quadrants",
                  value=format_number(quadrants.value_threshold, lang=page_lang),
                  cost=format_number(quadrants.cost_threshold, lang=page_lang)))
    st.latex(t_formula("app.methodology.matrix.score_formula"))
    rows = []
    for criterion in matrix.criteria:
        scales = criterion.scales()
        inputs = "; ".join(
            t(f"matrix.input.{scale.input}", default=str(scale.input))
            + (f" ({format_number(weight, lang=page_lang)})" if len(scales) > 1 else "")
            for scale, weight in scales)
        rules_text = "; ".join(_scale_text(scale, page_lang) for scale, _ in scales)
        rows.append({
            "criterion": getattr(criterion.label, page_lang, criterion.label.fr),
            "axis": t(f"matrix.axis.{criterion.axis.value}"),
            "weight": format_number(criterion.weight, lang=page_lang),
            "input": inputs, "scale": rules_text,
            "description": getattr(criterion.description, page_lang, criterion.description.fr) if criterion.description else "",
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


def rules_tab(rules: Any, evaluation_date: Any, page_lang: str, to_check: ToCheck) -> None:
    """The checklist's rules by group, with their conditions and sources."""
    st.subheader(f"{rules.title.get(page_lang)} ({rules.reference})", anchor=False)
    st.caption(t("checklist.checklist.intro"))
    for group_code in dict.fromkeys(rule.group.value for rule in rules.rules):
        st.markdown(f"**{label('rule_group', group_code, lang=page_lang)}**")
        st.table(pd.DataFrame([{
            t("checklist.checklist.columns.rule"): rule.id,
            t("checklist.checklist.columns.question"): rule.question.get(page_lang),
            t("app.methodology.col.conditions"): rule.conditions.get(page_lang),
            t("checklist.checklist.columns.blocking"): t("checklist.checklist.blocking_yes") if rule.blocking
            else t("checklist.checklist.blocking_no"),
            t("checklist.checklist.columns.source"): f"{rule.source.citation()} — {rule.source.link}",
        } for rule in rules.rules if rule.enabled and rule.group.value == group_code]).set_index(
            t("checklist.checklist.columns.rule")))
    to_check.extend((rule.id, rule.source.citation()) for rule in rules.rules if rule.source.to_check)
    law_tables(evaluation_date, page_lang, to_check)


def law_tables(evaluation_date: Any, page_lang: str, to_check: ToCheck) -> None:
    """The AI Act dates in force on the evaluation date and the adequacy decisions: the law as data."""
    from evaluation.checklist.law import Obligation, adequacy_decisions, ai_act_dates
    law = ai_act_dates()
    st.markdown(f"**{t('app.methodology.rules.ai_act_dates')}**")
    st.caption(t("app.methodology.rules.ai_act", on=evaluation_date.isoformat(),
                 checked=law.checked.isoformat()))
    rows = []
    for obligation in Obligation:
        applicable = law.applicable(obligation, evaluation_date)
        pending = (f"{applicable.pending_text.short} : {applicable.pending.applies_from.isoformat()}"
                   if applicable.pending and applicable.pending_text else "")
        rows.append({"obligation": law.obligations[obligation].title,
                     "date": applicable.current.applies_from.isoformat(),
                     "text": f"{applicable.current_text.short}, {applicable.current.article}",
                     "pending": pending,
                     "verified": t("app.methodology.rules.verified_yes") if applicable.current_text.verified
                     else t("app.methodology.rules.verified_no")})
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="method_ai_act", column_config={
        name: t(f"app.methodology.rules.ai_act_columns.{name}") for name in rows[0]})
    for text in law.texts:
        st.caption(f"- [{md_escape(text.title)}]({text.link})" + (f" — {md_escape(text.note)}" if text.note else ""))
        if not text.verified:
            to_check.append((t("app.methodology.rules.ai_act_dates"), f"{text.title} : {text.note or ''}"))
    adequacy = adequacy_decisions()
    st.caption(t("app.methodology.rules.adequacy", source=f"[{md_escape(adequacy.source)}]({adequacy.link})",
                 checked=adequacy.checked.isoformat()))
    st.dataframe(pd.DataFrame([{"code": c.code, "country": c.name(page_lang), "outcome": c.outcome,
                                "decision": c.decision + (f" ({c.scope})" if c.scope else "")}
                               for c in adequacy.countries]), hide_index=True, key="method_adequacy",
                 column_config={name: t(f"app.methodology.rules.adequacy_columns.{name}")
                                for name in ("code", "country", "outcome", "decision")})


def limits_tab(page_lang: str, to_check: ToCheck) -> None:
    """What is not counted, and the reference values still to check."""
    from evaluation.footprint import UNCOVERED_PHASE_CODES

    st.subheader(t("app.methodology.limits.uncounted"), anchor=False)
    for code in UNCOVERED_PHASE_CODES:
        st.markdown(f"- {label('uncovered', code, lang=page_lang)}")
    st.subheader(t("app.methodology.limits.to_check"), anchor=False)
    st.caption(t("app.methodology.limits.to_check_caption"))
    st.dataframe(pd.DataFrame(to_check, columns=["what", "source"]), hide_index=True, key="method_to_check",
                 column_config={"what": t("app.methodology.col.parameter"),
                                "source": st.column_config.TextColumn(t("app.methodology.col.source"), width="large")})


def versions_tab(ctx: Any, version: Any) -> None:
    """The versions of the methods, data files and libraries in use."""
    from evaluation.footprint import ecologits_version

    matrix, rules = ctx.matrix, ctx.rules
    st.dataframe(pd.DataFrame([
        (t("app.methodology.versions.ecologits"), ecologits_version()),
        (t("app.methodology.versions.matrix"), matrix_label(matrix.key, lang=current_language())),
        (t("app.methodology.versions.rules"), rules_label(rules.reference, lang=current_language(), kind=False)),
        (t("app.methodology.versions.settings"), str(version.settings) if version.settings else t("app.methodology.versions.defaults")),
        ("numpy-financial", _package_version("numpy-financial")),
        ("pandas", _package_version("pandas")),
        ("Streamlit", _package_version("streamlit")),
    ], columns=["what", "version"]), hide_index=True, key="method_versions", column_config={
        "what": t("app.methodology.col.component"), "version": t("app.methodology.col.version")})
    st.caption(t("app.methodology.versions.caption"))


def main() -> None:
    page_lang = lang()
    page_header(t("app.methodology.title"), t("app.methodology.intro"), icon=":material/menu_book:")
    version = data.data_version()
    ctx = data.context(version, page_lang)
    to_check: ToCheck = []
    tabs = st.tabs([t(f"app.methodology.tab.{name}") for name in
                    ("footprint", "finance", "matrix", "rules", "limits", "versions")], key="method_tabs")
    with tabs[0]:
        footprint_tab(ctx.settings, page_lang, to_check)
    with tabs[1]:
        finance_tab(ctx.settings, page_lang, to_check)
    with tabs[2]:
        matrix_tab(ctx.matrix, page_lang, to_check)
    with tabs[3]:
        rules_tab(ctx.rules, ctx.evaluation_date, page_lang, to_check)
    with tabs[4]:
        limits_tab(page_lang, to_check)  # after the other tabs: it lists what they found to check
    with tabs[5]:
        versions_tab(ctx, version)


main()
