"""Fixtures shared by unit, integration, app and browser tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from evaluation.config import get_config
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.files import load_proposals
from evaluation.exchange.settings_file import load_settings
from evaluation.resources import ROOT

# Hypothesis: in CI (CI set, as .ci/run runs) the same examples every run (derandomised: a red run is
# reproduced by running it again) and a deadline for a loaded machine (2 cores shared with other jobs);
# JAUGE_HYPOTHESIS_PROFILE chooses another ("dev": Hypothesis's defaults, random examples).
hypothesis_settings.register_profile(
    "ci", derandomize=True, database=None, deadline=timedelta(seconds=5), print_blob=True,
    suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.register_profile("dev")
hypothesis_settings.load_profile(os.environ.get("JAUGE_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

FIXTURES = Path(__file__).parent / "fixtures"
E2E = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Only browser tests may take pytest-playwright's browser. A fixture named like one of its own (`context`,
    `page`, `browser`...) gives any other test a "[chromium]" parameter, and pytest then runs every browser test
    next to it: in the middle of the unit tests, with Chromium left idle, yet busy, for the rest of the run."""
    strays = [item.nodeid for item in items if "[chromium" in item.nodeid and E2E not in Path(str(item.path)).parents]
    if strays:
        raise pytest.UsageError("tests outside tests/e2e parametrised by pytest-playwright (a fixture named like "
                                "one of its own?): " + ", ".join(strays))
SAMPLE_PORTFOLIO = ROOT / "data" / "samples" / "portfolio.yaml"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def format_example_path() -> Path:
    return FIXTURES / "format_example.yaml"


@pytest.fixture(scope="session")
def format_example(format_example_path: Path) -> list[Proposal]:
    return load_proposals(format_example_path)


@pytest.fixture(autouse=True)
def _configuration_read_afresh() -> Iterator[None]:
    """Each test reads JAUGE_* variables anew (a test may set them with monkeypatch)."""
    get_config.cache_clear()
    yield
    get_config.cache_clear()
