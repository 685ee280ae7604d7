"""A repository on a SQLite file of the test's own, for the ui tests that read or write the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluation.storage import Repository, open_repository


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    repository = open_repository(f"sqlite:///{tmp_path / 'jauge.sqlite3'}")
    try:
        yield repository
    finally:
        repository.close()
