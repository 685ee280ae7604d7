"""Properties: more tokens, users or days never lower an impact; min <= max everywhere."""

from __future__ import annotations

import numpy as np
from footprint_helpers import CRITERIA, frame_of, settings, usage
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from evaluation.footprint import add_footprint

MODELS = [("genai_api", "mistralai", "mistral-small-latest"), ("genai_api", "openai", "gpt-4o"),
          ("genai_api", "anthropic", "claude-haiku-4-5"), ("genai_api", "google_genai", "gemini-2.5-flash-lite"),
          ("genai_self_hosted", "huggingface_hub", "mistralai/Mixtral-8x7B-Instruct-v0.1"),
          ("genai_self_hosted", "openai", "gpt-4o-mini")]
ZONES = ["FRA", "USA", "WOR", "EEE", "DEU", "BRA"]
FIGURES = [f"fp.{part}.{criterion}.{bound}" for part in ("annual", "annual_usage")
           for criterion in CRITERIA for bound in ("min", "max")]
FAST = hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def option(model: tuple[str, str, str], zone: str, users: int, per_day: float, days: int, tokens: float,
           name: str, compute_hours: float = 0.0) -> dict[str, object]:
    kind, provider, model_name = model
    result: dict[str, object] = {"name": name, "kind": kind, "provider": provider, "model": model_name, "zone": zone,
                                 "usage": usage(users=users, per_day=per_day, days=days, tokens=tokens)}
    if compute_hours:
        result["compute"] = {"gpu": "L4", "gpu_count": 1, "hours_per_year": compute_hours}
    return result


def assert_not_lower(frame: object, columns: list[str]) -> None:
    low, high = frame.iloc[0], frame.iloc[1]  # type: ignore[attr-defined]
    for column in columns:
        assert high[column] >= low[column] * (1 - 1e-12), column


@FAST
@given(model=st.sampled_from(MODELS), zone=st.sampled_from(ZONES),
       tokens=st.floats(0, 20_000), more=st.floats(0, 20_000),
       users=st.integers(1, 5_000), per_day=st.floats(0.1, 100), days=st.integers(1, 366))
def test_more_output_tokens_never_lower_an_impact(model: tuple[str, str, str], zone: str, tokens: float, more: float,
                                                  users: int, per_day: float, days: int) -> None:
    frame = add_footprint(frame_of([option(model, zone, users, per_day, days, tokens, "a"),
                                    option(model, zone, users, per_day, days, tokens + more, "b")]), settings())
    per_request = [f"fp.per_request.{c}.{b}" for c in CRITERIA for b in ("min", "max")]
    assert_not_lower(frame, FIGURES + per_request)


@FAST
@given(model=st.sampled_from(MODELS), zone=st.sampled_from(ZONES), users=st.integers(0, 5_000),
       more_users=st.integers(0, 5_000), days=st.integers(0, 300), more_days=st.integers(0, 66),
       compute_hours=st.sampled_from([0.0, 500.0]))
def test_more_users_or_days_never_lower_an_annual_impact(model: tuple[str, str, str], zone: str, users: int,
                                                         more_users: int, days: int, more_days: int,
                                                         compute_hours: float) -> None:
    frame = add_footprint(frame_of([
        option(model, zone, users, 10, days, 500, "a", compute_hours),
        option(model, zone, users + more_users, 10, days + more_days, 500, "b", compute_hours),
    ]), settings())
    assert_not_lower(frame, FIGURES)


@FAST
@given(model=st.sampled_from(MODELS), zone=st.sampled_from(ZONES), users=st.integers(0, 10_000),
       tokens=st.floats(0, 50_000), compute_hours=st.sampled_from([0.0, 10.0, 8760.0]))
def test_min_never_exceeds_max_and_parts_add_up(model: tuple[str, str, str], zone: str, users: int, tokens: float,
                                                compute_hours: float) -> None:
    frame = add_footprint(frame_of([option(model, zone, users, 20, 210, tokens, "a", compute_hours)]), settings())
    row = frame.iloc[0]
    for part in ("per_request", "annual", "annual_usage", "annual_embodied"):
        for criterion in CRITERIA:
            low, high = row[f"fp.{part}.{criterion}.min"], row[f"fp.{part}.{criterion}.max"]
            if not np.isnan(low):
                assert low <= high
    for criterion in CRITERIA:
        for bound in ("min", "max"):
            embodied = row[f"fp.annual_embodied.{criterion}.{bound}"]
            total = row[f"fp.annual_usage.{criterion}.{bound}"] + (0.0 if np.isnan(embodied) else embodied)
            assert np.isclose(row[f"fp.annual.{criterion}.{bound}"], total, rtol=1e-12, atol=0)
