"""French (and English) number formatting: units for the size, ranges only where they are ranges."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.formatting import (
    NARROW_NBSP,
    NBSP,
    UNIT_SCALES,
    as_number,
    format_euro_range,
    format_euros,
    format_number,
    format_percent,
    format_quantity,
    format_range,
    md_escape,
    model_label,
    option_title,
    provider_label,
    scaled,
)


def test_french_numbers_group_thousands_with_a_narrow_no_break_space_and_use_a_decimal_comma() -> None:
    assert format_number(1234.5, decimals=1) == f"1{NARROW_NBSP}234,5"
    assert format_number(1234567) == f"1{NARROW_NBSP}234{NARROW_NBSP}567"


def test_english_numbers_use_commas_and_a_decimal_point() -> None:
    assert format_number(1234.5, decimals=1, lang="en") == "1,234.5"


def test_small_numbers_keep_three_significant_digits_without_trailing_zeros() -> None:
    assert format_number(0.000123) == "0,000123"
    assert format_number(12.3456) == "12,3"
    assert format_number(2.5) == "2,5"
    assert format_number(0) == "0"


def test_missing_values_show_a_dash() -> None:
    assert format_number(None) == "—"
    assert format_number(math.nan) == "—"
    assert format_quantity(math.nan, "energy_kwh") == "—"


def test_energy_takes_the_unit_that_suits_its_size() -> None:
    assert format_quantity(0.0005, "energy_kwh") == f"500{NBSP}mWh"
    assert format_quantity(0.35, "energy_kwh") == f"350{NBSP}Wh"
    assert format_quantity(12.5, "energy_kwh") == f"12,5{NBSP}kWh"
    assert format_quantity(4200, "energy_kwh") == f"4,2{NBSP}MWh"


def test_greenhouse_gases_water_resources_and_primary_energy_take_their_units() -> None:
    assert format_quantity(0.0021, "gwp_kgco2eq") == f"2,1{NBSP}g CO2e"
    assert format_quantity(1530, "gwp_kgco2eq") == f"1,53{NBSP}t CO2e"
    assert format_quantity(1120, "wcf_l") == f"1,12{NBSP}m³"
    assert format_quantity(0.04, "wcf_l") == f"40{NBSP}mL"
    assert format_quantity(3.2e-6, "adpe_kgsbeq") == f"3,2{NBSP}mg Sb eq"
    assert format_quantity(3.2e-7, "adpe_kgsbeq") == f"320{NBSP}µg Sb eq"
    assert format_quantity(2.5e-10, "adpe_kgsbeq") == f"250{NBSP}ng Sb eq"
    assert format_quantity(0.004, "pe_mj") == f"4{NBSP}kJ"
    assert format_quantity(2500, "pe_mj") == f"2,5{NBSP}GJ"


def test_a_range_shows_both_ends_in_one_unit() -> None:
    assert format_range(0.12, 0.31, "energy_kwh") == f"120 – 310{NBSP}Wh"
    assert format_range(1.2, 3.1, "energy_kwh") == f"1,2 – 3,1{NBSP}kWh"


def test_a_range_whose_ends_round_to_the_same_value_shows_one_value() -> None:
    assert format_range(483, 483.2, "gwp_kgco2eq") == f"483{NBSP}kg CO2e"
    assert "483-483" not in format_range(483, 483, "gwp_kgco2eq")
    assert "–" not in format_range(483, 483, "gwp_kgco2eq")


def test_a_range_with_one_missing_end_shows_the_known_one() -> None:
    assert format_range(math.nan, 2.0, "energy_kwh") == f"2{NBSP}kWh"
    assert format_range(None, None, "energy_kwh") == "—"


def test_euros_are_whole_from_a_hundred_and_cents_below() -> None:
    assert format_euros(12345.4) == f"12{NARROW_NBSP}345{NBSP}€"
    assert format_euros(0.42) == f"0,42{NBSP}€"
    assert format_euros(-1500) == f"-1{NARROW_NBSP}500{NBSP}€"
    assert format_euros(12345, lang="en") == "€12,345"
    assert format_euros(-12, lang="en") == "-€12.00"


def test_a_euro_range_collapses_when_equal() -> None:
    assert format_euro_range(1000, 1000.2) == f"1{NARROW_NBSP}000{NBSP}€"
    assert format_euro_range(1000, 3000) == f"1{NARROW_NBSP}000{NBSP}€ – 3{NARROW_NBSP}000{NBSP}€"


def test_percentages_are_given_as_fractions() -> None:
    assert format_percent(0.032) == f"3,2{NARROW_NBSP}%"
    assert format_percent(0.5, lang="en") == "50%"


def test_scaled_values_share_one_unit_for_a_chart_axis() -> None:
    values, unit = scaled([0.002, 0.5, math.nan], "energy_kwh")
    assert unit == "Wh"
    assert values[:2] == [2.0, 500.0]
    assert math.isnan(values[2])


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False))
def test_no_number_is_ever_written_in_scientific_notation(value: float) -> None:
    for lang in ("fr", "en"):
        text = format_number(value, lang=lang)
        assert "e+" not in text and "e-" not in text
        assert "E" not in text


@given(st.floats(min_value=1e-12, max_value=1e12), st.sampled_from(
    ["energy_kwh", "gwp_kgco2eq", "adpe_kgsbeq", "pe_mj", "wcf_l"]))
def test_a_quantity_is_shown_between_one_and_a_thousand_of_its_unit_where_a_unit_allows(value: float, quantity: str) -> None:
    text = format_quantity(value, quantity)
    number_text, symbol = text.split(NBSP, 1)
    assert "e" not in number_text
    number = float(number_text.replace(NARROW_NBSP, "").replace(",", "."))
    scale = UNIT_SCALES[quantity]
    unit = next(unit for unit in scale if unit.symbol == symbol)
    assert number == pytest.approx(value / unit.factor, rel=5e-3)  # the value in that unit, 3 significant digits
    if value < scale[0].factor:  # below the smallest unit: less than one of it
        assert unit == scale[0] and number <= 1
    elif value >= scale[-1].factor * 1000:  # beyond the largest: a thousand of it or more
        assert unit == scale[-1] and number >= 999
    else:
        assert 0.999 <= number < 1000, text


def test_model_names_are_readable() -> None:
    assert model_label("claude-sonnet-4-6") == "Claude Sonnet 4.6"
    assert model_label("gpt-5-mini") == "GPT-5 mini"
    assert model_label("mistral-small-latest") == "Mistral Small (dernière version)"
    assert model_label("mistral-small-latest", lang="en") == "Mistral Small (latest)"
    assert model_label("mistralai/Mistral-7B-Instruct-v0.3") == "Mistral 7B Instruct v0.3"
    assert model_label("meta-llama/Meta-Llama-3.1-8B-Instruct") == "Meta Llama 3.1 8B Instruct"
    assert model_label("gemini-2.5-flash") == "Gemini 2.5 Flash"
    assert model_label("claude-3-5-sonnet-20241022") == "Claude 3.5 Sonnet (2024-10-22)"
    assert model_label(None) == ""


def test_provider_names_are_readable() -> None:
    assert provider_label("huggingface_hub") == "Hugging Face"
    assert provider_label("mistralai") == "Mistral AI"


def test_compact_euros_name_millions_and_billions_to_fit_a_card() -> None:
    assert format_euros(25_992_498, compact=True) == "25,99\u00a0M€"
    assert format_euros(-1_234_567_890, compact=True) == "-1,23\u00a0Md€"
    assert format_euros(1_259_509, lang="en", compact=True) == "€1.26M"
    assert format_euros(-2_500_000_000, lang="en", compact=True) == "-€2.50bn"
    assert format_euros(999_999, compact=True) == format_euros(999_999)


def test_text_typed_by_people_is_shown_literally_in_markdown() -> None:
    assert md_escape("**gras** [lien](http://x) :red[rouge] $x$") == (
        "\\*\\*gras\\*\\* \\[lien\\]\\(http\\:\u2060//x\\) \\:red\\[rouge\\] \\$x\\$")
    assert md_escape(None) == ""
    assert md_escape(12.5) == "12\\.5"


def test_a_missing_number_reads_as_nan_and_an_option_is_titled_with_its_readable_model() -> None:
    assert math.isnan(as_number(None)) and math.isnan(as_number(float("nan"))) and math.isnan(as_number("abc"))
    assert as_number("2.5") == 2.5
    assert option_title({"option.name": "API", "option.model": "mistral-small-latest"}, "fr") == (
        "API — Mistral Small (dernière version)")
    assert option_title({"option.name": "Sans IA", "option.model": None}, "fr") == "Sans IA"


def test_typed_addresses_are_not_turned_into_links() -> None:
    """Issue 19, item 8: Streamlit linked `https://...`, `www....` and `a@b.fr` even escaped (measured in
    Chromium: 5 links on a fiche, 0 with the word joiners)."""
    from ui.formatting import WORD_JOINER

    shown = md_escape("Voir https://exemple.org, WWW.exemple.org et contact@exemple.org")
    assert "://" not in shown and "WWW\\." not in shown and "t@" not in shown
    assert shown.replace(WORD_JOINER, "").replace("\\", "") == "Voir https://exemple.org, WWW.exemple.org et contact@exemple.org"


def test_a_person_is_shown_by_name_with_the_login_in_parentheses_else_by_login() -> None:
    from ui.formatting import person_label

    names = {"elu.durand": "Claire Durand", "same": "same"}
    assert person_label("elu.durand", names) == "Claire Durand (elu.durand)"
    assert person_label("cli:import", names) == "cli:import"  # no account
    assert person_label("same", names) == "same"


def test_rules_keys_are_read_as_a_name_and_a_version() -> None:
    from ui.formatting import rules_label

    assert rules_label("rules@2") == "grille de conformité, version 2"
    assert rules_label("rules@2", lang="en") == "compliance rules, version 2"
    assert rules_label("ville-x@3") == "grille « ville-x », version 3"
    assert rules_label("") == "—" and rules_label("sans-version") == "sans-version"
    assert rules_label("rules@2", kind=False) == "version 2"  # after « Grille de conformité »


def test_the_versions_line_names_the_matrix_and_the_rules_as_people_read_them() -> None:
    from ui.reports.decision_texts import versions_line

    line = versions_line({"jauge": "0.1.0", "matrix": "default@1", "rules": "rules@2"}, "fr")
    assert line == "Jauge 0.1.0 · matrice par défaut (version 1) · grille de conformité, version 2"
