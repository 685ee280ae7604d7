"""Matrix files: the default one loads, and every malformed file is refused with its line, in French."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from evaluation.exchange.errors import InvalidFileError
from evaluation.matrix import Axis, load_matrix, matrix_yaml, parse_matrix
from evaluation.matrix import reference as loading_module
from tests.support.matrices import matrix_header

VALID = matrix_header("test", 3, "Test", "Test") + """\
  - id: rentabilite
    axis: value
    weight: 2
    label: {fr: Rentabilité, en: Profitability}
    input: npv_over_tco
    direction: ascending
    thresholds: [-0.5, 0, 0.5, 1]
  - id: cout
    axis: cost
    weight: 1
    label: {fr: Coût, en: Cost}
    input: tco_eur
    direction: ascending
    thresholds: [1000, 2000, 3000, 4000]
"""


def _refused(text: str) -> InvalidFileError:
    with pytest.raises(InvalidFileError) as caught:
        parse_matrix(text, "matrices/essai.yaml")
    return caught.value


def _variant(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def test_a_valid_file_loads_with_its_name_and_version() -> None:
    matrix = parse_matrix(VALID, "matrices/test.yaml")
    assert matrix.key == "test@3"
    assert [criterion.id for criterion in matrix.criteria] == ["rentabilite", "cout"]
    assert matrix.criteria[0].axis is Axis.VALUE


def test_the_default_matrix_loads_by_name() -> None:
    matrix = load_matrix("default")
    assert matrix.key == "default@1"
    assert {criterion.axis for criterion in matrix.criteria} == set(Axis)
    assert {"rentabilite", "necessite", "empreinte_environnementale", "risques_conformite",
            "dependance_souverainete"} <= {criterion.id for criterion in matrix.criteria}


def test_a_matrix_loads_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "autre.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert load_matrix(path).key == "test@3"
    assert load_matrix(str(path)).key == "test@3"


def test_a_collectivite_matrix_beside_the_default_is_found_by_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JAUGE_MATRICES_DIR", str(tmp_path))
    (tmp_path / "test.yaml").write_text(VALID, encoding="utf-8")
    assert load_matrix("test").key == "test@3"
    assert loading_module.available_matrices() == ["default", "rules", "test"]


def test_a_file_whose_name_differs_from_its_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAUGE_MATRICES_DIR", str(tmp_path))
    (tmp_path / "ville.yaml").write_text(VALID, encoding="utf-8")
    with pytest.raises(InvalidFileError) as caught:
        load_matrix("ville")
    assert caught.value.errors[0].line == 1
    assert "ne correspond pas au fichier" in str(caught.value)


def test_a_missing_matrix_is_named_with_the_available_ones() -> None:
    with pytest.raises(InvalidFileError, match="matrice introuvable.*default"):
        load_matrix("inexistante")


def test_missing_key_points_at_its_criterion() -> None:
    error = _refused(_variant("    weight: 2\n", "")).errors[0]
    assert (error.line, error.message) == (13, "champ obligatoire manquant")
    assert error.field == "criteria.rentabilite.weight"
    assert "matrices/essai.yaml, ligne 13" in error.describe()


def test_unknown_input_name_is_refused_on_its_line() -> None:
    error = _refused(_variant("input: npv_over_tco", "input: van_sur_tco")).errors[0]
    assert error.line == 17
    assert "entrée « van_sur_tco » inconnue" in error.message
    assert "npv_over_tco" in error.message  # the possible names are listed


def test_bad_axis_is_refused_on_its_line() -> None:
    error = _refused(_variant("axis: value", "axis: valeur")).errors[0]
    assert error.line == 14
    assert "valeur « valeur » non reconnue" in error.message
    assert "'value' ou 'cost'" in error.message


@pytest.mark.parametrize("weight", ["0", "-1"])
def test_weights_must_be_positive(weight: str) -> None:
    error = _refused(_variant("weight: 2", f"weight: {weight}")).errors[0]
    assert error.line == 15
    assert error.message.startswith("doit être strictement supérieur à 0")


def test_component_weights_must_be_positive_too() -> None:
    text = _variant("""    input: tco_eur
    direction: ascending
    thresholds: [1000, 2000, 3000, 4000]
""", """    components:
      - {input: tco_eur, weight: 0, direction: ascending, thresholds: [1, 2, 3, 4]}
