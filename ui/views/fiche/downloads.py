"""The fiche's downloads, made on click by the functions the command line uses too (ui/reports/): the PDF fiche
of the stored proposal and, once decided, the draft délibération (ODT and DOCX)."""

from __future__ import annotations

import streamlit as st

from ui import data
from ui.i18n import t
from ui.reports.deliberation import deliberation_filename
from ui.reports.fiche_pdf import fiche_filename

MIME_TYPES = {"odt": "application/vnd.oasis.opendocument.text",
              "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def downloads(proposal_id: str, *, lang: str, decided: bool) -> None:
    with st.container(horizontal=True, key="fiche_downloads"):
        pdf_button(proposal_id, lang=lang)
        if decided:
            for fmt in ("odt", "docx"):
                deliberation_button(proposal_id, fmt)


def pdf_button(proposal_id: str, *, lang: str) -> None:
    """Download the fiche as PDF (made on click, without a browser or network)."""
    def make() -> bytes:
        from ui.reports.fiche import stored_fiche

        return stored_fiche(data.repository(), proposal_id, lang=lang)

    st.download_button(t("app.pdf.download"), data=make, file_name=fiche_filename(proposal_id, lang=lang),
                       mime="application/pdf", icon=":material/picture_as_pdf:", key="fiche_pdf",
                       help=t("app.pdf.download_help"), on_click="ignore")


def deliberation_button(proposal_id: str, fmt: str) -> None:
    """Download the draft délibération (French) in one format."""
    def make() -> bytes:
        from evaluation.services.decision_file import decision_file
        from ui.reports.deliberation import deliberation
        from ui.reports.deliberation_docx import deliberation_docx
        from ui.reports.deliberation_odt import deliberation_odt

        file = decision_file(data.repository(), proposal_id)
        if file is None:  # reopened since the page was drawn: nothing to write
            return b""
        document = deliberation(file)
        return deliberation_odt(document) if fmt == "odt" else deliberation_docx(document)

    st.download_button(t(f"decision.deliberation.{fmt}"), data=make, file_name=deliberation_filename(proposal_id, fmt),
                       mime=MIME_TYPES[fmt], icon=":material/gavel:", key=f"fiche_deliberation_{fmt}",
                       help=t("decision.deliberation.help"), on_click="ignore")
