"""The fiche's Suivi tab: after the decision, the approved option's service status, its actual usage set
against the estimate frozen with the decision (chart and table by month), the import of usage files with
their row-by-row report, and the status changes, for the DSI and the administrateur."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pandas as pd
import streamlit as st

from ui import auth, data
from ui.charts import follow_up_figure
from ui.formatting import (
    format_euros,
    format_number,
    format_percent,
    format_quantity,
    format_range,
    label_value,
    md_escape,
)
from ui.i18n import t
from ui.widgets import file_uploader, flash, metric_card, plotly, show_flash

FLASH_KEY = "follow_up_flash"
REPORT_KEY = "follow_up_report"   # the last import's report: (proposal, option, rows, warnings, errors)
STATUS_BADGES: dict[str, Literal["green", "orange", "gray"]] = {
    "en_service": "green", "suspendu": "orange", "arrete": "gray"}
# The figures of the comparison, their quantity (for units) and whether they are counts.
FIGURES = {"gwp_kgco2eq": "gwp_kgco2eq", "energy_kwh": "energy_kwh", "wcf_l": "wcf_l", "requests": None,
           "output_tokens": None, "cost_eur": None}
SOURCES = ("auto", "openai", "anthropic", "codecarbon", "csv")


def follow_up_badges(proposal_id: str, version: data.DataVersion) -> None:
    """The service status of the proposal's followed options, and a mark where an actual is over the estimate."""
    flags = {option: flag for (pid, option), flag in data.follow_flags(version).items() if pid == proposal_id}
    if not flags:
        return
    with st.container(horizontal=True, key="fiche_follow_badges"):
        for option, flag in flags.items():
            text = f"{t('follow_up.tab')} · {md_escape(option)} — {t(f'follow_up.status.{flag.status.value}')}"
            st.badge(text, icon=":material/power_settings_new:", color=STATUS_BADGES[flag.status.value])
            if flag.over:
                names = ", ".join(t(f"follow_up.figure.{name}") for name in flag.over)
                st.badge(f"⚠ {names}", icon=":material/trending_up:", color="red")


def follow_up_tab(proposal_id: str, *, lang: str, version: data.DataVersion) -> None:
    show_flash(FLASH_KEY)
    followed = data.follow_up(proposal_id, version)
    if not followed:
        st.info(t("follow_up.not_approved"), icon=":material/hourglass_empty:")
        return
    for item in followed:
        _option(proposal_id, item, lang=lang)


def _figure_names(names: list[str]) -> str:
    return ", ".join(t(f"follow_up.figure.{name}") for name in names)


def _option(proposal_id: str, item: Any, *, lang: str) -> None:
    user = auth.person()
    st.subheader(md_escape(item.option), anchor=False)
    _status(item, lang=lang)
    comparison = item.comparison
    if comparison.over:
        threshold = format_percent(comparison.threshold, lang=lang, decimals=0)
        lines = []
        if comparison.total is not None and comparison.total.over:
            lines.append(t("follow_up.over_total", figures=_figure_names(comparison.total.over)))
        latest = comparison.months[-1] if comparison.months else None
        if latest is not None and latest.over:
            lines.append(t("follow_up.over_month", month=latest.start.strftime("%m/%Y"),
                           figures=_figure_names(latest.over)))
        st.warning("  \n".join([t("follow_up.over", threshold=threshold), *lines]), icon=":material/trending_up:")
    if comparison.total is None:
        st.info(t("follow_up.no_actuals" if item.status else "follow_up.not_in_service"), icon=":material/info:")
    else:
        _totals(comparison, lang=lang)
        _months(proposal_id, item, lang=lang)
    if auth.may(user, "follow_service"):
        left, right = st.columns(2)
        with left:
            _status_form(proposal_id, item, lang=lang)
        with right:
            _import_form(proposal_id, item)
        _import_report(proposal_id, item.option, lang=lang)
    _imports(item, lang=lang)


def _status(item: Any, *, lang: str) -> None:
    with st.container(horizontal=True, key=f"follow_status_{item.option}"):
        if item.status is None:
            st.badge(t("follow_up.status.none"), icon=":material/schedule:", color="gray")
        else:
            st.badge(t(f"follow_up.status.{item.status.value}"), icon=":material/power_settings_new:",
                     color=STATUS_BADGES[item.status.value])
    if item.changes:
        lines = [f"{_date(change.on, lang)} — {t(f'follow_up.status.{change.status.value}')}"
                 + (f" : {md_escape(change.reason)}" if change.reason else "") + f" ({md_escape(change.actor)})"
                 for change in item.changes]
        st.caption("  \n".join(lines))


