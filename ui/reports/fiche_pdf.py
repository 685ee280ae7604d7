"""The fiche of a proposal as a PDF (fpdf2): need, options, charts and compliance; for a decided proposal, the
decision first (outcome, date, who, option retained, motivation, conditions, DSI opinions, points
acknowledged, frozen versions, reproducibility), then the figures and compliance of the RETAINED option
and the other options in an annex.

`options` is the proposal's rows of the evaluated options table (docs/engine-columns.md). Text typed by
people is written as text: fpdf2 interprets no markup in it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from evaluation.services.decision_file import DecisionFile
from evaluation.services.reproduce import Reproduction
from evaluation.table.columns import (
    CHK_BLOCKING_COUNT,
    CHK_FAIL_COUNT,
    CHK_RULES,
    CHK_VERDICT,
    CHK_WARN_COUNT,
    FIN_BUDGET_NPV,
    FIN_DISCOUNT_RATE,
    FIN_PAYBACK_YEARS,
    FIN_SOCIO_NPV,
    FIN_TCO,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
    FP_ECOLOGITS_VERSION,
    HORIZON,
    MX_COST,
    MX_MATRIX,
    MX_QUADRANT,
    MX_VALUE,
    OPTION_INDEX,
    OPTION_KIND,
    OPTION_MODEL,
    OPTION_NAME,
    rule_message,
    rule_status,
)
from evaluation.table.read import is_missing
from ui.formatting import (
    format_euros,
    format_number,
    format_percent,
    format_range,
    format_years,
    matrix_label,
    model_label,
    rules_label,
)
from ui.i18n import label, t
from ui.reports import decision_texts as texts
from ui.reports.pdf_layout import REPLACEMENT, PdfLayout
from ui.summaries import recommended_options, rule_ids
from ui.theme import KIND_COLOURS, UNKNOWN

GREY = (90, 90, 90)
LIGHT = (110, 110, 110)


def method_versions(options: pd.DataFrame, lang: str) -> dict[str, str]:
    """EcoLogits, matrix and rules versions of the evaluated options (the fiche's footer)."""
    versions: dict[str, str] = {}
    for column, name in ((FP_ECOLOGITS_VERSION, "EcoLogits"),
                         (MX_MATRIX, t("app.methodology.versions.matrix", lang=lang)),
                         (CHK_RULES, t("app.methodology.versions.rules", lang=lang))):
        if column in options.columns:
            values = [str(v) for v in options[column] if isinstance(v, str) and v]
            if values:
                versions[name] = (matrix_label(values[0], lang=lang) if column == MX_MATRIX
                                  else rules_label(values[0], lang=lang, kind=False) if column == CHK_RULES
                                  else values[0])
    return versions


def fiche_pdf(proposal: Any, options: pd.DataFrame, *, lang: str = "fr", status: str | None = None,
              method_versions: dict[str, str] | None = None, generated_on: dt.date | None = None,
              decision: DecisionFile | None = None, reproduction: Reproduction | None = None) -> bytes:
    """The fiche; with `decision`, the decision sheet of a decided proposal (its retained option first)."""
    today = generated_on or dt.date.today()
    versions = method_versions if method_versions is not None else {}
    footer = t("app.pdf.footer", lang=lang, date=today.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"),
               versions=", ".join(f"{k} {v}" for k, v in versions.items()) or "—")
    created = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC) if generated_on else None
    doc = PdfLayout(lang=lang, footer=footer, created=created)
    ordered = options.sort_values(OPTION_INDEX).reset_index(drop=True)
    _title(doc, proposal, status, decision)
    if decision is not None:
        _decision(doc, decision, reproduction, today)
    _need(doc, proposal)
    retained = _retained_row(ordered, decision)
    if not ordered.empty and retained is not None:
        _retained(doc, ordered, retained)
    elif not ordered.empty:
        best = recommended_options(ordered).iloc[0]
        doc.heading(t("app.fiche.synthesis.recommendation", lang=lang))
        doc.text(f"{best[OPTION_NAME]} — {label('quadrant', best.get(MX_QUADRANT), lang=lang)}", style="B")
        doc.text(t("app.pdf.recommendation_note", lang=lang, matrix=matrix_label(best.get(MX_MATRIX), lang=lang)), size=7.5,
                 colour=GREY)
        doc.heading(t("app.fiche.synthesis.options", lang=lang))
        _options_table(doc, ordered)
        _charts(doc, ordered)
        if decision is None:
            _compliance(doc, ordered, best, t("app.pdf.compliance", lang=lang, option=str(best[OPTION_NAME])))
        else:  # rejected or adjourned: the compliance of every option (a blocking rule is often the reason)
            for _, row in ordered.iterrows():
                _compliance(doc, ordered, row, t("decision.pdf.compliance_option", lang=lang,
                                                  option=str(row[OPTION_NAME])))
    doc.pdf.ln(1)
    doc.text(t("app.pdf.sources", lang=lang), size=6.5, colour=LIGHT, height=3.4)
    replaced = int(getattr(doc.pdf, "replaced", 0))
    if replaced:
        doc.text(t("app.pdf.replaced", lang=lang, count=replaced, mark=REPLACEMENT), size=7.5, style="B",
                 colour=(150, 60, 0))
    return bytes(doc.pdf.output())


