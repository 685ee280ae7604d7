"""tests/support/postgres_server.py, the script CI uses to start and stop a throwaway server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

SCRIPT = Path(__file__).resolve().parents[2] / "support" / "postgres_server.py"


def _run(action: str, state: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JAUGE_PG_STATE_FILE": str(state)}
    return subprocess.run([sys.executable, str(SCRIPT), action], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def test_script_starts_a_server_that_accepts_connections_then_stops_it(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    started = _run("start", state)
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip()
    try:
        assert url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
        assert state.exists()
        with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=10) as connection:
            assert connection.execute("SELECT 1 + 1").fetchone() == (2,)
        assert _run("start", state).stdout.strip() == url  # already running: same URL
    finally:
        stopped = _run("stop", state)
    assert stopped.returncode == 0, stopped.stderr
    assert not state.exists()
    assert _run("url", state).returncode == 1