def _totals(comparison: Any, *, lang: str) -> None:
    total = comparison.total
    footprint = total.footprint
    st.caption(t("follow_up.total_caption", start=_date(total.start, lang), end=_date(total.end, lang),
                 days=format_number(total.days, lang=lang), methods=", ".join(footprint.methods) or "-",
                 zone=footprint.zone or "-", version=footprint.ecologits_version))
    cards = st.columns(4)
    for column, name in zip(cards, ("gwp_kgco2eq", "energy_kwh", "requests", "cost_eur"), strict=True):
        with column:
            actual, estimated = total.actual.get(name), total.estimated.get(name)
            ratio = total.variance[name].ratio
            quantity = FIGURES.get(name)
            ranged = quantity is not None and actual is not None and actual.min != actual.max
            # a range too wide for a card: its middle, and the range itself beneath
            value = format_quantity(actual.mean, str(quantity), lang=lang) if ranged else _value(name, actual, lang)
            metric_card(t(f"follow_up.figure.{name}"), value,
                        range_text=_value(name, actual, lang) if ranged else None,
                        key=f"follow_card_{comparison.option}_{name}",
                        source=t("follow_up.card_estimate", estimate=_value(name, estimated, lang),
                                 ratio=_ratio(ratio, lang)))
    npv = comparison.npv
    if npv.ex_post is not None:
        st.caption(label_value(t("follow_up.npv"), t(
            "follow_up.npv_text", ex_post=format_euros(npv.ex_post, lang=lang),
            estimated=format_euros(npv.estimated, lang=lang), years=npv.years_with_actual_costs), lang=lang))
    left_out = [t(f"follow_up.left_out.{code}", default=code) for code in footprint.left_out]
    if footprint.unmapped_models:
        left_out.append(t("follow_up.unmapped", models=", ".join(md_escape(m) for m in footprint.unmapped_models),
                          requests=format_number(footprint.requests_left_out, lang=lang)))
    if left_out:
        st.caption(label_value(t("follow_up.left_out_label"), (" ; " if lang == "fr" else "; ").join(left_out),
                               lang=lang))


def _months(proposal_id: str, item: Any, *, lang: str) -> None:
    comparison = item.comparison
    figure = st.segmented_control(t("follow_up.chart.figure"), list(FIGURES), default="gwp_kgco2eq",
                                  format_func=lambda name: t(f"follow_up.figure.{name}"),
                                  key=f"follow_figure_{proposal_id}_{item.option}") or "gwp_kgco2eq"
    plotly(follow_up_figure(comparison.months, figure, quantity=FIGURES[figure],
                            title=t("follow_up.chart.title", figure=t(f"follow_up.figure.{figure}")),
                            axis_title=t(f"follow_up.figure.{figure}"), lang=lang),
           key=f"follow_chart_{proposal_id}_{item.option}", figures_beside=True)  # the month-by-month table below
    rows = []
    for month in [*comparison.months, comparison.total]:
        row = {"period": t("follow_up.table.total") if month is comparison.total else month.start.strftime("%m/%Y"),
               "days": month.days}
        for name in FIGURES:
            row[f"{name}_estimated"] = _value(name, month.estimated.get(name), lang)
            row[f"{name}_actual"] = _value(name, month.actual.get(name), lang)
            over = month.variance[name].over
            row[f"{name}_ratio"] = _ratio(month.variance[name].ratio, lang) + (" ⚠" if over else "")
        rows.append(row)
    config: dict[str, Any] = {"period": t("follow_up.table.period"), "days": t("follow_up.table.days")}
    for name in FIGURES:
        config[f"{name}_estimated"] = f"{t(f'follow_up.figure.{name}')} · {t('follow_up.table.estimated')}"
        config[f"{name}_actual"] = f"{t(f'follow_up.figure.{name}')} · {t('follow_up.table.actual')}"
        config[f"{name}_ratio"] = f"{t(f'follow_up.figure.{name}')} · {t('follow_up.table.ratio')}"
    st.dataframe(pd.DataFrame(rows), hide_index=True, column_config=config,
                 key=f"follow_table_{proposal_id}_{item.option}")
    st.caption(t("follow_up.table.caption"))


