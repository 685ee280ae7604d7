"""Unknown models and zones: null figures, a reason code, nothing printed, the other options evaluated."""

from __future__ import annotations

import math
import uuid

import pytest
from footprint_helpers import CRITERIA, api_option, frame_of, settings

from evaluation.footprint import add_footprint, footprint_record
from evaluation.table.columns import OPTION_ZONE
from tests.support.rows import row_of


def test_unknown_model_keeps_null_figures_and_a_reason_while_others_are_evaluated() -> None:
    frame = add_footprint(frame_of([api_option("mistralai", "mistral-imaginary-9000"),
                                    api_option("mistralai", "mistral-small-latest")]), settings())
    unknown, known = frame.iloc[0], frame.iloc[1]
    assert bool(unknown["fp.estimated"]) is False
    assert unknown["fp.warnings"] == ("model-not-registered",)
    for part in ("per_request", "annual", "annual_usage", "annual_embodied"):
        for criterion in CRITERIA:
            assert math.isnan(unknown[f"fp.{part}.{criterion}.min"])
            assert math.isnan(unknown[f"fp.{part}.{criterion}.max"])
    assert math.isnan(unknown["fp.best_alternative_gwp_saving"])
    assert unknown["fp.requests"] == 1
    assert bool(known["fp.estimated"]) is True
    assert known["fp.annual.gwp_kgco2eq.min"] > 0


def test_unknown_provider_is_an_unknown_model() -> None:
    row = add_footprint(frame_of([api_option("aleph_alpha", "luminous")]), settings()).iloc[0]
    assert "model-not-registered" in row["fp.warnings"]
    assert bool(row["fp.estimated"]) is False


def test_unknown_zone_keeps_null_figures_and_says_why() -> None:
    # Import refuses such zones (evaluation.domain.option); a document stored before EcoLogits dropped a
    # zone still reaches the footprint, which then says why instead of using another mix.
    table = frame_of([
        api_option("openai", "gpt-4o-mini", "FRA"),
        {"name": "vision", "kind": "vision", "zone": "FRA", "compute": {"gpu_count": 1, "hours_per_year": 10}},
        api_option("openai", "gpt-4o-mini", "FRA"),
    ])
    table.loc[table.index[:2], OPTION_ZONE] = ["XYZ", "QQQ"]
    frame = add_footprint(table, settings())
    for index in (0, 1):
        row = frame.iloc[index]
        assert bool(row["fp.estimated"]) is False
        assert "zone-not-registered" in row["fp.warnings"]
        assert math.isnan(row["fp.annual.energy_kwh.max"])
    assert list(frame["fp.zone"]) == ["XYZ", "QQQ", "FRA"]
    assert bool(frame["fp.estimated"].iloc[2]) is True


def test_record_of_an_unknown_model_has_null_values_and_the_reason() -> None:
    row = add_footprint(frame_of([api_option("openai", "gpt-imaginary")]), settings()).iloc[0]
    record = footprint_record(row_of(row))
    assert record["per_request"]["gwp_kgco2eq"] == {"min": None, "max": None}
    assert record["annual"]["wcf_l"] == {"min": None, "max": None}
    assert record["warnings"] == ["model-not-registered"]
    assert record["estimated"] is False


def test_ecologits_messages_are_not_printed(capfd: pytest.CaptureFixture[str],
                                           caplog: pytest.LogCaptureFixture) -> None:
    # EcoLogits logs each distinct message once per process: a fresh model name makes a fresh message
    name = f"model-{uuid.uuid4().hex}"
    frame = add_footprint(frame_of([api_option("openai", name), api_option("openai", "gpt-4o"),
                                    api_option("anthropic", "claude-sonnet-4-5", "ABW")]), settings())
    assert [record for record in caplog.records if record.name.startswith("ecologits")] == []
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""
    assert "model-arch-multimodal" in frame["fp.warnings"].iloc[1]
    assert "electricity-mix-pe-world" in frame["fp.warnings"].iloc[2]
