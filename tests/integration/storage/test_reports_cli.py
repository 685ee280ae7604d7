"""The files of a decided proposal, written by the command line: `fiche` (the same PDF as the dashboard's, read
with pdftotext), `reproduce` (identical figures, exit 0; figures that differ, exit 3 with why) and
`deliberation` (ODT and DOCX opened with odfpy and python-docx, with the figures the élus decided on)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluation.cli import main
from evaluation.domain.workflow import Outcome
from evaluation.services.decision_file import decision_file
from evaluation.storage import Repository, open_repository
from tests.support.decided import (
    API_COMMENT,
    CONDITIONS,
    MOTIVATION,
    PROPOSAL_ID,
    RETAINED,
    decide,
    named_people,
    real_records,
)
from ui.formatting import format_euros
from ui.reports.fiche import stored_fiche

OTHERS = ("Bibliothèque de modèles de courriers (sans IA)", "Mistral 7B Instruct auto-hébergé (GPU mutualisé)")


@pytest.fixture
def decided(tmp_path: Path) -> Iterator[tuple[str, Repository]]:
    url = f"sqlite:///{tmp_path / 'jauge.sqlite3'}"
    repo = open_repository(url)
    named_people(repo)
    decide(repo)
    yield url, repo
    repo.close()


def _flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_fiche_command_writes_the_dashboards_pdf_with_the_decision(
        decided: tuple[str, Repository], tmp_path: Path) -> None:
    url, repo = decided
    output = tmp_path / "fiche.pdf"
    assert main(["fiche", PROPOSAL_ID, "--output", str(output), "--base", url]) == 0
    assert output.read_bytes() == stored_fiche(repo, PROPOSAL_ID, lang="fr", generated_on=dt.date.today())
    text = _flat(pdf_text(output))
    assert "Approuvé sous conditions le" in text and "par Claire Durand" in text
    assert f"Option retenue : {RETAINED}" in text
    assert _flat(MOTIVATION) in text  # typed markup written literally
    for condition in CONDITIONS:
        assert _flat(condition.text) in text and condition.owner in text
    assert "31/03/2027" in text and "En retard" in text and "Ouverte" in text  # the AIPD was due 30/11/2026
    assert "Inès Roux" in text and "<script>alert(1)</script>" in text  # the DSI's comment, literally
    assert "RG-9.7" in text and "À vérifier" in text
    assert "matrice par défaut (version 1)" in text and "grille de conformité, version" in text
    assert "default@1" not in text and "rules@" not in text
    assert "Chiffres identiques" in text
    assert f"Conformité de l'option retenue : {RETAINED}" in text
    assert "Conformité de l'option recommandée" not in text
    annex = text[text.index("Annexe : les autres options étudiées"):]
    assert all(_flat(other)[:30] in annex for other in OTHERS) and RETAINED not in annex
    record = next(r for r in real_records(repo) if r["option"] == RETAINED)
    for figure in ("budget_npv", "socio_npv"):  # both NPVs (MAREVA 2)
        assert _flat(format_euros(record["finance"][figure], lang="fr")) in text


def test_the_fiche_command_speaks_english_and_refuses_an_unknown_proposal(
        decided: tuple[str, Repository], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = decided
    output = tmp_path / "sheet.pdf"
    assert main(["fiche", PROPOSAL_ID, "--output", str(output), "--base", url, "--lang", "en"]) == 0
    text = _flat(pdf_text(output))
    assert "Approved with conditions on" in text and f"Option retained: {RETAINED}" in text
    assert main(["fiche", "inconnu", "--output", str(tmp_path / "x.pdf"), "--base", url]) == 1
    assert "« inconnu » introuvable" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_reproduce_says_identical_with_exit_zero(decided: tuple[str, Repository],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = decided
    assert main(["reproduce", PROPOSAL_ID, "--base", url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Chiffres identiques : les ") and "Non comparés" in out


def test_reproduce_names_the_figures_that_differ_and_the_version_that_explains_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A decision frozen with other figures and another EcoLogits version: exit 3, the figure and why."""
    from evaluation.services.decision_checks import checklist_issues, to_acknowledge
    from evaluation.services.evaluated import settings_in_force
    from evaluation.services.workflow import Workflow
    from tests.support.decided import to_decision
    from tests.support.workflow import ELU

    url = f"sqlite:///{tmp_path / 'jauge.sqlite3'}"
    repo = open_repository(url)
    named_people(repo)
    to_decision(repo)
    records = real_records(repo)
    changed = next(r for r in records if r["option"] == RETAINED)
    changed["finance"]["npv"] = changed["finance"]["npv"] + 1000.0
    Workflow(repo).decide(PROPOSAL_ID, user=ELU, outcome=Outcome.APPROUVE, motivation=MOTIVATION, records=records,
                          settings=settings_in_force(repo), chosen_option=RETAINED,
                          acknowledged=to_acknowledge(checklist_issues(records, option=RETAINED)),
                          method_versions={"ecologits": "0.10.0"})
    repo.close()
    assert main(["reproduce", PROPOSAL_ID, "--base", url]) == 3
    out = capsys.readouterr().out
    assert "1 valeur(s) sur" in out and "diffèrent" in out
    assert "EcoLogits 0.10.0 → 0.11.3" in out
    assert f"{RETAINED} | finance.npv |" in out


