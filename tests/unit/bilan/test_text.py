"""The generated French paragraphs say what the figures are made of."""

from __future__ import annotations

import datetime as dt

from evaluation.bilan.compute import compute_bilan
from evaluation.bilan.model import ActualFigures, Range
from evaluation.bilan.text import fr_number, fr_range, paragraphs
from tests.support.bilan import hand_source


def test_french_numbers_and_ranges() -> None:
    assert fr_number(12345.678) == "12\u202f346"
    assert fr_number(0.000456) == "0,000456"
    assert fr_range(Range(1.2, 3.456), "kWh") == "entre 1,2 et 3,46\u202fkWh"
    assert fr_range(Range(2.0, 2.0), "L") == "2\u202fL"
    assert fr_range(Range(None, None), "L") == "non estimé"


def test_the_footprint_paragraph_names_actual_partial_and_estimated_options() -> None:
    def actuals(pid: str, option: str, start: dt.date, end: dt.date) -> ActualFigures | None:
        if pid == "beta":
            return ActualFigures(days=59, footprint={"gwp_kgco2eq": Range(3, 4)})
        if pid == "alpha":
            return ActualFigures(days=10, footprint={"gwp_kgco2eq": Range(1, 1)})
        return None

    text = dict(paragraphs(compute_bilan(hand_source(actuals=actuals), 2026)))["Empreinte environnementale"]
    assert "sur des relevés réels importés pour 1 option" in text
    assert "en partie sur des relevés réels pour 1 option" in text
    assert "sur l'estimation figée à la décision pour 1 option" in text
    assert "exclu des totaux : gamma" in text


def test_the_paragraphs_cite_the_law_and_say_what_is_not_available() -> None:
    texts = dict(paragraphs(compute_bilan(hand_source(), 2026)))
    assert "art. 35" in texts["Cadre"] and "L. 2311-1-1" in texts["Cadre"] and "2022-1084" in texts["Cadre"]
    assert "1 approuvé, 1 approuvé sous conditions et 1 rejeté" in texts["Dossiers de l'année"]
    assert "registre public" in texts["Conformité"] and "pas disponible" in texts["Conformité"]
    assert "« Sans IA » plutôt que « IA lourde »" in texts["Choix sobres"]


def test_a_range_whose_ends_round_alike_is_written_once() -> None:
    assert fr_range(Range(46.71, 46.74), "kg CO2e") == "46,7\u202fkg CO2e"
    assert fr_range(Range(46.7, 46.9), "kg CO2e") == "entre 46,7 et 46,9\u202fkg CO2e"
