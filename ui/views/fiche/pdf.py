"""The fiche of a proposal as a one-to-two-page PDF (fpdf2), charts drawn by fpdf2 itself.

No Streamlit, no browser, no network: fonts are Debian's DejaVu (fonts-dejavu-core), which cover
French accents and the narrow no-break space used by ui.formatting.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from evaluation.table.columns import (
    CHK_BLOCKING_COUNT,
    CHK_FAIL_COUNT,
    CHK_VERDICT,
    CHK_WARN_COUNT,
    FIN_BUDGET_NPV,
    FIN_DISCOUNT_RATE,
    FIN_SOCIO_NPV,
    FP_ANNUAL_GWP_MAX,
    FP_ANNUAL_GWP_MIN,
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
from ui import theme
from ui.formatting import format_euros, format_number, format_range, model_label
from ui.i18n import label, t
from ui.summaries import recommended_options, rule_ids

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FAMILY = "DejaVu"
PAGE_MARGIN_MM = 14


class MissingFontError(RuntimeError):
    """The DejaVu fonts are not installed (Debian package fonts-dejavu-core)."""


def _fonts_available() -> None:
    missing = [name for name in FONTS.values() if not (FONT_DIR / name).is_file()]
    if missing:
        raise MissingFontError(f"polices DejaVu absentes de {FONT_DIR} : {', '.join(missing)} (paquet fonts-dejavu-core)")


class _Fiche:
    """Layout helpers over an FPDF document."""

    def __init__(self, *, lang: str, footer: str) -> None:
        from fpdf import FPDF

        _fonts_available()
        footer_text = footer

        class _Document(FPDF):
            def footer(self) -> None:
                self.set_y(-10)
                self.set_font(FAMILY, "", 7)
                self.set_text_color(110, 110, 110)
                self.cell(0, 4, f"{footer_text} — {self.page_no()}/{{nb}}", align="C")

        self.lang = lang
        self.pdf = _Document(orientation="P", unit="mm", format="A4")
        for style, name in FONTS.items():
            self.pdf.add_font(FAMILY, style, str(FONT_DIR / name))
        self.pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
        self.pdf.set_auto_page_break(auto=True, margin=14)
        self.pdf.alias_nb_pages()
        self.pdf.add_page()
        self.pdf.set_title("Jauge")
        self.pdf.set_creator("Jauge")

    @property
    def width(self) -> float:
        return float(self.pdf.w - 2 * PAGE_MARGIN_MM)

    def text(self, text: str, *, size: float = 9, style: str = "", colour: tuple[int, int, int] = (30, 30, 30),
             height: float = 4.6) -> None:
        self.pdf.set_font(FAMILY, style, size)
        self.pdf.set_text_color(*colour)
        self.pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="L")

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self.text(text, size=11, style="B", colour=(0, 60, 110), height=6)
        y = self.pdf.get_y()
        self.pdf.set_draw_color(*theme.hex_to_rgb(theme.SERIES_COLOURS[0]))
        self.pdf.set_line_width(0.3)
        self.pdf.line(PAGE_MARGIN_MM, y, PAGE_MARGIN_MM + self.width, y)
        self.pdf.ln(1.5)

    def ensure_space(self, height: float) -> None:
        if self.pdf.get_y() + height > self.pdf.h - 16:
            self.pdf.add_page()

    def table(self, rows: Sequence[Sequence[str]], widths: Sequence[float], *, size: float = 7.5) -> None:
        from fpdf.fonts import FontFace

        self.pdf.set_font(FAMILY, "", size)
        self.pdf.set_text_color(30, 30, 30)
        self.pdf.set_fill_color(255, 255, 255)
        self.pdf.set_draw_color(200, 200, 200)
        self.pdf.set_line_width(0.1)
        headings = FontFace(emphasis="BOLD", fill_color=(235, 241, 247))
        with self.pdf.table(col_widths=widths, width=self.width, line_height=3.8, text_align="LEFT",
                            headings_style=headings, padding=0.8) as table:
            for row in rows:
                cells = table.row()
                for value in row:
                    cells.cell(value)
        self.pdf.ln(1.5)

    def range_bars(self, title: str, labels: Sequence[str], low: Sequence[float], high: Sequence[float], *,
                   formatter: Any, unit_note: str, colours: Sequence[str]) -> None:
        """Horizontal bars at the middle of each range, with a whisker from min to max; handles negatives."""
        pdf = self.pdf
        row_h, label_w, value_w = 6.0, 62.0, 38.0
        height = 9 + row_h * len(labels) + 6
        self.ensure_space(height)
        self.text(title, size=8.5, style="B")
        top = pdf.get_y() + 1
        left = PAGE_MARGIN_MM + label_w
        plot_w = self.width - label_w - value_w
        finite = [v for v in (*low, *high) if not is_missing(v)]
        lo_axis = min(0.0, *finite) if finite else 0.0
        hi_axis = max(0.0, *finite) if finite else 1.0
        span = (hi_axis - lo_axis) or 1.0

        def x_of(value: float) -> float:
            return left + (value - lo_axis) / span * plot_w

        zero = x_of(0.0)
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.2)
        pdf.line(zero, top, zero, top + row_h * len(labels))
        for i, name in enumerate(labels):
            y = top + i * row_h
            pdf.set_font(FAMILY, "", 7)
            pdf.set_text_color(40, 40, 40)
            pdf.set_xy(PAGE_MARGIN_MM, y + 1)
            pdf.cell(label_w - 2, 4, _clip(pdf, name, label_w - 2), align="R")
            a, b = low[i], high[i]
            if is_missing(a) or is_missing(b):
                pdf.set_xy(left, y + 1)
                pdf.cell(plot_w, 4, "—")
                continue
            mid = (float(a) + float(b)) / 2
            x0, x1 = sorted((zero, x_of(mid)))
            pdf.set_fill_color(*theme.hex_to_rgb(colours[i % len(colours)]))
            pdf.rect(x0, y + 1.2, max(x1 - x0, 0.4), row_h - 2.4, style="F")
            if not math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.0):
                pdf.set_draw_color(30, 30, 30)
                pdf.set_line_width(0.3)
                ya = y + row_h / 2
                pdf.line(x_of(float(a)), ya, x_of(float(b)), ya)
                pdf.line(x_of(float(a)), ya - 1.2, x_of(float(a)), ya + 1.2)
                pdf.line(x_of(float(b)), ya - 1.2, x_of(float(b)), ya + 1.2)
            pdf.set_xy(left + plot_w + 2, y + 1)
            pdf.cell(value_w - 2, 4, formatter(float(a), float(b)))
        pdf.set_y(top + row_h * len(labels) + 1)
        self.text(unit_note, size=6.5, colour=(110, 110, 110), height=3.4)


def _clip(pdf: Any, text: str, width: float) -> str:
    """The text, shortened with an ellipsis to fit `width` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def fiche_pdf(proposal: Any, options: pd.DataFrame, *, lang: str = "fr", status: str | None = None,
              method_versions: dict[str, str] | None = None, generated_on: dt.date | None = None) -> bytes:
    """The one-to-two-page fiche of a proposal: need, options, recommendation, charts, compliance.

    `options` is the proposal's rows of the evaluated options table (docs/engine-columns.md)."""
    today = generated_on or dt.date.today()
    versions = method_versions or {}
    footer = t("app.pdf.footer", lang=lang, date=today.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d"),
               versions=", ".join(f"{k} {v}" for k, v in versions.items()) or "—")
    doc = _Fiche(lang=lang, footer=footer)
    ordered = options.sort_values(OPTION_INDEX).reset_index(drop=True)
    _need(doc, proposal, status)
    if not ordered.empty:
        best = recommended_options(ordered).iloc[0]
        doc.heading(t("app.fiche.synthesis.recommendation", lang=lang))
        doc.text(f"{best[OPTION_NAME]} — {label('quadrant', best.get(MX_QUADRANT), lang=lang)}", style="B")
        doc.text(t("app.pdf.recommendation_note", lang=lang, matrix=str(best.get(MX_MATRIX, ""))), size=7.5,
                 colour=(90, 90, 90))
        _options(doc, ordered)
        _charts(doc, ordered)
        _compliance(doc, ordered, best)
    doc.pdf.ln(1)
    doc.text(t("app.pdf.sources", lang=lang), size=6.5, colour=(110, 110, 110), height=3.4)
    return bytes(doc.pdf.output())


