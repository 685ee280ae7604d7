"""The fiche dossier's tabs: Synthèse, Empreinte, Coût-bénéfice, Conformité, Historique.

Each function draws one tab for one proposal; every figure says where it comes from (method,
source, version) in a caption or a help tooltip. Texts typed by people go through `md_escape()`.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from ui import charts, data, theme
from ui.formatting import (
    format_euro_range,
    format_euros,
    format_number,
    format_percent,
    format_quantity,
    format_range,
    format_years,
    label_value,
    md_escape,
    model_label,
    provider_label,
)
from ui.i18n import label, t, t_count
from ui.summaries import CRITERIA, mean_column, recommended_options, rule_ids, warnings_of
from ui.widgets import metric_card, plotly, quadrant_badge, rule_status_badge, source_caption, verdict_badge


def _nan(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _num(value: Any) -> float:
    """A number, NaN when missing."""
    return math.nan if _nan(value) else float(value)


def option_title(row: pd.Series | dict[str, Any], lang: str) -> str:
    """"Option name (readable model)" for people."""
    name = str(row.get("option.name", ""))
    model = row.get("option.model")
    if isinstance(model, str) and model:
        return f"{name} — {model_label(model, lang=lang)}"
    return name


def footprint_source(row: pd.Series | dict[str, Any], lang: str) -> str:
    """"Méthode : EcoLogits 0.11.3, zone FRA" for a footprint figure."""
    from evaluation.footprint import zone_label

    method = str(row.get("fp.method") or "none")
    zone = row.get("fp.zone")
    parts = [label("fp_method", method, lang=lang)]
    version = row.get("fp.ecologits_version")
    if method.startswith("ecologits") and isinstance(version, str) and version:
        parts.append(t("app.fiche.footprint.ecologits_version", lang=lang, version=version))
    if isinstance(zone, str) and zone:
        parts.append(t("app.fiche.footprint.zone_used", lang=lang, zone=zone_label(zone, lang)))
    return " · ".join(parts)


# ------------------------------------------------------------------------------------------ Synthèse


def synthesis_tab(proposal: Any, options: pd.DataFrame, focus: pd.Series, *, lang: str, ctx: Any) -> None:
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
            quadrant_badge(best.get("mx.quadrant"))
            st.caption(t("app.fiche.synthesis.recommendation_help", matrix=str(best.get("mx.matrix", ""))))

    st.subheader(t("app.fiche.synthesis.options"), anchor=False)
    table = pd.DataFrame({
        "option": options["option.name"],
        "kind": options["option.kind"].map(lambda code: label("kind", code, lang=lang)),
        "model": [model_label(m, lang=lang) for m in options["option.model"]],
        "quadrant": options["mx.quadrant"].map(lambda code: label("quadrant", code, lang=lang)),
        "value": options["mx.value"],
        "cost": options["mx.cost"],
        "gwp": mean_column(options, "fp.annual.gwp_kgco2eq"),
        "npv": options["fin.npv"],
        "verdict": options["chk.verdict"].map(lambda code: label("verdict", code, lang=lang)),
    })
    st.dataframe(
        table.style.format({
            "value": lambda v: format_number(v, lang=lang, decimals=1),
            "cost": lambda v: format_number(v, lang=lang, decimals=1),
            "gwp": lambda v: format_quantity(v, "gwp_kgco2eq", lang=lang),
            "npv": lambda v: format_euros(v, lang=lang),
        }),
        hide_index=True, key="fiche_options_table",
        column_config={
            "option": st.column_config.TextColumn(t("app.portfolio.col.option"), width="medium"),
            "kind": t("app.portfolio.col.kind"), "model": t("app.portfolio.col.model"),
            "quadrant": t("app.portfolio.col.quadrant"),
            "value": st.column_config.NumberColumn(t("app.portfolio.col.value"), help=t("app.portfolio.col.value_help")),
            "cost": st.column_config.NumberColumn(t("app.portfolio.col.cost"), help=t("app.portfolio.col.cost_help")),
            "gwp": st.column_config.NumberColumn(t("app.portfolio.col.gwp"), help=t("app.portfolio.col.gwp_help")),
            "npv": st.column_config.NumberColumn(t("app.portfolio.col.npv"), help=t("app.portfolio.col.npv_help")),
            "verdict": t("app.portfolio.col.verdict"),
        },
    )

    st.subheader(t("app.fiche.synthesis.key_figures", option=md_escape(option_title(focus, lang))), anchor=False)
    key_figures(focus, lang=lang)


def key_figures(row: pd.Series, *, lang: str) -> None:
    """Four cards for one option: annual CO2e, NPV, payback, compliance verdict."""
    cards = st.columns(4)
    with cards[0]:
        low, high = row.get("fp.annual.gwp_kgco2eq.min"), row.get("fp.annual.gwp_kgco2eq.max")
        mean = (_num(low) + _num(high)) / 2
        metric_card(t("app.fiche.kpi.gwp"), format_quantity(mean, "gwp_kgco2eq", lang=lang) if row.get("fp.estimated", True)
                    else t("app.common.not_estimated"),
                    range_text=format_range(low, high, "gwp_kgco2eq", lang=lang),
                    source=footprint_source(row, lang), icon=":material/co2:", key="kpi_fiche_gwp")
    with cards[1]:
        metric_card(t("app.metric.npv"), format_euros(row.get("fin.npv"), lang=lang),
                    source=t("app.fiche.kpi.npv_source", rate=format_percent(row.get("fin.discount_rate"), lang=lang),
                             horizon=format_number(row.get("horizon"), lang=lang)),
                    icon=":material/euro:", key="kpi_fiche_npv")
    with cards[2]:
        payback = row.get("fin.payback_years")
        metric_card(t("matrix.finance.payback_years"),
                    format_years(payback, lang=lang) if not _nan(payback) else t("matrix.finance.payback_none"),
                    source=t("app.fiche.kpi.payback_source"), icon=":material/hourglass_bottom:",
                    key="kpi_fiche_payback")
    with cards[3], st.container(border=True, key="kpi_fiche_verdict"):
        st.markdown(t("app.metric.verdict"))
        verdict_badge(row.get("chk.verdict"), help_text=t(f"checklist.checklist.verdict_help.{row.get('chk.verdict')}"))
        st.caption(t("checklist.checklist.counts", fail=format_number(row.get("chk.fail_count", 0), lang=lang),
                     warn=format_number(row.get("chk.warn_count", 0), lang=lang),
                     blocking=format_number(row.get("chk.blocking_count", 0), lang=lang)))


# ------------------------------------------------------------------------------------------ Empreinte


def footprint_tab(row: pd.Series, *, lang: str, version: data.DataVersion) -> None:
    if not bool(row.get("fp.estimated", True)):
        st.warning(t("app.fiche.footprint.not_estimated"), icon=":material/error:")
    for code in warnings_of(row):
        st.warning(label("warning", code, lang=lang), icon=":material/warning:")
    requests = row.get("fp.requests")
    if _num(requests) > 0:
        st.caption(t("app.fiche.footprint.requests", requests=format_number(requests, lang=lang, decimals=0)))

    # One card per criterion: annual mean with its range, and per request.
    cards = [*st.columns(3), *st.columns(3)][: len(CRITERIA)]
    for column, criterion in zip(cards, CRITERIA, strict=True):
        low, high = row.get(f"fp.annual.{criterion}.min"), row.get(f"fp.annual.{criterion}.max")
        mean = (_num(low) + _num(high)) / 2
        per_request = format_range(row.get(f"fp.per_request.{criterion}.min"),
                                   row.get(f"fp.per_request.{criterion}.max"), criterion, lang=lang)
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
        plotly(charts.usage_embodied_figure(row, lang=lang), key="fp_split")
        st.caption(t("app.fiche.footprint.split_caption"))
    with right:
        _equivalences(row, lang=lang)

    _zones(row, lang=lang, version=version)
    _alternatives(row, lang=lang, version=version)

    uncovered = warnings_of(row, "fp.uncovered_phases")
    if uncovered:
        with st.expander(t("app.fiche.footprint.uncovered"), icon=":material/visibility_off:"):
            for code in uncovered:
                st.markdown(f"- {label('uncovered', code, lang=lang)}")


def _equivalences(row: pd.Series, *, lang: str) -> None:
    from evaluation.footprint import Range, equivalences

    low, high = row.get("fp.annual.gwp_kgco2eq.min"), row.get("fp.annual.gwp_kgco2eq.max")
    st.markdown(f"**{t('app.fiche.footprint.equivalences')}**")
    if _nan(low) or _nan(high) or not _num(high) > 0:
        st.caption(t("app.fiche.footprint.no_equivalence"))
        return
    for item in equivalences(Range.of(_num(low), _num(high))):
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

    if not bool(row.get("fp.estimated", True)) or row.get("option.kind") == "non_ai":
        return
    zones = [z for z in data.zone_comparison(str(row["id"]), int(row["option_index"]), version)
             if z.estimated and z.annual_gwp_kgco2eq is not None]
    if not zones:
        return
    current = row.get("fp.zone")
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
    found = data.alternatives(str(row["id"]), int(row["option_index"]), version)
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
    })
    st.dataframe(table, hide_index=True, key="fp_alternatives", column_config={
        "alternative": st.column_config.TextColumn(t("app.fiche.footprint.col_alternative"), width="large"),
        "gwp": st.column_config.TextColumn(t("app.fiche.footprint.col_gwp")),
        "saving": st.column_config.TextColumn(t("app.fiche.footprint.col_saving")),
        "share": st.column_config.TextColumn(t("app.fiche.footprint.col_share")),
    })
    st.caption(t("app.fiche.footprint.alternatives_caption"))


# ------------------------------------------------------------------------------------- Coût-bénéfice


def finance_tab(row: pd.Series, options: pd.DataFrame, *, lang: str, version: data.DataVersion, ctx: Any) -> None:
    rate = format_percent(row.get("fin.discount_rate"), lang=lang)
    cards = st.columns(4)
    irr = row.get("fin.irr")
    payback = row.get("fin.payback_years")
    figures = (
        ("fin_npv", t("app.metric.npv"), format_euros(row.get("fin.npv"), lang=lang),
         t("app.fiche.kpi.npv_source", rate=rate, horizon=format_number(row.get("horizon"), lang=lang))),
        ("fin_irr", t("app.metric.irr"), format_percent(irr, lang=lang) if not _nan(irr) else "—",
         t("app.fiche.finance.irr_source") if not _nan(irr) else t("matrix.finance.irr_none")),
        ("fin_payback", t("matrix.finance.payback_years"),
         format_years(payback, lang=lang) if not _nan(payback) else "—",
         t("app.fiche.kpi.payback_source") if not _nan(payback) else t("matrix.finance.payback_none")),
        ("fin_roi", t("app.metric.roi"), format_percent(row.get("fin.roi"), lang=lang, decimals=0),
         t("app.fiche.finance.roi_source")),
    )
    for column, (key, title, value, source) in zip(cards, figures, strict=True):
        with column:
            metric_card(title, value, source=source, key=key)
    cards = st.columns(4)
    more = (
        ("fin_tco", t("app.metric.tco"), format_euros(row.get("fin.tco"), lang=lang), None,
         t("app.fiche.finance.tco_source")),
        ("fin_benefits", t("matrix.finance.benefits"), format_euros(row.get("fin.benefits"), lang=lang), None,
         t("app.fiche.finance.benefits_source", hours=format_number(row.get("fin.hours_saved_per_year"), lang=lang,
                                                                      decimals=0),
           cost=format_euros(row.get("hourly_cost"), lang=lang, decimals=0))),
        ("fin_carbon", t("app.metric.carbon_cost"), format_euros(row.get("fin.carbon_cost_npv"), lang=lang),
         format_euro_range(row.get("fin.carbon_cost_npv.min"), row.get("fin.carbon_cost_npv.max"), lang=lang),
         t("app.fiche.finance.carbon_source", trajectory=carbon_trajectory_label(ctx.settings, lang))),
        ("fin_socio", t("app.metric.socio_npv"), format_euros(row.get("fin.socio_npv"), lang=lang),
         format_euro_range(row.get("fin.socio_npv.min"), row.get("fin.socio_npv.max"), lang=lang),
         t("matrix.finance.socio_npv_help")),
    )
    for column, (key, title, value, range_text, source) in zip(cards, more, strict=True):
        with column:
            metric_card(title, value, range_text=range_text, source=source, key=key)

    flows = data.cash_flows(str(row["id"]), int(row["option_index"]), version)
    if flows:
        plotly(charts.cash_flow_figure(flows, lang=lang), key="fin_flows")
        with st.expander(t("app.fiche.finance.flows_table"), icon=":material/table:"):
            table = pd.DataFrame({
                "year": [flow.year for flow in flows],
                "calendar": [flow.calendar_year if flow.year else None for flow in flows],
                "costs": [flow.costs for flow in flows], "benefits": [flow.benefits for flow in flows],
                "net": [flow.net for flow in flows], "discounted": [flow.discounted for flow in flows],
                "cumulative": [flow.cumulative for flow in flows],
            })
            money = {c: (lambda v: format_euros(v, lang=lang)) for c in
                     ("costs", "benefits", "net", "discounted", "cumulative")}
            st.dataframe(table.style.format({**money, "calendar": lambda v: "" if _nan(v) else str(round(_num(v)))}),
                         hide_index=True, key="fin_flows_table", column_config={
                             "year": t("matrix.finance.year"), "calendar": t("app.fiche.finance.calendar_year"),
                             "costs": t("matrix.finance.costs"), "benefits": t("matrix.finance.benefits"),
                             "net": t("matrix.finance.net"), "discounted": t("matrix.finance.discounted"),
                             "cumulative": t("matrix.finance.cumulative")})
    _baseline(row, lang=lang)
    _tornado(row, lang=lang, version=version, ctx=ctx)


def _baseline(row: pd.Series, *, lang: str) -> None:
    baseline = row.get("fin.baseline")
    st.subheader(t("app.fiche.finance.baseline_title"), anchor=False)
    if _nan(baseline) or not baseline or row.get("option.kind") == "non_ai":
        st.caption(t("app.fiche.finance.no_baseline") if row.get("option.kind") != "non_ai"
                   else t("app.fiche.finance.is_baseline"))
        return
    st.caption(label_value(t("matrix.finance.baseline"), md_escape(baseline), lang=lang))
    lines = (
        ("delta_cost", format_euros(row.get("fin.delta_cost"), lang=lang)),
        ("delta_benefit", format_euros(row.get("fin.delta_benefit"), lang=lang)),
        ("delta_npv", format_euros(row.get("fin.delta_npv"), lang=lang)),
        ("delta_hours_per_year", format_number(row.get("fin.delta_hours_per_year"), lang=lang, decimals=0)),
        ("delta_gwp_kg", format_quantity(row.get("fin.delta_gwp_kg"), "gwp_kgco2eq", lang=lang)),
        ("delta_wcf_l", format_quantity(row.get("fin.delta_wcf_l"), "wcf_l", lang=lang)),
        ("cost_per_tco2e", format_euros(row.get("fin.cost_per_tco2e"), lang=lang)),
        ("cost_per_hour_gained", format_euros(row.get("fin.cost_per_hour_gained"), lang=lang)),
    )
    table = pd.DataFrame({"measure": [t(f"matrix.finance.{key}") for key, _ in lines],
                          "value": [value for _, value in lines]})
    st.dataframe(table, hide_index=True, key="fin_baseline", column_config={
        "measure": st.column_config.TextColumn(t("app.fiche.finance.measure"), width="large"),
        "value": st.column_config.TextColumn(t("app.fiche.finance.value"))})
    st.caption(t("matrix.finance.cost_per_tco2e_help"))


def _tornado(row: pd.Series, *, lang: str, version: data.DataVersion, ctx: Any) -> None:
    result = data.sensitivity(str(row["id"]), version)
    rows = result.loc[result["option_index"] == int(row["option_index"])] if not result.empty else result
    if rows.empty:
        return
    plotly(charts.tornado_figure(rows, lang=lang, base_npv=float(row.get("fin.npv", 0.0))), key="fin_tornado")
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


# ---------------------------------------------------------------------------------------- Conformité


def compliance_tab(row: pd.Series, *, lang: str, ctx: Any) -> None:
    st.caption(t("checklist.checklist.intro"))
    verdict_badge(row.get("chk.verdict"), help_text=t(f"checklist.checklist.verdict_help.{row.get('chk.verdict')}"))
    rules = getattr(ctx, "rules", None)
    present = rule_ids(pd.DataFrame([row]))
    order = {"fail": 0, "warn": 1, "pass": 2, "na": 3}
    by_group: dict[str, list[Any]] = {}
    for rule_id in present:
        rule = _rule(rules, rule_id)
        group = str(getattr(getattr(rule, "group", None), "value", "autre"))
        by_group.setdefault(group, []).append((rule_id, rule))
    for group, items in by_group.items():
        statuses = [str(row.get(f"chk.{rule_id}.status")) for rule_id, _ in items]
        fails, warns = statuses.count("fail"), statuses.count("warn")
        title = label("rule_group", group, lang=lang)
        summary = t("app.fiche.compliance.group_counts", fail=fails, warn=warns, total=len(items))
        with st.expander(f"{title} — {summary}", expanded=fails + warns > 0,
                         icon=theme.STATUS_ICONS["fail" if fails else "warn" if warns else "pass"]):
            for rule_id, rule in sorted(items, key=lambda item: order.get(str(row.get(f"chk.{item[0]}.status")), 9)):
                _rule_line(row, rule_id, rule, lang=lang)
    reference = row.get("chk.rules")
    if isinstance(reference, str) and reference:
        st.caption(t("checklist.checklist.rules_used", rules=reference, file=str(row.get("chk.rules_file", ""))))


def _rule(rules: Any, rule_id: str) -> Any:
    try:
        return rules.rule(rule_id) if rules is not None else None
    except KeyError:
        return None


def _rule_line(row: pd.Series, rule_id: str, rule: Any, *, lang: str) -> None:
    status = str(row.get(f"chk.{rule_id}.status"))
    cols = st.columns([1, 5])
    with cols[0]:
        st.markdown(f"**{rule_id}**")
        rule_status_badge(status)
        if rule is not None and rule.blocking:
            st.caption(t("app.fiche.compliance.blocking"))
    with cols[1]:
        if rule is not None:
            st.markdown(f"**{md_escape(rule.question.get(lang))}**")
        message = row.get(f"chk.{rule_id}.message")
        if isinstance(message, str) and message:
            st.markdown(md_escape(message))
        if rule is not None:
            source = rule.source
            citation = md_escape(source.citation())
            # The link comes from the rules file (data kept by the administrator), never from a proposal.
            st.caption(f":material/gavel: {citation} — [{t('checklist.checklist.open_source')}]({source.link})")
    st.divider()


# ---------------------------------------------------------------------------------------- Historique


def history_tab(proposal_id: str, *, lang: str, version: data.DataVersion) -> None:
    events, reviews, decisions = data.history(proposal_id, version)
    if decisions:
        st.subheader(t("app.fiche.history.decisions"), anchor=False)
        for decision in reversed(decisions):
            with st.container(border=True):
                st.markdown(f"**{label('outcome', decision.outcome.value, lang=lang)}** — "
                            f"{_when(decision.created_at, lang)} — {md_escape(decision.author)}")
                if decision.chosen_option:
                    st.markdown(label_value(t("app.fiche.history.chosen_option"), f"**{md_escape(decision.chosen_option)}**",
                                            lang=lang))
                if decision.motivation:
                    st.markdown(md_escape(decision.motivation))
                if decision.acknowledged:
                    st.caption(label_value(t("app.fiche.history.acknowledged"),
                                           ", ".join(md_escape(rule) for rule in decision.acknowledged), lang=lang))
                versions = ", ".join(f"{md_escape(k)} {md_escape(v)}" for k, v in decision.method_versions.items())
                if versions:
                    st.caption(label_value(t("app.fiche.history.method_versions"), versions, lang=lang))
    if reviews:
        st.subheader(t("app.fiche.history.reviews"), anchor=False)
        table = pd.DataFrame({
            "at": [_when(r.created_at, lang) for r in reviews], "author": [r.author for r in reviews],
            "option": [r.option for r in reviews],
            "opinion": [label("opinion", r.opinion.value, lang=lang) for r in reviews],
            "comment": [r.comment for r in reviews]})
        st.dataframe(table, hide_index=True, key="history_reviews", column_config={
            "at": t("app.fiche.history.at"), "author": t("app.fiche.history.author"),
            "option": t("app.portfolio.col.option"), "opinion": t("app.fiche.history.opinion"),
            "comment": st.column_config.TextColumn(t("app.fiche.history.comment"), width="large")})
    st.subheader(t("app.fiche.history.events"), anchor=False)
    if not events:
        st.caption(t("app.fiche.history.no_event"))
        return
    table = pd.DataFrame({
        "at": [_when(e.at, lang) for e in events],
        "actor": [e.actor for e in events],
        "action": [t(f"app.fiche.history.action.{e.entity_type.value}.{e.action}", default=e.action) for e in events],
        "detail": [_event_detail(e, lang) for e in events],
    }).iloc[::-1]
    st.dataframe(table, hide_index=True, key="history_events", column_config={
        "at": t("app.fiche.history.at"), "actor": t("app.fiche.history.author"),
        "action": t("app.fiche.history.what"),
        "detail": st.column_config.TextColumn(t("app.fiche.history.detail"), width="large")})
    st.caption(t_count("app.fiche.history.count", len(events), count=format_number(len(events), lang=lang)))
    from evaluation.storage.audit_export import audit_csv

    st.download_button(t("app.fiche.history.export"), audit_csv(events), file_name=f"historique-{proposal_id}.csv",
                       mime="text/csv", icon=":material/download:", key="history_export", on_click="ignore",
                       help=t("app.fiche.history.export_help"))


def _when(moment: Any, lang: str) -> str:
    """Local date and time ("21/11/2026 14:03" in French)."""
    try:
        local = moment.astimezone()
    except (AttributeError, ValueError):
        return str(moment)
    return str(local.strftime("%d/%m/%Y %H:%M" if lang == "fr" else "%Y-%m-%d %H:%M"))


def _event_detail(event: Any, lang: str) -> str:
    before, after = event.before or {}, event.after or {}
    parts = []
    if isinstance(after, dict) and "status" in after:
        if isinstance(before, dict) and before.get("status") and before.get("status") != after.get("status"):
            parts.append(f"{label('status', before['status'], lang=lang)} → {label('status', after['status'], lang=lang)}")
        else:
            parts.append(label("status", after["status"], lang=lang))
    if isinstance(after, dict) and "version" in after:
        parts.append(t("app.fiche.history.version", version=after["version"]))
    if isinstance(after, dict) and after.get("outcome"):
        parts.append(label("outcome", after["outcome"], lang=lang))
    if isinstance(after, dict) and after.get("opinion"):
        parts.append(label("opinion", after["opinion"], lang=lang))
    return " · ".join(parts)


def provider_and_model(row: pd.Series, lang: str) -> str:
    provider = provider_label(row.get("option.provider"))
    model = model_label(row.get("option.model"), lang=lang)
    return " · ".join(part for part in (provider, model) if part)


def pdf_button(proposal: Any, options: pd.DataFrame, focus: pd.Series, *, lang: str, version: data.DataVersion) -> None:
    """Download the one-to-two-page fiche as PDF (made on click, without a browser or network)."""
    from evaluation.footprint import ecologits_version
    from ui.views.fiche.pdf import fiche_filename, fiche_pdf

    versions = {"EcoLogits": ecologits_version()}
    for column, name in (("mx.matrix", t("app.methodology.versions.matrix", lang=lang)),
                         ("chk.rules", t("app.methodology.versions.rules", lang=lang))):
        if column in options.columns and isinstance(options[column].iloc[0], str):
            versions[name] = str(options[column].iloc[0])
    status = options["status"].iloc[0] if "status" in options.columns else None
    rows = options.copy()

    def make() -> bytes:
        return fiche_pdf(proposal, rows, lang=lang, status=status, method_versions=versions)

    st.download_button(t("app.pdf.download"), data=make, file_name=fiche_filename(proposal.id, lang=lang),
                       mime="application/pdf", icon=":material/picture_as_pdf:", key="fiche_pdf",
                       help=t("app.pdf.download_help"), on_click="ignore")