def _retained_row(ordered: pd.DataFrame, decision: DecisionFile | None) -> pd.Series | None:
    if decision is None or not decision.retained or ordered.empty:
        return None
    rows = ordered.loc[ordered[OPTION_NAME] == decision.retained]
    return None if rows.empty else rows.iloc[0]


def _title(doc: PdfLayout, proposal: Any, status: str | None, decision: DecisionFile | None) -> None:
    """Kicker, title, category, direction, sponsor and status (with the outcome once decided)."""
    lang = doc.lang
    kicker = "decision.pdf.decided_kicker" if decision is not None else "app.pdf.kicker"
    doc.text(t(kicker, lang=lang), size=8, colour=(0, 90, 150))
    doc.text(str(proposal.title), size=15, style="B", height=7)
    facts = [label("category", getattr(proposal.category, "value", proposal.category), lang=lang)]
    facts += [str(value) for value in (proposal.direction, proposal.sponsor) if value]
    if status:
        facts.append(label("status", status, lang=lang))
    doc.text(" · ".join(facts), size=8.5, colour=GREY)


def _decision(doc: PdfLayout, file: DecisionFile, reproduction: Reproduction | None, today: dt.date) -> None:
    """The decision: outcome, date, who, option, motivation, conditions, opinions, acknowledged, versions."""
    lang = doc.lang
    doc.heading(t("decision.title", lang=lang))
    doc.text(texts.outcome_line(file, lang), size=10.5, style="B", colour=(0, 60, 110))
    doc.text(f"{t('decision.retained', lang=lang)} : {file.retained}" if file.retained and lang == "fr"
             else f"{t('decision.retained', lang=lang)}: {file.retained}" if file.retained
             else t("decision.no_retained", lang=lang), style="B" if file.retained else "")
    doc.text(t("decision.motivation", lang=lang), size=8.5, style="B")
    doc.text(file.decision.motivation, size=9)
    if file.outcome.value == "approuve_sous_conditions" or file.conditions:
        doc.text(t("decision.conditions", lang=lang), size=8.5, style="B")
        if file.conditions:
            doc.table(texts.condition_rows(file, lang, today), widths=(70, 30, 20, 52), size=7.5)
        else:
            doc.text(t("decision.no_condition", lang=lang), size=8)
    doc.text(t("decision.opinions", lang=lang), size=8.5, style="B")
    if file.opinions:
        doc.table(texts.opinion_rows(file, lang), widths=(56, 28, 62, 26), size=7.5)
    else:
        doc.text(t("decision.no_opinion", lang=lang), size=8)
    if file.approved:
        doc.text(t("decision.acknowledged", lang=lang), size=8.5, style="B")
        if file.acknowledged:
            doc.table(texts.acknowledged_rows(file, lang), widths=(16, 22, 134), size=7)
        else:
            doc.text(t("decision.no_acknowledged", lang=lang), size=8)
    doc.text(f"{t('decision.versions', lang=lang)} : {texts.versions_line(file.versions, lang)}" if lang == "fr"
             else f"{t('decision.versions', lang=lang)}: {texts.versions_line(file.versions, lang)}",
             size=7.5, colour=GREY)
    if reproduction is not None:
        for line in texts.reproduction_lines(reproduction, lang)[:-1]:
            doc.text(line, size=7.5, colour=GREY if reproduction.identical else (160, 40, 40))
        if not reproduction.identical:
            doc.table(texts.difference_rows(reproduction, lang, limit=6), widths=(52, 60, 30, 30), size=6.5)


