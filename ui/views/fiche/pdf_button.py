"""The fiche's PDF download button: the fiche of the stored proposal (ui/reports/fiche.py, the same function as
`python -m evaluation fiche`), made on click."""

from __future__ import annotations

import streamlit as st

from ui import data
from ui.i18n import t
from ui.reports.fiche_pdf import fiche_filename


def pdf_button(proposal_id: str, *, lang: str) -> None:
    """Download the fiche as PDF (made on click, without a browser or network)."""
    def make() -> bytes:
        from ui.reports.fiche import stored_fiche

        return stored_fiche(data.repository(), proposal_id, lang=lang)

    st.download_button(t("app.pdf.download"), data=make, file_name=fiche_filename(proposal_id, lang=lang),
                       mime="application/pdf", icon=":material/picture_as_pdf:", key="fiche_pdf",
                       help=t("app.pdf.download_help"), on_click="ignore")
