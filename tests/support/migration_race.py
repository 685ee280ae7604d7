"""A process that opens the repository (migrating the database if needed) at the same moment as others,
then saves a proposal: run by tests in spawned processes (each its own interpreter, engine and connections,
as several dashboard servers starting on one database)."""

from __future__ import annotations

import os
from typing import Any

from evaluation.storage import open_repository
from evaluation.storage.migrate import current_revision
from tests.support.proposals import small_proposal


def start_and_save(url: str, index: int, barrier: Any, results: Any) -> None:
    """Wait for every process at `barrier`, open the repository, save `depart-<index>`; put
    (index, revision seen, pid) on `results`, or (index, error text, pid) on failure."""
    try:
        barrier.wait(timeout=540)
        repo = open_repository(url)
        try:
            repo.save_proposal(small_proposal(f"depart-{index}"), actor="a", expected_version=None)
            results.put((index, current_revision(repo.engine), os.getpid()))
        finally:
            repo.close()
    except Exception as exc:  # reported to the test, which fails with it
        results.put((index, f"{type(exc).__name__}: {exc}", os.getpid()))
