"""The fiche's PDF download button: the one-to-two-page fiche (ui/views/fiche/pdf.py), made on click."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from evaluation.footprint import ecologits_version
from evaluation.table.columns import CHK_RULES, MX_MATRIX
from ui.i18n import t
from ui.views.fiche.pdf import fiche_filename, fiche_pdf


def pdf_button(proposal: Any, options: pd.DataFrame, *, lang: str) -> None:
    """Download the one-to-two-page fiche as PDF (made on click, without a browser or network)."""
    versions = {"EcoLogits": ecologits_version()}
    for column, name in ((MX_MATRIX, t("app.methodology.versions.matrix", lang=lang)),
                         (CHK_RULES, t("app.methodology.versions.rules", lang=lang))):
        if column in options.columns and isinstance(options[column].iloc[0], str):
            versions[name] = str(options[column].iloc[0])
    status = options["status"].iloc[0] if "status" in options.columns else None
    rows = options.copy()

    def make() -> bytes:
        return fiche_pdf(proposal, rows, lang=lang, status=status, method_versions=versions)

    st.download_button(t("app.pdf.download"), data=make, file_name=fiche_filename(proposal.id, lang=lang),
                       mime="application/pdf", icon=":material/picture_as_pdf:", key="fiche_pdf",
                       help=t("app.pdf.download_help"), on_click="ignore")
