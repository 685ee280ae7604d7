"""The proposal form's live evaluation: each option's footprint range, NPV and verdict, recomputed
through the engine (evaluation.pipeline.evaluate) on every change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from evaluation.table.columns import (
    CHK_FAIL_COUNT,
    CHK_VERDICT,
    CHK_WARN_COUNT,
    FIN_BUDGET_NPV,
    FIN_SOCIO_NPV,
    FP_ESTIMATED,
    OPTION_KIND,
    OPTION_NAME,
    footprint_range,
)
from evaluation.table.read import is_missing
from ui import data
from ui.formatting import format_euros, format_range, md_escape
from ui.forms.validation import Validation
from ui.i18n import current_language, t, t_code
from ui.widgets import verdict_badge


def _count(value: Any) -> int:
    return 0 if is_missing(value) else int(float(value))


def _footprint_text(row: Mapping[Any, Any], criterion: str, lang: str) -> str:
    if not bool(row.get(FP_ESTIMATED, True)):
        return t("app.common.not_estimated")
    low, high = (row.get(name) for name in footprint_range("annual", criterion))
    if is_missing(low) and is_missing(high):
        return t("app.common.not_estimated")
    return format_range(low, high, criterion, lang=lang)


def option_preview(row: Mapping[Any, Any], index: int) -> None:
    """One option's key figures in a bordered card."""
    lang = current_language()
    with st.container(border=True, key=f"pf-preview-{index}"):
        st.markdown(f"**{md_escape(row.get(OPTION_NAME) or '')}**")
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            verdict_badge(row.get(CHK_VERDICT))
            st.caption(t_code("app.kind", row.get(OPTION_KIND)))
        figures = [
            (t("forms.preview.gwp"), _footprint_text(row, "gwp_kgco2eq", lang)),
            (t("forms.preview.energy"), _footprint_text(row, "energy_kwh", lang)),
            (t("app.metric.budget_npv"), format_euros(row.get(FIN_BUDGET_NPV), lang=lang)),
            (t("app.metric.socio_npv"), format_euros(row.get(FIN_SOCIO_NPV), lang=lang)),
        ]
        st.markdown("  \n".join(f"{label} : **{value}**" if lang == "fr" else f"{label}: **{value}**"
                                 for label, value in figures))
        failures, warnings = _count(row.get(CHK_FAIL_COUNT)), _count(row.get(CHK_WARN_COUNT))
        if failures or warnings:
            st.caption(t("forms.preview.rules", failures=failures, warnings=warnings))


def preview_panel(validation: Validation) -> None:
    """The evaluation of the draft (its options valid on their own while it has problems), or why there is
    none yet."""
    lang = current_language()
    st.subheader(t("forms.preview.title"), anchor=False)
    if validation.preview is None:
        st.info(t("forms.preview.empty"), icon=":material/calculate:")
        return
    if not validation.complete:
        st.caption(t("forms.preview.partial"))
    try:
        frame = data.draft_evaluation(validation.preview, validation.preview_key, lang=lang)
    except Exception as exc:  # noqa: BLE001 - an engine failure must not hide what the person typed
        st.warning(t("forms.preview.failed", error=md_escape(exc)), icon=":material/error:")
        return
    for index, row in enumerate(frame.to_dict("records")):
        option_preview(row, index)
    st.caption(t("forms.preview.note") + " " + t("app.npv.definitions"))
