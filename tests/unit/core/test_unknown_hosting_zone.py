"""A hosting zone EcoLogits has no electricity mix for is refused at import, with the file's other errors,
instead of being evaluated on some other mix."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.domain.zones import hosting_zones
from evaluation.exchange.errors import InvalidFileError
from evaluation.exchange.files import load_proposals

FILE = """proposals:
  - id: essai-zone
    title: Essai
    options:
      - name: Sans IA
        kind: non_ai
      - name: API
        kind: genai_api
        provider: mistralai
        model: mistral-small-latest
        zone: {zone}
        pue: {pue}
"""


def test_an_unknown_zone_is_refused_with_the_other_errors(tmp_path: Path) -> None:
    path = tmp_path / "dossiers.yaml"
    path.write_text(FILE.format(zone="XYZ", pue=9), encoding="utf-8")
    with pytest.raises(InvalidFileError) as refused:
        load_proposals(path)
    by_field = {error.field: error for error in refused.value.errors}
    assert set(by_field) == {"zone", "pue"}
    assert by_field["zone"].line == 11 and by_field["zone"].option == "API"
    assert by_field["zone"].message.startswith("zone d'hébergement « XYZ » inconnue")


@pytest.mark.parametrize("zone", ["FRA", "WOR", "EEE", "USA"])
def test_zones_with_a_mix_are_accepted(tmp_path: Path, zone: str) -> None:
    path = tmp_path / "dossiers.yaml"
    path.write_text(FILE.format(zone=zone, pue=1.2), encoding="utf-8")
    assert load_proposals(path)[0].options[1].zone == zone
    assert zone in hosting_zones()


def test_every_named_zone_has_a_mix() -> None:
    from evaluation.footprint.reference import zone_names

    assert set(zone_names()) <= hosting_zones()
