"""Fixtures shared by unit, integration, app and browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluation.config import get_config
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.files import load_proposals
from evaluation.exchange.settings_file import load_settings
from evaluation.resources import ROOT

FIXTURES = Path(__file__).parent / "fixtures"
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
