"""The Bilan SNR page (AppTest): an élu sees the year's figures, the text and the downloads; a porteur does not
have the page (not in its navigation); English labels on the switch."""

from __future__ import annotations

import datetime as dt

import pytest

from evaluation.exchange.settings_file import load_settings
from evaluation.storage import Repository
from tests.app.forms_harness import ADMIN, DSI, ELU, PORTEUR, open_page, repo, texts, unescape
from tests.support.bilan import build_year
from ui.auth import sees_page

__all__ = ["repo"]
YEAR = dt.date.today().year


@pytest.fixture
def year(repo: Repository) -> Repository:
    build_year(repo, load_settings(), YEAR)
    return repo


def test_an_elu_sees_the_figures_the_text_and_the_downloads(year: Repository) -> None:
    at = open_page("bilan.py", user=ELU)
    assert texts(at.title) == [":material/eco: Bilan SNR"]
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Options en service"] == "2" and metrics["Décisions"] == "2"
    assert metrics["Fiches publiées au registre dans l'année"] == "0"  # the register is held by Jauge: none published
    assert "CO2e" in metrics["Émissions de GES"]
    subheaders = texts(at.subheader)
    assert {"Empreinte environnementale", "Choix sobres", "Budget", "Conformité", "Texte du bilan",
            "Documents"} <= set(subheaders)
    shown = unescape("\n".join(texts(at.markdown)))
    assert "L. 2311-1-1" in shown and "Modèles de réponses aux courriers" in shown


def test_the_page_is_for_the_dsi_the_elus_and_the_administrators_not_the_porteurs(year: Repository) -> None:
    assert [sees_page(user, "bilan") for user in (DSI, ELU, ADMIN, PORTEUR)] == [True, True, True, False]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page("bilan.py", user=PORTEUR)  # not in a porteur's navigation: no URL reaches it


def test_the_page_speaks_english_on_the_switch(year: Repository) -> None:
    at = open_page("bilan.py", user=ELU, lang="en")
    assert texts(at.title) == [":material/eco: SNR report"]
    assert "Options in service" in {metric.label for metric in at.metric}


def test_a_year_without_anything_says_so_and_still_offers_the_files(year: Repository) -> None:
    at = open_page("bilan.py", user=ELU)
    at.selectbox(key="bilan.year").set_value(YEAR - 1).run()
    assert texts(at.info) == [f"Aucun dossier reçu, aucune décision et aucune option en service en {YEAR - 1}."]
    assert not at.metric
    assert "Documents" in texts(at.subheader)