def _status_form(proposal_id: str, item: Any, *, lang: str) -> None:
    allowed = [status.value for status in item.allowed]
    with st.container(border=True):
        st.markdown(f"**{t('follow_up.form.status_title')}**")
        if not allowed:
            st.caption(t("follow_up.form.final"))
            return
        with st.form(key=f"follow_status_form_{proposal_id}_{item.option}", border=False):
            status = st.selectbox(t("follow_up.form.status"), allowed,
                                  format_func=lambda code: t(f"follow_up.action.{code}"))
            on = st.date_input(t("follow_up.form.date"), value=dt.date.today(), format="DD/MM/YYYY")
            reason = st.text_area(t("follow_up.form.reason"), help=t("follow_up.form.reason_help"), height=80,
                                  max_chars=2000)
            if st.form_submit_button(t("follow_up.form.save"), icon=":material/save:"):
                _change_status(proposal_id, item.option, status, on, reason)


def _change_status(proposal_id: str, option: str, status: str, on: dt.date, reason: str) -> None:
    from evaluation.domain.actuals import ServiceStatus
    from evaluation.services.actuals import Tracking
    from evaluation.services.permissions import WorkflowError
    from evaluation.storage import StorageError

    try:
        Tracking(data.repository()).change_service_status(proposal_id, option, user=auth.person(),
                                                          status=ServiceStatus(status), on=on, reason=reason)
    except (StorageError, WorkflowError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return
    data.clear_caches()
    flash(FLASH_KEY, "success", t("follow_up.form.saved", status=t(f"follow_up.status.{status}")))
    st.rerun()


def _import_form(proposal_id: str, item: Any) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('follow_up.import.title')}**")
        with st.form(key=f"follow_import_form_{proposal_id}_{item.option}", border=False, clear_on_submit=True):
            upload = file_uploader(t("follow_up.import.file"), types=["json", "csv"],
                                   help_text=t("follow_up.import.file_help"))
            source = st.selectbox(t("follow_up.import.source"), SOURCES,
                                  format_func=lambda code: t(f"follow_up.import.sources.{code}"))
            if st.form_submit_button(t("follow_up.import.submit"), icon=":material/upload:"):
                if upload is None:
                    flash(FLASH_KEY, "error", t("follow_up.import.no_file"))
                    st.rerun()
                _import(proposal_id, item.option, upload.name, upload.getvalue(), None if source == "auto" else source)


