"""The registry of footprint methods: the documented methods, and a new one used without other changes."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

import numpy as np
import pandas as pd
import pytest
from footprint_helpers import CRITERIA, frame_of, settings

from evaluation.footprint import add_footprint, method_codes
from evaluation.footprint.methods import REGISTRY, Part, footprint_method, registered_methods
from evaluation.footprint.options import BoolArray, IntArray, ObjectArray, Options

USAGE = {"users": 10, "requests_per_user_per_day": 2, "days_per_year": 200, "output_tokens_per_request": 300}
RULES = {"name": "rules", "kind": "rules", "zone": "FRA", "usage": USAGE}
RULES_WITH_COMPUTE = {"name": "rules+compute", "kind": "rules", "zone": "FRA", "usage": USAGE,
                      "compute": {"cpu_cores": 4, "hours_per_year": 100}}
RULES_WITHOUT_ZONE = {"name": "rules, no zone", "kind": "rules"}
API = {"name": "api", "kind": "genai_api", "provider": "mistralai", "model": "mistral-small-latest", "zone": "FRA",
       "usage": USAGE}


def test_the_registry_holds_exactly_the_documented_methods_in_rank_order() -> None:
    names = [method.name for method in registered_methods()]
    assert names == ["ecologits", "ecologits-self-hosted", "green-algorithms"]
    assert (*names, "none") == method_codes()


def test_a_method_name_is_registered_once() -> None:
    registered_methods()
    with patch.dict(REGISTRY), pytest.raises(ValueError, match="registered twice"):
        footprint_method("ecologits", rank=99, covers=lambda options: np.zeros(options.n, dtype=bool))(
            lambda options, rows, zones: _part(len(rows)))


# ---- a tiny method of its own, as a new module would define it

FAKE_ENERGY_KWH = 12.5
FAKE_ZONE = "ISL"


def _part(rows: int) -> Part:
    usage = np.zeros((rows, len(CRITERIA), 2))
    usage[:, CRITERIA.index("energy_kwh"), :] = (FAKE_ENERGY_KWH, 2 * FAKE_ENERGY_KWH)
    embodied = np.zeros_like(usage)
    return Part(usage=usage, embodied=embodied, per_request=usage / 1000, failed=np.zeros(rows, dtype=bool),
                warnings={"fake-warning": np.ones(rows, dtype=bool)},
                uncovered={"network": np.ones(rows, dtype=bool)})


@pytest.fixture
def fake_method() -> Iterator[list[ObjectArray]]:
    """A method covering every rules option, ranked after the others; yields the zones it was given."""
    registered_methods()                     # the package's methods are loaded before the registry is patched
    seen: list[ObjectArray] = []

    def rules_options(options: Options) -> BoolArray:
        return options.is_kind("rules")

    def fake_zones(options: Options, rows: IntArray) -> ObjectArray:
        return np.full(len(rows), FAKE_ZONE, dtype=object)

    with patch.dict(REGISTRY):
        @footprint_method("fake", rank=40, covers=rules_options, default_zone=fake_zones)
        def fake(options: Options, rows: IntArray, zones: ObjectArray) -> Part:
            seen.append(zones)
            return _part(len(rows))

        yield seen
    assert "fake" not in REGISTRY


def test_a_method_registered_elsewhere_is_used_by_estimate(fake_method: list[ObjectArray]) -> None:
    frame = add_footprint(frame_of([RULES, RULES_WITHOUT_ZONE, API]), settings())
    rules, unzoned, api = (frame.iloc[i] for i in range(3))
    assert rules["fp.method"] == "fake" and unzoned["fp.method"] == "fake" and api["fp.method"] == "ecologits"
    assert rules["fp.annual.energy_kwh.min"] == FAKE_ENERGY_KWH
    assert rules["fp.annual.energy_kwh.max"] == 2 * FAKE_ENERGY_KWH
    assert rules["fp.per_request.energy_kwh.min"] == pytest.approx(FAKE_ENERGY_KWH / 1000)
    assert rules["fp.warnings"] == ("fake-warning",)
    assert "embodied-water" in rules["fp.uncovered_phases"]
    assert unzoned["fp.zone"] == FAKE_ZONE
    assert "zone-not-stated" in unzoned["fp.warnings"]
    assert [list(zones) for zones in fake_method] == [["FRA", FAKE_ZONE]]


def test_methods_covering_one_option_add_up_and_the_lowest_rank_names_it(fake_method: list[ObjectArray]) -> None:
    with_fake = add_footprint(frame_of([RULES_WITH_COMPUTE]), settings()).iloc[0]
    registry = {name: method for name, method in REGISTRY.items() if name != "fake"}
    with patch.dict(REGISTRY, registry, clear=True):
        alone = add_footprint(frame_of([RULES_WITH_COMPUTE]), settings()).iloc[0]
    assert alone["fp.method"] == with_fake["fp.method"] == "green-algorithms"
    assert with_fake["fp.annual.energy_kwh.min"] == alone["fp.annual.energy_kwh.min"] + FAKE_ENERGY_KWH
    assert with_fake["fp.annual.gwp_kgco2eq.min"] == alone["fp.annual.gwp_kgco2eq.min"]
    assert with_fake["fp.per_request.energy_kwh.min"] == alone["fp.per_request.energy_kwh.min"] > 0


def test_without_the_fake_method_a_rules_option_has_none() -> None:
    row = add_footprint(frame_of([RULES]), settings()).iloc[0]
    assert row["fp.method"] == "none"
    assert bool(row["fp.estimated"])
    assert row["fp.annual.energy_kwh.min"] == 0.0


def test_an_empty_table_has_every_column() -> None:
    frame = add_footprint(frame_of([RULES]).iloc[:0], settings())
    assert len(frame) == 0
    assert isinstance(frame, pd.DataFrame) and "fp.method" in frame.columns
