"""The batch path (two EcoLogits calls per provider/model/zone, affine in tokens) equals EcoLogits
called directly, for every model of the repository and several zones."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from ecologits.model_repository import models
from ecologits.tracers.utils import llm_impacts
from footprint_helpers import CRITERIA, api_option, bounds, close, frame_of, settings, usage

from evaluation.footprint import add_footprint, footprint_record
from tests.support.rows import row_of

ZONES = ("FRA", "USA", "WOR", "EEE")
ALL_MODELS = sorted({(m.provider.value, m.name) for m in models.list_models()})


def _tokens(index: int) -> int:
    return 1 + (index * 37) % 3000


@pytest.fixture(scope="module")
def repository_frame() -> pd.DataFrame:
    options = []
    for index, ((provider, model), zone) in enumerate(
            (pair, zone) for pair in ALL_MODELS for zone in ZONES):
        options.append(api_option(provider, model, zone, usage=usage(tokens=_tokens(index))))
    return add_footprint(frame_of(options), settings())


def _direct(row: pd.Series) -> Any:
    return llm_impacts(row["option.provider"], row["option.model"], int(row["option.usage.output_tokens_per_request"]),
                       math.inf, row["option.zone"])


def test_the_repository_frame_covers_every_provider_and_model_in_four_zones(repository_frame: pd.DataFrame) -> None:
    assert len(ALL_MODELS) > 300
    assert {p for p, _ in ALL_MODELS} == {"anthropic", "cohere", "google_genai", "huggingface_hub", "mistralai", "openai"}
    assert len(repository_frame) == len(ALL_MODELS) * len(ZONES)
    assert repository_frame["fp.estimated"].all()


def test_per_request_impacts_equal_direct_ecologits_calls_for_every_model_and_zone(
        repository_frame: pd.DataFrame) -> None:
    mismatches = []
    for _, row in repository_frame.iterrows():
        direct = _direct(row)
        expected = {"energy_kwh": direct.energy.value, "gwp_kgco2eq": direct.gwp.value,
                    "adpe_kgsbeq": direct.adpe.value, "pe_mj": direct.pe.value, "wcf_l": direct.wcf.value}
        for criterion in CRITERIA:
            low, high = bounds(expected[criterion])
            got = (row[f"fp.per_request.{criterion}.min"], row[f"fp.per_request.{criterion}.max"])
            if not (close(got[0], low) and close(got[1], high)):
                mismatches.append((row["option.provider"], row["option.model"], row["option.zone"], criterion, got,
                                   (low, high)))
    assert mismatches == []


def test_usage_and_embodied_split_equals_ecologits_for_every_model(repository_frame: pd.DataFrame) -> None:
    # one request per year: the annual split is the per-request split
    mismatches = []
    for _, row in repository_frame[repository_frame["option.zone"] == "FRA"].iterrows():
        direct = _direct(row)
        pairs = [("annual_usage", "energy_kwh", direct.usage.energy.value),
                 ("annual_usage", "gwp_kgco2eq", direct.usage.gwp.value),
                 ("annual_usage", "adpe_kgsbeq", direct.usage.adpe.value),
                 ("annual_usage", "pe_mj", direct.usage.pe.value),
                 ("annual_usage", "wcf_l", direct.usage.wcf.value),
                 ("annual_embodied", "gwp_kgco2eq", direct.embodied.gwp.value),
                 ("annual_embodied", "adpe_kgsbeq", direct.embodied.adpe.value),
                 ("annual_embodied", "pe_mj", direct.embodied.pe.value)]
        for part, criterion, value in pairs:
            low, high = bounds(value)
            got = (row[f"fp.{part}.{criterion}.min"], row[f"fp.{part}.{criterion}.max"])
            if not (close(got[0], low) and close(got[1], high)):
                mismatches.append((row["option.model"], part, criterion, got, (low, high)))
        assert math.isnan(row["fp.annual_embodied.energy_kwh.min"])
        assert math.isnan(row["fp.annual_embodied.wcf_l.max"])
    assert mismatches == []


def test_ecologits_warnings_are_kept_as_codes_on_each_option(repository_frame: pd.DataFrame) -> None:
    for _, row in repository_frame.iloc[::7].iterrows():
        direct = _direct(row)
        expected = {warning.code for warning in (direct.warnings or [])}
        assert set(row["fp.warnings"]) == expected, row["option.model"]


def test_min_never_exceeds_max_anywhere(repository_frame: pd.DataFrame) -> None:
    for part in ("per_request", "annual", "annual_usage", "annual_embodied"):
        for criterion in CRITERIA:
            low = repository_frame[f"fp.{part}.{criterion}.min"].to_numpy()
            high = repository_frame[f"fp.{part}.{criterion}.max"].to_numpy()
            known = ~np.isnan(low)
            assert (low[known] <= high[known]).all(), (part, criterion)


def test_a_range_model_keeps_distinct_min_and_max(repository_frame: pd.DataFrame) -> None:
    row = repository_frame[(repository_frame["option.model"] == "gpt-4o")
                           & (repository_frame["option.zone"] == "FRA")].iloc[0]
    assert row["fp.annual.gwp_kgco2eq.min"] < row["fp.annual.gwp_kgco2eq.max"]
    record = footprint_record(row_of(row))
    assert record["per_request"]["energy_kwh"]["min"] < record["per_request"]["energy_kwh"]["max"]


def test_annual_impacts_are_per_request_times_users_requests_and_days() -> None:
    frame = add_footprint(frame_of([api_option("mistralai", "mistral-small-latest", "FRA",
                                               usage=usage(users=12, per_day=15, days=210, tokens=400))]), settings())
    row = frame.iloc[0]
    assert row["fp.requests"] == 12 * 15 * 210 == 37800
    direct = llm_impacts("mistralai", "mistral-small-latest", 400, math.inf, "FRA")
    for criterion, value in (("energy_kwh", direct.energy.value), ("gwp_kgco2eq", direct.gwp.value),
                             ("adpe_kgsbeq", direct.adpe.value), ("pe_mj", direct.pe.value),
                             ("wcf_l", direct.wcf.value)):
        low, high = bounds(value)
        assert close(row[f"fp.annual.{criterion}.min"], low * 37800)
        assert close(row[f"fp.annual.{criterion}.max"], high * 37800)


def test_zone_not_stated_uses_the_providers_datacenter_as_ecologits_does() -> None:
    frame = add_footprint(frame_of([api_option("mistralai", "mistral-small-latest", None),
                                    api_option("openai", "gpt-4o-mini", None)]), settings())
    assert list(frame["fp.zone"]) == ["SWE", "USA"]
    assert all("zone-not-stated" in codes for codes in frame["fp.warnings"])
    for _, row in frame.iterrows():
        direct = llm_impacts(row["option.provider"], row["option.model"], 400, math.inf, None)
        low, high = bounds(direct.gwp.value)
        assert close(row["fp.per_request.gwp_kgco2eq.min"], low)
        assert close(row["fp.per_request.gwp_kgco2eq.max"], high)