def _need(doc: _Fiche, proposal: Any, status: str | None) -> None:
    """Title, category, direction, sponsor and status, then the need and its users."""
    lang = doc.lang
    doc.text(t("app.pdf.kicker", lang=lang), size=8, colour=(0, 90, 150))
    doc.text(str(proposal.title), size=15, style="B", height=7)
    facts = [label("category", getattr(proposal.category, "value", proposal.category), lang=lang)]
    for value in (proposal.direction, proposal.sponsor):
        if value:
            facts.append(str(value))
    if status:
        facts.append(label("status", status, lang=lang))
    doc.text(" · ".join(facts), size=8.5, colour=(90, 90, 90))

    doc.heading(t("app.fiche.synthesis.need", lang=lang))
    doc.text(str(proposal.need) if proposal.need else t("app.fiche.synthesis.no_need", lang=lang))
    if proposal.target_users:
        doc.text(f"{t('app.fiche.synthesis.target_users', lang=lang)} : {proposal.target_users}"
                 if lang == "fr" else f"{t('app.fiche.synthesis.target_users', lang=lang)}: {proposal.target_users}",
                 size=8, colour=(90, 90, 90))


def _options(doc: _Fiche, ordered: pd.DataFrame) -> None:
    """The options side by side."""
    lang = doc.lang
    doc.heading(t("app.fiche.synthesis.options", lang=lang))
    header = [t(f"app.pdf.col.{key}", lang=lang) for key in
              ("option", "kind", "value", "cost", "gwp", "budget_npv", "socio_npv", "verdict")]
    rows = [header]
    for _, row in ordered.iterrows():
        model = model_label(row.get(OPTION_MODEL), lang=lang)
        rows.append([
            str(row[OPTION_NAME]) + (f" ({model})" if model else ""),
            label("kind", row.get(OPTION_KIND), lang=lang),
            format_number(row.get(MX_VALUE), lang=lang, decimals=1),
            format_number(row.get(MX_COST), lang=lang, decimals=1),
            format_range(row.get(FP_ANNUAL_GWP_MIN), row.get(FP_ANNUAL_GWP_MAX),
                         "gwp_kgco2eq", lang=lang),
            format_euros(row.get(FIN_BUDGET_NPV), lang=lang),
            format_euros(row.get(FIN_SOCIO_NPV), lang=lang),
            label("verdict", row.get(CHK_VERDICT), lang=lang),
        ])
    doc.table(rows, widths=(44, 22, 11, 11, 26, 20, 20, 18))
    doc.text(t("app.npv.definitions", lang=lang), size=7)