def _need(doc: PdfLayout, proposal: Any) -> None:
    lang = doc.lang
    doc.heading(t("app.fiche.synthesis.need", lang=lang))
    doc.text(str(proposal.need) if proposal.need else t("app.fiche.synthesis.no_need", lang=lang))
    if proposal.target_users:
        separator = " : " if lang == "fr" else ": "
        doc.text(f"{t('app.fiche.synthesis.target_users', lang=lang)}{separator}{proposal.target_users}", size=8,
                 colour=GREY)


def _retained(doc: PdfLayout, ordered: pd.DataFrame, row: pd.Series) -> None:
    """The retained option's figures and compliance, the charts, then the other options in an annex."""
    lang = doc.lang
    name = str(row[OPTION_NAME])
    doc.heading(t("decision.pdf.retained_figures", lang=lang, option=name))
    payback = row.get(FIN_PAYBACK_YEARS)
    figures = [
        [t("app.fiche.kpi.gwp", lang=lang), format_range(row.get(FP_ANNUAL_GWP_MIN), row.get(FP_ANNUAL_GWP_MAX),
                                                         "gwp_kgco2eq", lang=lang)],
        [t("app.metric.budget_npv", lang=lang), format_euros(row.get(FIN_BUDGET_NPV), lang=lang)
         + " — " + t("app.fiche.kpi.npv_source", lang=lang, rate=format_percent(row.get(FIN_DISCOUNT_RATE), lang=lang),
                     horizon=format_number(row.get(HORIZON), lang=lang))],
        [t("app.metric.socio_npv", lang=lang), format_euros(row.get(FIN_SOCIO_NPV), lang=lang)],
        [t("decision.pdf.tco", lang=lang), format_euros(row.get(FIN_TCO), lang=lang)],
        [t("matrix.finance.payback_years", lang=lang),
         format_years(payback, lang=lang) if not is_missing(payback) else t("matrix.finance.payback_none", lang=lang)],
        [t("app.pdf.col.value", lang=lang) + " / " + t("app.pdf.col.cost", lang=lang),
         f"{format_number(row.get(MX_VALUE), lang=lang, decimals=1)} / "
         f"{format_number(row.get(MX_COST), lang=lang, decimals=1)} — {label('quadrant', row.get(MX_QUADRANT), lang=lang)}"],
        [t("app.metric.verdict", lang=lang), label("verdict", row.get(CHK_VERDICT), lang=lang)],
    ]
    doc.table([[t("decision.pdf.figure", lang=lang), t("decision.pdf.amount", lang=lang)], *figures], widths=(60, 112), size=8)
    doc.text(t("app.npv.definitions", lang=lang), size=7)
    _compliance(doc, ordered, row, t("decision.pdf.compliance_retained", lang=lang, option=name))
    _charts(doc, ordered)
    others = ordered.loc[ordered[OPTION_NAME] != name]
    doc.heading(t("decision.pdf.annex", lang=lang))
    if others.empty:
        doc.text(t("decision.pdf.annex_none", lang=lang), size=8.5)
    else:
        _options_table(doc, others)


