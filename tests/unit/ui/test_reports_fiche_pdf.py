"""The PDF fiche: produced without Streamlit or a browser, one or two pages, readable French text."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.files import load_proposals
from evaluation.pipeline.evaluate import build_context, evaluate_frame
from evaluation.resources import ROOT
from evaluation.table.build import options_frame
from ui.reports.fiche_pdf import fiche_filename, fiche_pdf
from ui.reports.pdf_layout import FONT_DIR

SAMPLE = ROOT / "data" / "samples" / "portfolio.yaml"


@pytest.fixture(scope="module")
def sample() -> tuple[list[Proposal], pd.DataFrame]:
    from evaluation.exchange.settings_file import load_settings

    settings: Settings = load_settings()
    proposals = load_proposals(SAMPLE)
    frame = evaluate_frame(options_frame(proposals, settings), build_context(settings))
    return proposals, frame


def _pdf_text(pdf: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "fiche.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pages, text


def test_the_dejavu_fonts_and_poppler_are_installed() -> None:
    assert (FONT_DIR / "DejaVuSans.ttf").is_file(), "install the Debian package fonts-dejavu-core"
    assert shutil.which("pdftotext"), "install the Debian package poppler-utils"


def test_every_sample_fiche_has_one_or_two_pages_with_its_title(
        sample: tuple[list[Proposal], pd.DataFrame], tmp_path: Path) -> None:
    proposals, frame = sample
    for proposal in proposals:
        pdf = fiche_pdf(proposal, frame.loc[frame["id"] == proposal.id], lang="fr", status="soumis",
                        method_versions={"EcoLogits": "0.11.3"})
        assert pdf.startswith(b"%PDF-")
        pages, text = _pdf_text(pdf, tmp_path)
        assert 1 <= pages <= 2, (proposal.id, pages)
        flat = " ".join(text.split())
        assert " ".join(proposal.title.split()) in flat, proposal.id


def test_the_fiche_reads_in_french_with_accents_and_french_numbers(
        sample: tuple[list[Proposal], pd.DataFrame], tmp_path: Path) -> None:
    proposals, frame = sample
    proposal = next(p for p in proposals if p.id == "assistant-courriers")
    _, text = _pdf_text(fiche_pdf(proposal, frame.loc[frame["id"] == proposal.id], lang="fr"), tmp_path)
    assert "Besoin" in text
    assert "Recommandation de la matrice" in text
    assert "Options étudiées" in text
    assert "€" in text and "CO2e" in text
    assert "e+0" not in text and "e-0" not in text


def test_the_fiche_can_be_made_in_english(sample: tuple[list[Proposal], pd.DataFrame], tmp_path: Path) -> None:
    proposals, frame = sample
    proposal = proposals[0]
    _, text = _pdf_text(fiche_pdf(proposal, frame.loc[frame["id"] == proposal.id], lang="en"), tmp_path)
    assert "Need" in text and "Options studied" in text


def test_the_pdf_module_does_not_import_streamlit() -> None:
    code = "import sys, ui.reports.fiche_pdf, ui.formatting, ui.charts, ui.summaries, ui.i18n; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_the_file_name_names_the_proposal() -> None:
    assert fiche_filename("chatbot-rh") == "jauge-fiche-chatbot-rh.pdf"


def test_cjk_and_emoji_are_never_dropped_silently(sample: tuple[list[Proposal], pd.DataFrame],
                                                  tmp_path: Path) -> None:
    """Issue 19, item 8: characters DejaVu lacks are shown as U+FFFD and counted in a note."""
    proposals, frame = sample
    proposal = proposals[0].model_copy(update={"need": "Traduire les courriers 市民 📄 pour les habitants"})
    _, text = _pdf_text(fiche_pdf(proposal, frame.loc[frame["id"] == proposal.id]), tmp_path)
    assert "Traduire les courriers \ufffd\ufffd \ufffd pour les habitants" in " ".join(text.split())
    assert "3 caractère(s) absent(s) des polices du PDF" in " ".join(text.split())


def test_a_fiche_with_text_the_fonts_cover_has_no_note(sample: tuple[list[Proposal], pd.DataFrame],
                                                       tmp_path: Path) -> None:
    proposals, frame = sample
    _, text = _pdf_text(fiche_pdf(proposals[0], frame.loc[frame["id"] == proposals[0].id]), tmp_path)
    assert "\ufffd" not in text and "absent(s) des polices" not in text
