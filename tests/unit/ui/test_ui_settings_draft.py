"""The settings draft: located French messages, weights kept only where they differ from the file."""

from __future__ import annotations

from typing import Any

import pytest

from evaluation.domain.settings import Settings
from ui.views.settings.draft import SettingsDraft, matrix_file_weights, matrix_names


def test_only_matrix_files_are_offered() -> None:
    names = matrix_names()
    assert "default" in names and "rules" not in names


def test_weights_equal_to_the_files_are_not_stored(settings: Settings) -> None:
    draft = SettingsDraft.from_settings(settings, version=None)
    file_weights = matrix_file_weights("default")
    first, second = list(file_weights)[:2]
    draft.set(f"matrix_weights.{first}", file_weights[first])
    draft.set(f"matrix_weights.{second}", file_weights[second] + 2)
    assert draft.document()["matrix_weights"] == {second: file_weights[second] + 2}
    assert draft.weights()[second] == file_weights[second] + 2
    assert draft.weights()[first] == file_weights[first]
    validated, problems = draft.validate()
    assert problems == [] and validated is not None
    assert validated.matrix_weights == {second: file_weights[second] + 2}
    assert draft.dirty


def test_a_zero_weight_and_a_zero_hourly_cost_are_refused_in_french(settings: Settings) -> None:
    draft = SettingsDraft.from_settings(settings, version=4)
    criterion = next(iter(matrix_file_weights("default")))
    draft.set(f"matrix_weights.{criterion}", 0.0)
    draft.set("hourly_costs.B", 0.0)
    validated, problems = draft.validate()
    assert validated is None
    assert {(problem.path, problem.section) for problem in problems} == {
        (f"matrix_weights.{criterion}", "matrix"), ("hourly_costs.B", "reference")}
    assert all(problem.message.startswith("doit être strictement supérieur à 0") for problem in problems)


def test_objectives_typed_one_per_line_become_a_list(settings: Settings) -> None:
    draft = SettingsDraft.from_settings(settings, version=None)
    draft.set("profile.snr_objectives", "Allonger la durée de vie\n\n  Sobriété des services  \n")
    validated, _ = draft.validate()
    assert validated is not None
    assert validated.profile.snr_objectives == ["Allonger la durée de vie", "Sobriété des services"]


def test_the_settings_are_validated_once_per_change(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.views.settings.draft as module

    calls: list[int] = []
    from evaluation.exchange.settings_file import settings_from_data as real

    def counting(*args: Any, **kwargs: Any) -> Settings:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "settings_from_data", counting)
    draft = SettingsDraft.from_settings(settings, version=None)
    first = draft.validate()
    assert draft.validate() == first and len(calls) == 1
    draft.set("profile.population", 90000)
    validated, problems = draft.validate()
    assert len(calls) == 2 and problems == [] and validated is not None
    assert validated.profile.population == 90000
    draft.set("profile.population", -1)
    assert draft.validate()[0] is None and len(calls) == 3