def _charts(doc: _Fiche, ordered: pd.DataFrame) -> None:
    """Annual emissions (ranges) and NPV of each option, as bars."""
    lang = doc.lang
    names = [f"{i + 1}. {row[OPTION_NAME]}" for i, (_, row) in enumerate(ordered.iterrows())]
    colours = [theme.KIND_COLOURS.get(str(kind), theme.UNKNOWN) for kind in ordered[OPTION_KIND]]
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


def _compliance(doc: _Fiche, ordered: pd.DataFrame, best: pd.Series) -> None:
    """The recommended option's checklist: its counts and the rules it fails or warns about."""
    lang = doc.lang
    doc.heading(t("app.pdf.compliance", lang=lang, option=str(best[OPTION_NAME])))
    doc.text(t("checklist.checklist.counts", lang=lang, fail=int(best.get(CHK_FAIL_COUNT, 0) or 0),
               warn=int(best.get(CHK_WARN_COUNT, 0) or 0), blocking=int(best.get(CHK_BLOCKING_COUNT, 0) or 0)),
             size=8.5)
    issues = [(rid, str(best.get(rule_status(rid))), str(best.get(rule_message(rid)) or ""))
              for rid in rule_ids(ordered) if best.get(rule_status(rid)) in ("fail", "warn")]
    issues.sort(key=lambda item: item[1] != "fail")
    if issues:
        rows = [[t("app.pdf.col.rule", lang=lang), t("app.pdf.col.status", lang=lang), t("app.pdf.col.message", lang=lang)]]
        rows += [[rid, label("rule_status", status_code, lang=lang), message] for rid, status_code, message in issues]
        doc.table(rows, widths=(16, 20, 136), size=7)
    else:
        doc.text(t("app.pdf.no_issue", lang=lang), size=8.5)


def fiche_filename(proposal_id: str, *, lang: str = "fr") -> str:
    return f"jauge-fiche-{proposal_id}.pdf" if lang == "fr" else f"jauge-sheet-{proposal_id}.pdf"

