"""The footprint record, the fp.* columns, the UI catalogue and the texts for people."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import ecologits
import yaml
from ecologits.electricity_mix_repository import electricity_mixes
from ecologits.model_repository import models
from footprint_helpers import CRITERIA, frame_of, settings, usage

from evaluation.footprint import (
    UNCOVERED_PHASE_CODES,
    WARNING_CODES,
    add_footprint,
    available_models,
    available_providers,
    available_zones,
    display_name,
    ecologits_version,
    footprint_record,
    method_codes,
    zone_label,
)
from evaluation.footprint.reference import equivalence_factors
from evaluation.resources import ROOT
from evaluation.table.columns import FOOTPRINT
from tests.support.rows import row_of

EXAMPLE = [
    {"name": "Modèles de courriers (sans IA)", "kind": "non_ai", "usage": {"users": 12}},
    {"name": "Mistral Small par API", "kind": "genai_api", "provider": "mistralai", "model": "mistral-small-latest",
     "zone": "FRA", "usage": usage(users=12, per_day=15, days=210, tokens=400) | {"input_tokens_per_request": 1500}},
]


def test_record_has_format_md_shape() -> None:
    frame = add_footprint(frame_of(EXAMPLE), settings())
    record = footprint_record(row_of(frame.iloc[1]))
    assert set(record["per_request"]) == set(CRITERIA)
    assert set(record["annual"]) == {"requests", *CRITERIA}
    assert record["annual"]["requests"] == 37800
    assert isinstance(record["annual"]["requests"], int)
    assert record["method"] == {"name": "ecologits", "ecologits": "0.11.3", "zone": "FRA"}
    assert record["warnings"] == []
    assert "input-tokens" in record["uncovered_phases"]
    gwp = record["annual"]["gwp_kgco2eq"]
    assert 0 < gwp["min"] <= gwp["max"]
    assert 0 <= record["best_alternative_gwp_saving"] <= 1


def test_every_documented_column_is_added_once_and_a_rerun_replaces_them() -> None:
    contract = (ROOT / "docs" / "engine-columns.md").read_text(encoding="utf-8")
    frame = add_footprint(frame_of(EXAMPLE), settings())
    again = add_footprint(frame, settings())
    assert list(again.columns) == list(frame.columns)
    for column in FOOTPRINT.columns:
        assert column in frame.columns
        generic = re.sub(r"\.(energy_kwh|gwp_kgco2eq|adpe_kgsbeq|pe_mj|wcf_l)\.", ".C.", column)
        generic = re.sub(r"\.C\.(min|max)$", ".C.min", generic)
        assert generic.split(".C.")[0] in contract, column
    assert frame["fp.warnings"].dtype == object
    assert frame["fp.zone"].dtype == object
    assert frame["fp.estimated"].dtype == bool
    assert frame["fp.ecologits_version"].iloc[0] == ecologits.__version__


def test_ecologits_version_is_the_installed_one() -> None:
    assert ecologits_version() == ecologits.__version__ == "0.11.3"


def test_model_names_are_readable() -> None:
    assert display_name("mistralai", "mistral-small-latest") == "Mistral Small (latest)"
    assert display_name("openai", "gpt-4o-mini") == "GPT-4o mini"
    assert display_name("anthropic", "claude-haiku-4-5-20251001") == "Claude Haiku 4.5 (2025-10-01)"
    assert display_name("google_genai", "gemini-2.5-flash-lite") == "Gemini 2.5 Flash Lite"
    assert display_name("huggingface_hub", "mistralai/Mistral-7B-Instruct-v0.3") == \
        "Mistral 7B Instruct v0.3 (mistralai)"


def test_providers_and_models_cover_the_repository() -> None:
    providers = {p.code: p for p in available_providers()}
    assert set(providers) == {m.provider.value for m in models.list_models()}
    assert providers["mistralai"].fr == "Mistral AI"
    total = 0
    for code in providers:
        choices = available_models(code)
        assert choices
        assert all(c.name and c.name != c.id for c in choices if "-" in c.id)
        total += len(choices)
    assert total == len(models.list_models())
    assert available_models("nobody") == []
    small = next(c for c in available_models("mistralai") if c.id == "mistral-small-latest")
    assert small.active_parameters_b.min == 8 and small.total_parameters_b.max == 119


def test_zones_are_named_for_every_full_mix_zone() -> None:
    zones = {z.code: z for z in available_zones()}
    assert available_zones()[0].code == "FRA"
    assert set(zones) == {m.zone for m in electricity_mixes.list_electricity_mixes()}
    for mix in electricity_mixes.list_electricity_mixes():
        if not mix.warnings:
            assert zones[mix.zone].fr != mix.zone, mix.zone
            assert zones[mix.zone].full_mix
    assert zones["DEU"].fr == "Allemagne" and zones["DEU"].en == "Germany"
    assert zones["EEE"].full_mix is False
    assert zone_label("WOR", "en") == "World (average)"
    assert zone_label("ZZZ") == "ZZZ"


def _locale(lang: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(ROOT / "ui" / "locales" / f"footprint.{lang}.yaml").read_text(encoding="utf-8"))
    return data


def _keys(data: object, prefix: str = "") -> set[str]:
    if not isinstance(data, dict):
        return {prefix}
    return {key for name, value in data.items() for key in _keys(value, f"{prefix}.{name}")}


def test_french_and_english_texts_have_the_same_keys_and_cover_every_code() -> None:
    fr, en = _locale("fr"), _locale("en")
    assert _keys(fr) == _keys(en)
    for texts in (fr, en):
        assert set(texts["warnings"]) == set(WARNING_CODES)
        assert set(texts["uncovered_phases"]) == set(UNCOVERED_PHASE_CODES)
        assert set(texts["methods"]) == set(method_codes())
        assert set(texts["criteria"]) == set(CRITERIA)
        assert set(texts["equivalences"]) == {factor.code for factor in equivalence_factors()}
        assert all(isinstance(value, str) and value for value in texts["warnings"].values())