def _options_table(doc: PdfLayout, ordered: pd.DataFrame) -> None:
    """The options side by side."""
    lang = doc.lang
    header = [t(f"app.pdf.col.{key}", lang=lang)
              for key in ("option", "kind", "value", "cost", "gwp", "budget_npv", "socio_npv", "verdict")]
    rows = [header]
    for _, row in ordered.iterrows():
        model = model_label(row.get(OPTION_MODEL), lang=lang)
        rows.append([
            str(row[OPTION_NAME]) + (f" ({model})" if model else ""),
            label("kind", row.get(OPTION_KIND), lang=lang),
            format_number(row.get(MX_VALUE), lang=lang, decimals=1),
            format_number(row.get(MX_COST), lang=lang, decimals=1),
            format_range(row.get(FP_ANNUAL_GWP_MIN), row.get(FP_ANNUAL_GWP_MAX), "gwp_kgco2eq", lang=lang),
            format_euros(row.get(FIN_BUDGET_NPV), lang=lang),
            format_euros(row.get(FIN_SOCIO_NPV), lang=lang),
            label("verdict", row.get(CHK_VERDICT), lang=lang),
        ])
    doc.table(rows, widths=(44, 22, 11, 11, 26, 20, 20, 18))
    doc.text(t("app.npv.definitions", lang=lang), size=7)


def _charts(doc: PdfLayout, ordered: pd.DataFrame) -> None:
    """Annual emissions (ranges) and NPV of each option, as bars."""
    lang = doc.lang
    names = [f"{i + 1}. {row[OPTION_NAME]}" for i, (_, row) in enumerate(ordered.iterrows())]
    colours = [KIND_COLOURS.get(str(kind), UNKNOWN) for kind in ordered[OPTION_KIND]]
    gwp_low = [float(v) for v in ordered[FP_ANNUAL_GWP_MIN]]
    gwp_high = [float(v) for v in ordered[FP_ANNUAL_GWP_MAX]]
    doc.range_bars(t("app.pdf.gwp_chart", lang=lang), names, gwp_low, gwp_high,
                   formatter=lambda a, b: format_range(a, b, "gwp_kgco2eq", lang=lang),
                   unit_note=t("app.pdf.gwp_note", lang=lang), colours=colours)
    npv = [float(v) for v in ordered[FIN_BUDGET_NPV]]
    doc.range_bars(t("app.pdf.npv_chart", lang=lang), names, npv, npv,
                   formatter=lambda a, b: format_euros(a, lang=lang),
                   unit_note=t("app.pdf.npv_note", lang=lang,
                               rate=format_number(100 * float(ordered[FIN_DISCOUNT_RATE].iloc[0]), lang=lang)
                               if FIN_DISCOUNT_RATE in ordered else "—"),
                   colours=colours)


def _compliance(doc: PdfLayout, ordered: pd.DataFrame, row: pd.Series, heading: str) -> None:
    """One option's checklist: its counts and the rules it fails or warns about."""
    lang = doc.lang
    doc.heading(heading)
    doc.text(t("checklist.checklist.counts", lang=lang, fail=int(row.get(CHK_FAIL_COUNT, 0) or 0),
               warn=int(row.get(CHK_WARN_COUNT, 0) or 0), blocking=int(row.get(CHK_BLOCKING_COUNT, 0) or 0)),
             size=8.5)
    issues = [(rid, str(row.get(rule_status(rid))), str(row.get(rule_message(rid)) or ""))
              for rid in rule_ids(ordered) if row.get(rule_status(rid)) in ("fail", "warn")]
    issues.sort(key=lambda item: item[1] != "fail")
    if issues:
        rows = [[t("app.pdf.col.rule", lang=lang), t("app.pdf.col.status", lang=lang),
                 t("app.pdf.col.message", lang=lang)]]
        rows += [[rid, label("rule_status", code, lang=lang), message] for rid, code, message in issues]
        doc.table(rows, widths=(16, 20, 136), size=7)
    else:
        doc.text(t("app.pdf.no_issue", lang=lang), size=8.5)


def fiche_filename(proposal_id: str, *, lang: str = "fr") -> str:
    return f"jauge-fiche-{proposal_id}.pdf" if lang == "fr" else f"jauge-sheet-{proposal_id}.pdf"
