"""Fixtures of the checklist tests: default settings and rules, and a function evaluating proposals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from checklist_helpers import EVALUATION_DAY, frame_of

from evaluation.checklist import RuleSet, add_checklist, load_rules
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.settings_file import load_settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules()


@pytest.fixture
def checklist(settings: Settings, rules: RuleSet) -> Callable[..., pd.DataFrame]:
    """Evaluate proposals: checklist(*proposals, columns=..., settings_=..., rules_=..., lang=...)."""

    def run(*proposals: Proposal, columns: dict[str, Any] | None = None, settings_: Settings | None = None,
            rules_: RuleSet | None = None, lang: str = "fr") -> pd.DataFrame:
        used = settings_ or settings
        return add_checklist(frame_of(*proposals, settings=used, columns=columns), rules_ or rules, used, lang=lang, on=EVALUATION_DAY)

    return run