def test_reproduce_and_deliberation_refuse_an_undecided_proposal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.support.decided import to_decision

    url = f"sqlite:///{tmp_path / 'jauge.sqlite3'}"
    repo = open_repository(url)
    named_people(repo)
    to_decision(repo)
    repo.close()
    assert main(["reproduce", PROPOSAL_ID, "--base", url]) == 1
    assert main(["deliberation", PROPOSAL_ID, "--output", str(tmp_path / "d.odt"), "--base", url]) == 1
    assert "n'est pas décidé" in capsys.readouterr().err
    assert not (tmp_path / "d.odt").exists()


def _expected_figures(repo: Repository) -> list[str]:
    file = decision_file(repo, PROPOSAL_ID)
    assert file is not None and file.retained_record is not None
    finance = file.retained_record["finance"]
    return [format_euros(finance[figure], lang="fr") for figure in ("tco", "budget_npv", "socio_npv")]


def test_the_deliberation_as_odt_holds_visas_considerants_articles_and_figures(
        decided: tuple[str, Repository], tmp_path: Path) -> None:
    from odf import teletype, text
    from odf.opendocument import load

    url, repo = decided
    output = tmp_path / "deliberation.odt"
    assert main(["deliberation", PROPOSAL_ID, "--format", "odt", "--output", str(output), "--base", url]) == 0
    document = load(str(output))
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(text.P)]
    headings = [teletype.extractText(h) for h in document.getElementsByType(text.H)]
    body = "\n".join(paragraphs)
    assert headings == ["Visas", "Considérants", "Après en avoir délibéré, décide :"]
    assert any(p.startswith("Vu le règlement (UE) 2024/1689") for p in paragraphs)  # AI Act, from the rules file
    assert any(p.startswith("Vu la loi n° 2021-1485") for p in paragraphs)
    assert "Vu l'avis favorable sous réserve de la direction des systèmes d'information" in body
    assert API_COMMENT in body and MOTIVATION in body  # typed text, literally
    for figure in _expected_figures(repo):
        assert figure in body
    assert "kg CO2e" in body or "g CO2e" in body
    assert any(p.startswith("Article 1 : D'approuver sous conditions le projet") for p in paragraphs)
    assert any(p == f"Article 2 : De retenir pour sa mise en œuvre l'option « {RETAINED} »." for p in paragraphs)
    article3 = next(p for p in paragraphs if p.startswith("Article 3 :"))
    assert all(c.text in article3 and c.owner in article3 for c in CONDITIONS) and "31/03/2027" in article3


def test_the_deliberation_as_docx_holds_the_same_text(decided: tuple[str, Repository], tmp_path: Path) -> None:
    from docx import Document
    from odf import teletype, text
    from odf.opendocument import load

    url, repo = decided
    assert main(["deliberation", PROPOSAL_ID, "--output", str(tmp_path / "d.docx"), "--base", url]) == 0
    assert main(["deliberation", PROPOSAL_ID, "--output", str(tmp_path / "d.odt"), "--base", url]) == 0
    docx = Document(io.BytesIO((tmp_path / "d.docx").read_bytes()))
    word = [p.text for p in docx.paragraphs if p.text]
    odt = load(str(tmp_path / "d.odt"))
    office = [teletype.extractText(p) for p in odt.getElementsByType(text.P)]
    assert word[0].startswith("Projet de délibération : Assistant de rédaction")
    assert [p for p in word if p.startswith(("Vu ", "Considérant ", "Article "))] == [
        p for p in office if p.startswith(("Vu ", "Considérant ", "Article "))]
    assert docx.core_properties.title.startswith("Projet de délibération")
    assert all(figure in "\n".join(word) for figure in _expected_figures(repo))


def test_a_rejected_proposals_fiche_shows_every_options_compliance(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'jauge.sqlite3'}"
    repo = open_repository(url)
    named_people(repo)
    decide(repo, outcome=Outcome.REJETE)
    repo.close()
    output = tmp_path / "fiche.pdf"
    assert main(["fiche", PROPOSAL_ID, "--output", str(output), "--base", url]) == 0
    text = _flat(pdf_text(output))
    assert "Rejeté le" in text and "Aucune option retenue." in text and "Option retenue :" not in text
    for option in (RETAINED, *OTHERS):
        assert f"Conformité : {_flat(option)[:40]}" in text
