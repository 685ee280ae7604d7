"""Comparing frozen evaluation records with recomputed ones: figures compared, texts and portfolio rank not."""

from __future__ import annotations

import copy
from typing import Any

from evaluation.services.reproduce import compare_records


def _record(option: str = "API", npv: float = 1000.0) -> dict[str, Any]:
    return {"proposal": "p", "option": option, "kind": "genai_api", "evaluated_on": "2026-12-03",
            "footprint": {"annual": {"gwp_kgco2eq": {"min": 1.5, "max": 2.5}}, "warnings": ["a"]},
            "finance": {"npv": npv, "irr": None},
            "matrix": {"value": 2.0, "cost": 1.0, "quadrant": "a_prioriser", "rank": 3},
            "checklist": [{"id": "RG-9.7", "status": "warn", "blocking": False, "message": "Texte", "source": "RGESN"}],
            "verdict": "a_corriger"}


def test_identical_records_have_no_difference_and_count_their_figures() -> None:
    compared, differences = compare_records([_record()], [_record()])
    assert differences == [] and compared == 15  # rank, messages and sources left out


def test_a_changed_figure_is_named_with_both_values() -> None:
    _, differences = compare_records([_record()], [_record(npv=1001.0)])
    assert [(d.option, d.field, d.frozen, d.recomputed) for d in differences] == [("API", "finance.npv", 1000.0, 1001.0)]


def test_a_changed_checklist_status_is_named_by_rule() -> None:
    after = _record()
    after["checklist"][0]["status"] = "fail"
    _, differences = compare_records([_record()], [after])
    assert [(d.field, d.frozen, d.recomputed) for d in differences] == [("checklist.RG-9.7.status", "warn", "fail")]


def test_texts_rank_and_last_bit_noise_are_not_differences() -> None:
    after = copy.deepcopy(_record())
    after["checklist"][0]["message"] = "Text in English"
    after["checklist"][0]["source"] = "another wording"
    after["matrix"]["rank"] = 12  # the place among other proposals, not a figure of this one
    after["finance"]["npv"] = 1000.0 * (1 + 1e-15)
    assert compare_records([_record()], [after])[1] == []


def test_an_option_missing_or_added_is_a_difference() -> None:
    _, differences = compare_records([_record("A"), _record("B")], [_record("A"), _record("C")])
    assert [(d.option, d.field) for d in differences] == [("B", "option"), ("C", "option")]
