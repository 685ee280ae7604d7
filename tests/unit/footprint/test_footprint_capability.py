"""A frugal alternative says what it gives up: its size against the option's and compar:IA's public score
(data/model_quality.yaml) where one exists for that exact model."""

from __future__ import annotations

import pytest
from footprint_helpers import settings

from evaluation.domain.option import Option
from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.alternatives import frugal_alternatives
from evaluation.footprint.capability import capability_gap, model_score
from evaluation.footprint.ranges import Range
from evaluation.footprint.reference import model_quality


def test_every_scored_model_is_one_ecologits_knows_with_its_source() -> None:
    known = {(model.provider.value, model.name) for model in bridge.list_models()}
    quality = model_quality()
    assert quality.link == "https://comparia.beta.gouv.fr/ranking"
    assert quality.checked.isoformat() == "2026-12-03"
    for item in quality.models:
        assert (item.provider, item.model) in known, item
        assert item.low <= item.score <= item.high


def test_compar_ia_scores_as_published() -> None:
    # betagouv/ComparIA utils/models/generated-models.json (12 November 2025): data.elo and its 95% bounds
    gpt_5 = model_score("openai", "gpt-5")
    mini = model_score("openai", "gpt-4o-mini")
    assert gpt_5 is not None and (gpt_5.score, gpt_5.low, gpt_5.high) == (1016, 1003, 1028)
    assert mini is not None and (mini.comparia, mini.score) == ("gpt-4o-mini-2024-07-18", 987)
    assert model_score("mistralai", "mistral-small-latest") is None  # a moving alias gets no score


def test_the_gap_gives_the_size_ratio_and_flags_a_much_smaller_model() -> None:
    gap = capability_gap(("openai", "gpt-5", Range(min=100.0, max=140.0)),
                         ("huggingface_hub", "google/gemma-2-2b-it", Range(min=2.61, max=2.61)))
    assert gap.size_ratio == pytest.approx(2.61 / 120)
    assert gap.much_smaller  # at most a quarter of the option's active parameters
    assert gap.option_score is not None and gap.option_score.score == 1016
    assert gap.score is None  # compar:IA has no score for it: said, not invented
    close = capability_gap(("openai", "gpt-5", Range(min=100.0, max=140.0)),
                           ("openai", "gpt-4o-mini", Range(min=36.0, max=36.0)))
    assert not close.much_smaller
    assert close.score is not None and close.score.score == 987


def test_model_alternatives_carry_their_gap_and_zones_none() -> None:
    option = Option.model_validate({
        "name": "x", "kind": "genai_api", "provider": "openai", "model": "gpt-5", "zone": "USA",
        "usage": {"users": 50, "requests_per_user_per_day": 5, "output_tokens_per_request": 300}})
    found = frugal_alternatives(option, settings())
    models = [item for item in found if item.kind == "model"]
    zones = [item for item in found if item.kind == "zone"]
    assert models and zones
    assert all(item.capability is not None and item.capability.size_ratio is not None for item in models)
    assert all(item.capability is None for item in zones)
    two_b = [item for item in models if item.model == "google/gemma-2-2b-it"]
    assert two_b and two_b[0].capability is not None and two_b[0].capability.much_smaller