def _import(proposal_id: str, option: str, name: str, content: bytes, source: str | None) -> None:
    from evaluation.domain.actuals import ActualSource
    from evaluation.exchange.errors import InvalidFileError
    from evaluation.exchange.isolated import read_actuals_isolated
    from evaluation.services.actuals import Tracking
    from evaluation.services.permissions import WorkflowError
    from evaluation.storage import StorageError

    try:  # read in a child process: no uploaded file can take the server down
        file = read_actuals_isolated(name, content, ActualSource(source) if source else None)
        report = Tracking(data.repository()).import_read(proposal_id, option, user=auth.person(), file=file)
    except InvalidFileError as exc:
        errors = [{"row": error.row or error.line, "field": error.field or "", "message": error.message}
                  for error in exc.errors]
        st.session_state[REPORT_KEY] = (proposal_id, option, name, [], [], errors)
        st.rerun()
    except (StorageError, WorkflowError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        st.rerun()
    rows = [{"start": period.start, "end": period.end, "model": period.model or "",
             "ecologits": report.models.get(period.model or "", "") if period.model in report.models else "",
             "unknown": period.model in report.models and report.models[period.model] is None,
             "requests": period.requests, "output_tokens": period.output_tokens, "energy_kwh": period.energy_kwh,
             "cost_eur": period.cost_eur, "outcome": report.stored.outcomes.get(period.key, "")}
            for period in report.file.periods]
    st.session_state[REPORT_KEY] = (proposal_id, option, name, rows, report.warnings, [])
    data.clear_caches()
    flash(FLASH_KEY, "success", t("follow_up.import.done", added=report.stored.added, replaced=report.stored.replaced,
                                  unchanged=report.stored.unchanged, name=name))
    st.rerun()


def _import_report(proposal_id: str, option: str, *, lang: str) -> None:
    """The last import's report, row by row: what each period became, or every error of a refused file."""
    report = st.session_state.get(REPORT_KEY)
    if not report or report[0] != proposal_id or report[1] != option:
        return
    _, _, name, rows, warnings, errors = report
    with st.expander(t("follow_up.report.title", name=md_escape(name)), expanded=True, icon=":material/checklist:"):
        if errors:
            st.error(t("follow_up.report.refused", count=len(errors)), icon=":material/block:")
            st.dataframe(pd.DataFrame(errors), hide_index=True, key=f"follow_errors_{option}", column_config={
                "row": t("follow_up.report.line"), "field": t("follow_up.report.field"),
                "message": st.column_config.TextColumn(t("follow_up.report.message"), width="large")})
            return
        for warning in warnings:
            st.warning(md_escape(warning), icon=":material/warning:")
        table = pd.DataFrame([{
            "outcome": t(f"follow_up.report.outcome.{row['outcome']}"),
            "start": _moment(row["start"], lang), "end": _moment(row["end"], lang, last=True), "model": row["model"],
            "ecologits": (t("follow_up.report.unknown") if row["unknown"] else row["ecologits"]),
            "requests": row["requests"], "output_tokens": row["output_tokens"], "energy_kwh": row["energy_kwh"],
            "cost_eur": row["cost_eur"]} for row in rows])
        for name in ("requests", "output_tokens", "energy_kwh", "cost_eur"):  # an empty cell stays empty
            table[name] = pd.to_numeric(table[name], errors="coerce").astype("float64")
        st.dataframe(table, hide_index=True, key=f"follow_report_{option}", column_config={
            "start": t("follow_up.report.start"), "end": t("follow_up.report.end"),
            "model": t("follow_up.report.model"), "ecologits": t("follow_up.report.ecologits"),
            "requests": st.column_config.NumberColumn(t("follow_up.figure.requests"), format="localized"),
            "output_tokens": st.column_config.NumberColumn(t("follow_up.figure.output_tokens"), format="localized"),
            "energy_kwh": st.column_config.NumberColumn(t("follow_up.report.energy"), format="localized"),
            "cost_eur": st.column_config.NumberColumn(t("follow_up.figure.cost_eur"), format="euro"),
            "outcome": t("follow_up.report.outcome_label")})


def _imports(item: Any, *, lang: str) -> None:
    if not item.imports:
        return
    lines = [t("follow_up.imports.line", at=_moment(i.created_at, lang), name=md_escape(i.file_name),
               source=t(f"follow_up.import.sources.{i.source.value}"), periods=i.periods, added=i.added,
               replaced=i.replaced, unchanged=i.unchanged, actor=md_escape(i.actor),
               methods=md_escape(i.method_versions.get("methods", "-")),
               version=md_escape(i.method_versions.get("ecologits", "-"))) for i in reversed(item.imports)]
    st.caption(label_value(t("follow_up.imports.title"), "  \n".join(lines), lang=lang))


def _value(name: str, value: Any, lang: str) -> str:
    if value is None:
        return "-"
    if FIGURES.get(name):
        return format_range(value.min, value.max, str(FIGURES[name]), lang=lang)
    if name == "cost_eur":
        return format_euros(value.max, lang=lang)
    return format_number(value.max, lang=lang, decimals=0)


def _ratio(ratio: Any, lang: str) -> str:
    if ratio is None:
        return "-"
    low, high = format_percent(ratio.min, lang=lang, decimals=0), format_percent(ratio.max, lang=lang, decimals=0)
    return low if low == high else f"{low} – {high}"


def _date(day: dt.date, lang: str) -> str:
    return day.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")


def _moment(moment: dt.datetime, lang: str, *, last: bool = False) -> str:
    """A moment; a midnight as its day (`last`: a period's end at midnight is shown as the day before, its
    last day included)."""
    if moment.time() == dt.time():
        return _date(moment.date() - dt.timedelta(days=1) if last else moment.date(), lang)
    return moment.strftime("%d/%m/%Y %H:%M" if lang == "fr" else "%Y-%m-%d %H:%M")
