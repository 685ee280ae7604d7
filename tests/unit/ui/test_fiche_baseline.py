"""The fiche's comparison with the option without AI: labels state the unit their value is shown in, and
a cost per tonne of CO2e is shown only when the extra tonnes are meaningful."""

from __future__ import annotations

import re

import pytest

from evaluation.table.columns import (
    FIN_COST_PER_HOUR_GAINED,
    FIN_COST_PER_TCO2E,
    FIN_DELTA_BENEFIT,
    FIN_DELTA_COST,
    FIN_DELTA_GWP_KG,
    FIN_DELTA_HOURS_PER_YEAR,
    FIN_DELTA_NPV,
    FIN_DELTA_WCF_L,
    HORIZON,
)
from ui.formatting import NBSP
from ui.views.fiche.baseline import baseline_lines, cost_per_tonne_note, cost_per_tonne_text


def _row(delta_gwp_kg: float, cost_per_tco2e: float, *, horizon: int = 5) -> dict[str, float]:
    return {FIN_DELTA_COST: 29_490.0, FIN_DELTA_BENEFIT: 12_000.0, FIN_DELTA_NPV: -17_490.0,
            FIN_DELTA_HOURS_PER_YEAR: 300.0, FIN_DELTA_GWP_KG: delta_gwp_kg, FIN_DELTA_WCF_L: 0.004,
            FIN_COST_PER_TCO2E: cost_per_tco2e, FIN_COST_PER_HOUR_GAINED: 19.66, HORIZON: horizon}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_label_names_no_unit_other_than_the_one_its_value_is_written_in(lang: str) -> None:
    # 52.1 g of CO2e a year is written in grams, 4 mL of water in millilitres.
    for measure, value in baseline_lines(_row(0.0521, 113_247_431.0), lang=lang):
        for unit in re.findall(r"\(([^)]*)\)", measure):
            assert unit.replace(" ", "") in value.replace(NBSP, "").replace(" ", ""), (measure, value)
        assert "kgCO2e" not in measure and "(L)" not in measure, measure


def test_the_extra_emissions_are_written_in_the_unit_that_suits_them() -> None:
    lines = dict(baseline_lines(_row(0.0521, 113_247_431.0), lang="fr"))
    assert lines["Émissions supplémentaires par an"] == f"52,1{NBSP}g CO2e"
    assert lines["Eau supplémentaire par an"] == f"4{NBSP}mL"


def test_a_cost_per_tonne_from_a_few_grams_is_not_shown_and_says_why() -> None:
    text = cost_per_tonne_text(_row(0.0521, 113_247_431.0), lang="fr")
    assert text == "Non calculé : écart d'émissions trop faible"
    text = cost_per_tonne_note(_row(0.0521, 113_247_431.0), lang="fr") or ""
    assert "113" not in text and text.startswith("Surcoût par tonne de CO2e non calculé")
    assert f"260{NBSP}g CO2e" in text  # 52.1 g a year over 5 years, 3 significant digits
    assert f"1{NBSP}t CO2e" in text


def test_a_cost_per_tonne_over_a_meaningful_difference_is_shown_per_tonne() -> None:
    # 400 kg a year over 5 years: 2 t.
    assert cost_per_tonne_note(_row(400.0, 14_745.0), lang="fr") is None
    assert cost_per_tonne_text(_row(400.0, 14_745.0), lang="fr") == f"14\u202f745{NBSP}€{NBSP}/{NBSP}t{NBSP}CO2e"
    assert cost_per_tonne_text(_row(-400.0, -14_745.0), lang="en") == f"-€14,745{NBSP}/{NBSP}t{NBSP}CO2e"


def test_equal_or_unknown_emissions_give_no_cost_per_tonne() -> None:
    assert cost_per_tonne_text(_row(0.0, float("nan")), lang="fr").startswith("Non calculé")
    assert cost_per_tonne_text(_row(float("nan"), float("nan")), lang="en").startswith("Not computed")
