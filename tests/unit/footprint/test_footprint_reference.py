"""Reference data files: validated into their models, a malformed one refused in French with its line."""

from __future__ import annotations

import pytest

from evaluation.exchange.errors import InvalidFileError
from evaluation.exchange.reference_files import parse_reference
from evaluation.footprint.model import Hardware, Zones
from evaluation.footprint.reference import equivalence_factors, hardware, method, providers, zone_names
from evaluation.resources import DATA_DIR

HARDWARE = (DATA_DIR / "hardware.yaml").read_text(encoding="utf-8")


def test_every_reference_file_is_read() -> None:
    assert hardware().gpus[0].key == "any"
    assert equivalence_factors()
    assert method().fallback_zone == "WOR"
    assert "openai" in providers().providers
    assert zone_names()["FRA"] == ("France", "France")


def _refused(text: str, model: type[Hardware] | type[Zones]) -> list[str]:
    with pytest.raises(InvalidFileError) as refused:
        parse_reference(text, model, "data/test.yaml")
    return [error.describe() for error in refused.value.errors]


def test_a_wrong_value_is_named_by_its_item_and_line() -> None:
    broken = HARDWARE.replace("tdp_w: 700", "tdp_w: beaucoup", 1)
    line = next(number for number, text in enumerate(broken.splitlines(), 1) if "beaucoup" in text)
    assert _refused(broken, Hardware) == [
        f"data/test.yaml, ligne {line}, champ « gpus.h100-sxm.tdp_w » : doit être un nombre"]


def test_an_unknown_field_and_a_missing_one_are_refused_in_french() -> None:
    errors = _refused("zones:\n  FRA: {fr: France, english: France}\n", Zones)
    assert errors == [
        "data/test.yaml, ligne 2, champ « zones.FRA.en » : champ obligatoire manquant",
        "data/test.yaml, ligne 2, champ « zones.FRA.english » : champ inconnu (vérifiez son orthographe dans le "
        "format d'échange)",
    ]


def test_the_any_gpu_is_required() -> None:
    broken = HARDWARE.replace("key: any,", "key: whatever,", 1)
    [error] = _refused(broken, Hardware)
    assert "champ « gpus »" in error and "« any »" in error


def test_a_yaml_syntax_error_gives_its_line() -> None:
    [error] = _refused("zones:\n  FRA: {fr: France\n", Zones)
    assert error.startswith("data/test.yaml, ligne ") and "syntaxe YAML invalide" in error