""")
    error = _refused(text).errors[0]
    assert error.line == 25
    assert "strictement supérieur à 0" in error.message


def test_ascending_thresholds_must_increase() -> None:
    error = _refused(_variant("thresholds: [-0.5, 0, 0.5, 1]", "thresholds: [0, -0.5, 0.5, 1]")).errors[0]
    assert error.line == 19
    assert "strictement croissants" in error.message


def test_descending_thresholds_must_decrease() -> None:
    text = _variant("    direction: ascending\n    thresholds: [-0.5, 0, 0.5, 1]",
                    "    direction: descending\n    thresholds: [-0.5, 0, 0.5, 1]")
    error = _refused(text).errors[0]
    assert error.line == 19
    assert "strictement décroissants" in error.message


def test_four_thresholds_are_needed() -> None:
    error = _refused(_variant("thresholds: [-0.5, 0, 0.5, 1]", "thresholds: [0, 0.5, 1]")).errors[0]
    assert error.line == 19
    assert "au moins 4" in error.message


def test_a_numeric_input_needs_thresholds() -> None:
    text = _variant("    direction: ascending\n    thresholds: [-0.5, 0, 0.5, 1]\n", "")
    error = _refused(text).errors[0]
    assert error.line == 13
    assert "« thresholds » (4 seuils) sont obligatoires" in error.message


def test_a_category_input_needs_a_map_of_known_categories() -> None:
    text = _variant("""    input: tco_eur
    direction: ascending
    thresholds: [1000, 2000, 3000, 4000]
""", """    input: hosting_region
    map: {eu_eea: 0, mars: 4}
""")
    error = _refused(text).errors[0]
    assert error.line == 25
    assert "catégorie(s) inconnue(s)" in error.message and "mars" in error.message


def test_map_scores_stay_between_0_and_4() -> None:
    text = _variant("""    input: tco_eur
    direction: ascending
    thresholds: [1000, 2000, 3000, 4000]
""", """    input: hosting_region
    map: {eu_eea: 5}
""")
    error = _refused(text).errors[0]
    assert error.line == 25
    assert "inférieur ou égal à 4" in error.message


def test_yaml_syntax_error_gives_the_line() -> None:
    error = _refused(_variant("    weight: 2\n", "    weight: 2: 3\n")).errors[0]
    assert error.line == 15
    assert error.message.startswith("syntaxe YAML invalide")


def test_duplicate_criterion_ids_point_at_the_second() -> None:
    error = _refused(_variant("  - id: cout", "  - id: rentabilite")).errors[0]
    assert error.line == 20
    assert error.message == "le critère « rentabilite » apparaît deux fois"


def test_each_axis_needs_a_criterion() -> None:
    error = _refused(_variant("axis: cost", "axis: value")).errors[0]
    assert "aucun critère sur l'axe « cost »" in error.message


def test_reserved_ids_are_refused() -> None:
    error = _refused(_variant("  - id: cout", "  - id: value")).errors[0]
    assert error.line == 20
    assert "réservé" in error.message


def test_unknown_keys_are_refused() -> None:
    errors = _refused(_variant("    weight: 2\n", "    wieght: 2\n")).errors
    messages = {(error.line, error.message) for error in errors}
    assert (15, "champ inconnu (vérifiez son orthographe dans le format d'échange)") in messages


def test_every_error_of_a_file_is_listed() -> None:
    text = _variant("axis: value", "axis: valeur").replace("input: tco_eur", "input: cout_total")
    lines = sorted(error.line for error in _refused(text).errors if error.line is not None)
    assert lines == [14, 24]


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    error = _refused("- a\n- b\n").errors[0]
    assert error.line == 1
    assert "le fichier doit décrire une matrice" in error.message


def test_a_matrix_survives_a_round_trip_through_yaml() -> None:
    matrix = load_matrix("default")
    assert parse_matrix(matrix_yaml(matrix), "copie.yaml") == matrix


def test_weights_can_be_changed_into_a_new_validated_version() -> None:
    matrix = load_matrix("default")
    changed = matrix.with_weights({"rentabilite": 5}, version="2")
    assert changed.key == "default@2"
    assert changed.criteria[0].weight == 5
    assert changed.criteria[1:] == matrix.criteria[1:]
    with pytest.raises(ValidationError):
        matrix.with_weights({"rentabilite": 0})
    with pytest.raises(ValueError, match="inconnu"):
        matrix.with_weights({"inconnu": 1})
