"""Equivalences in everyday units, and the same option in other zones."""

from __future__ import annotations

import math

import pytest
from ecologits.electricity_mix_repository import electricity_mixes
from ecologits.tracers.utils import llm_impacts
from footprint_helpers import api_option, bounds, close, frame_of, settings, usage

from evaluation.domain.option import Option
from evaluation.footprint import Range, add_footprint, equivalences, zone_comparison
from tests.support.rows import row_of


def test_equivalences_convert_kgco2eq_with_their_sources_and_keep_the_range() -> None:
    found = {e.code: e for e in equivalences(Range(min=21.76, max=43.52))}
    assert set(found) == {"petrol_car_km", "electric_car_km", "tgv_km", "email", "video_streaming_hour",
                          "french_person_year_share"}
    # 21.76 kg / 0.2176 kg/km = 100 km; 43.52 / 0.2176 = 200 km
    assert found["petrol_car_km"].quantity.min == pytest.approx(100)
    assert found["petrol_car_km"].quantity.max == pytest.approx(200)
    # 21.76 / 0.1034 = 210.44 km by electric car
    assert found["electric_car_km"].quantity.min == pytest.approx(21.76 / 0.1034)
    # 21.76 / 0.00293 = 7,426.6 passenger-km by TGV
    assert found["tgv_km"].quantity.min == pytest.approx(7426.62, rel=1e-5)
    # 21.76 / 0.0025 = 8,704 e-mails; 21.76 / 0.064 = 340 hours of streaming
    assert found["email"].quantity.min == pytest.approx(8704)
    assert found["video_streaming_hour"].quantity.min == pytest.approx(340)
    assert found["video_streaming_hour"].to_check is True
    # 43.52 / 9,000 = 0.48 % of a French person's year
    assert found["french_person_year_share"].quantity.max == pytest.approx(43.52 / 9000)
    assert all(e.source for e in found.values())
    assert "ADEME" in found["petrol_car_km"].source
    assert "SDES" in found["french_person_year_share"].source


def test_a_single_value_gives_equal_min_and_max() -> None:
    single = {e.code: e.quantity for e in equivalences(Range(min=21.76, max=21.76))}
    ranged = {e.code: e.quantity for e in equivalences(Range(min=21.76, max=43.52))}
    assert set(single) == set(ranged) and len(single) == 6  # every equivalence, none dropped
    for code, quantity in single.items():
        assert quantity.min == quantity.max == pytest.approx(ranged[code].min), code
    assert single["petrol_car_km"].min == pytest.approx(100)  # 21.76 kg / 0.2176 kg/km


MISTRAL = {"name": "Mistral Small par API", "kind": "genai_api", "provider": "mistralai",
           "model": "mistral-small-latest", "zone": "FRA",
           "usage": usage(users=12, per_day=15, days=210, tokens=400)}


def test_zone_comparison_covers_the_default_zones_with_annual_ranges() -> None:
    result = zone_comparison(Option.model_validate(MISTRAL), settings())
    assert [z.zone for z in result] == ["FRA", "EEE", "DEU", "USA", "WOR"]
    by_zone = {z.zone: z for z in result}
    # energy does not depend on where the servers are; emissions do
    energies = {z.annual_energy_kwh for z in result}
    assert len(energies) == 1
    assert by_zone["FRA"].annual_gwp_kgco2eq.max < by_zone["DEU"].annual_gwp_kgco2eq.min
    assert by_zone["DEU"].annual_gwp_kgco2eq.max < by_zone["WOR"].annual_gwp_kgco2eq.min
    for zone in ("FRA", "USA", "WOR"):
        direct = llm_impacts("mistralai", "mistral-small-latest", 400, math.inf, zone)
        low, high = bounds(direct.gwp.value)
        assert close(by_zone[zone].annual_gwp_kgco2eq.min, low * 37800)
        assert close(by_zone[zone].annual_gwp_kgco2eq.max, high * 37800)
        water_low, _ = bounds(direct.wcf.value)
        assert close(by_zone[zone].annual_wcf_l.min, water_low * 37800)
    assert "electricity-mix-wue-world" in by_zone["EEE"].warnings


def test_zone_comparison_accepts_a_row_of_the_options_table_and_other_zones() -> None:
    compute = {"gpu": "T4", "gpu_count": 1, "hours_per_year": 1000, "pue": 1.2}
    frame = add_footprint(frame_of([{"name": "vision", "kind": "vision", "zone": "FRA", "compute": compute}]),
                          settings())
    row = row_of(frame.iloc[0])
    result = zone_comparison(row, settings(), zones=["FRA", "SWE", "POL", "XYZ"])
    by_zone = {z.zone: z for z in result}
    assert by_zone["FRA"].annual_gwp_kgco2eq == Range(min=row["fp.annual.gwp_kgco2eq.min"],
                                                      max=row["fp.annual.gwp_kgco2eq.max"])
    # 1000 h x 70 W x 1.2 / 1000 = 84 kWh in every zone
    assert by_zone["POL"].annual_energy_kwh.min == pytest.approx(84.0, rel=1e-12)
    poland = electricity_mixes.find_electricity_mix("POL")
    embodied = row["fp.annual_embodied.gwp_kgco2eq.min"]
    assert by_zone["POL"].annual_gwp_kgco2eq.min == pytest.approx(84.0 * poland.gwp + embodied, rel=1e-12)
    assert by_zone["XYZ"].estimated is False
    assert by_zone["XYZ"].annual_gwp_kgco2eq is None
    assert "zone-not-registered" in by_zone["XYZ"].warnings


def test_zone_comparison_of_an_unstated_zone_option_compares_stated_zones() -> None:
    option = api_option("openai", "gpt-4o-mini", None)
    result = zone_comparison(Option.model_validate(option), settings(), zones=["FRA", "USA"])
    assert all("zone-not-stated" not in z.warnings for z in result)
    assert result[0].annual_gwp_kgco2eq.max < result[1].annual_gwp_kgco2eq.min
