"""Builders for the checklist tests: proposals as pydantic models, frames with synthetic columns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from evaluation.checklist import RuleSet
from evaluation.checklist.rules import Options
from evaluation.checklist.step import evaluate_rule
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.table.build import options_frame

#: The evaluation date of the tests: the law in force that day applies (data/ai_act_dates.yaml).
EVALUATION_DAY = dt.date(2026, 12, 3)

OPTIONS: dict[str, dict[str, Any]] = {
    "non_ai": {"name": "Sans IA", "kind": "non_ai"},
    "genai_api": {"name": "API", "kind": "genai_api", "provider": "mistralai",
                  "model": "mistral-small-latest", "zone": "FRA"},
    "genai_self_hosted": {"name": "Auto-hébergé", "kind": "genai_self_hosted",
                          "model": "mistralai/Mistral-7B-Instruct-v0.3", "zone": "FRA"},
    "ml": {"name": "Apprentissage", "kind": "ml", "zone": "FRA"},
    "vision": {"name": "Vision", "kind": "vision", "zone": "FRA"},
    "rules": {"name": "Règles", "kind": "rules"},
}


def option(kind: str, **changes: Any) -> dict[str, Any]:
    """An option of a kind (see OPTIONS), with fields changed or added."""
    return {**OPTIONS[kind], **changes}


def proposal(*options: dict[str, Any], pid: str = "dossier", governance: dict[str, Any] | None = None,
             horizon: int | None = None) -> Proposal:
    data: dict[str, Any] = {"id": pid, "title": f"Dossier {pid}", "governance": governance or {},
                            "options": list(options) or [option("genai_api")]}
    if horizon is not None:
        data["horizon_years"] = horizon
    return Proposal.model_validate(data)


def with_settings(settings: Settings, *, profile: dict[str, Any] | None = None, **top: Any) -> Settings:
    """A copy of settings with some values changed (profile merged field by field)."""
    update: dict[str, Any] = dict(top)
    if profile:
        update["profile"] = settings.profile.model_copy(update=profile)
    return settings.model_copy(update=update)


def frame_of(*proposals: Proposal, settings: Settings, columns: dict[str, Any] | None = None) -> pd.DataFrame:
    """The options table of proposals, with synthetic fp./fin. columns added (one value or one per option)."""
    frame = options_frame(list(proposals), settings)
    for name, values in (columns or {}).items():
        per_option = values if isinstance(values, list) else [values] * len(frame)
        if all(isinstance(value, (bool, int, float)) for value in per_option):
            frame[name] = per_option
        else:
            cells = np.empty(len(frame), dtype=object)
            for position, value in enumerate(per_option):
                cells[position] = value
            frame[name] = pd.Series(cells, index=frame.index, dtype=object)
    return frame


def outcome_codes(rule_id: str, frame: pd.DataFrame, settings: Settings, rules: RuleSet) -> list[str]:
    """The outcome code of a rule for every option of the frame."""
    return [str(code) for code in evaluate_rule(rules.rule(rule_id), Options(frame, settings, on=EVALUATION_DAY)).codes]
