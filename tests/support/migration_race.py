"""A process that opens the repository (migrating the database if needed) at the same moment as others,
then saves a proposal: run by tests as separate interpreters (`python -m tests.support.migration_race URL
INDEX GATE`), as several dashboard servers starting on one database.

Once its imports are done it writes `GATE.ready-INDEX`, waits for the file GATE (the test writes it when
every process is ready), opens the repository and saves `depart-<INDEX>`; it prints one JSON line
[index, revision seen, pid], or exits 1 with the error on stderr."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from evaluation.storage import open_repository
from evaluation.storage.migrate import current_revision
from tests.support.proposals import small_proposal

GATE_TIMEOUT_S = 540


def start_and_save(url: str, index: int, gate: Path) -> tuple[int, str, int]:
    Path(f"{gate}.ready-{index}").touch()
    deadline = time.monotonic() + GATE_TIMEOUT_S
    while not gate.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the start gate {gate} was not opened")
        time.sleep(0.005)
    repo = open_repository(url)
    try:
        repo.save_proposal(small_proposal(f"depart-{index}"), actor="a", expected_version=None)
        return index, current_revision(repo.engine) or "", os.getpid()
    finally:
        repo.close()


if __name__ == "__main__":
    url, index, gate = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    print(json.dumps(start_and_save(url, index, gate)), flush=True)
