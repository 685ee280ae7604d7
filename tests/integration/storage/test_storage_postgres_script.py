"""tests/support/postgres_server.py, the script CI uses to start and stop a throwaway server: a state
file per run, so that two runs on one host never stop each other's server, and a liveness check before
a server is reused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.support.postgres_server import STATE_VARIABLE, Server, is_alive

SCRIPT = Path(__file__).resolve().parents[2] / "support" / "postgres_server.py"


def _run(action: str, state: Path | None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != STATE_VARIABLE}
    command = [sys.executable, str(SCRIPT), action, *(["--state", str(state)] if state else [])]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def _query(url: str) -> object:
    with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=10) as connection:
        row = connection.execute("SELECT 1 + 1").fetchone()
    return row[0] if row else None


def _server(state: Path) -> Server:
    return Server(**json.loads(state.read_text()))


def test_script_starts_a_server_that_accepts_connections_then_stops_it(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    started = _run("start", state)
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip()
    try:
        assert url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
        assert _query(url) == 2
        assert is_alive(_server(state))
        assert _run("start", state).stdout.strip() == url  # alive: reused, same URL
    finally:
        stopped = _run("stop", state)
    assert stopped.returncode == 0, stopped.stderr
    assert not state.exists()
    assert _run("url", state).returncode == 1


def test_two_runs_with_their_own_state_files_do_not_stop_each_other(tmp_path: Path) -> None:
    first, second = tmp_path / "premier.json", tmp_path / "second.json"
    urls = [_run("start", state).stdout.strip() for state in (first, second)]
    try:
        assert urls[0] != urls[1]
        assert _run("stop", second).returncode == 0
        assert _query(urls[0]) == 2  # the first run's server still answers
        assert is_alive(_server(first))
    finally:
        _run("stop", first)
        _run("stop", second)
    assert not first.exists() and not second.exists()


def test_a_dead_server_is_not_reused_a_new_one_is_started(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    url = _run("start", state).stdout.strip()
    try:
        dead = _server(state)
        os.kill(dead.pid, signal.SIGKILL)  # the postmaster this test started
        _wait_dead(dead)
        assert _run("url", state).returncode == 1
        restarted = _run("start", state)
        assert restarted.returncode == 0, restarted.stderr
        assert "ne répond plus" in restarted.stderr
        new_url = restarted.stdout.strip()
        assert new_url != url and _query(new_url) == 2
        assert not Path(dead.base_dir).exists()
    finally:
        assert _run("stop", state).returncode == 0


def _wait_dead(server: Server) -> None:
    """Poll until the killed postmaster is gone (pg_ctl started it: it is not our child to wait for)."""
    deadline = time.monotonic() + 30
    while is_alive(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_alive(server)


@pytest.mark.parametrize("action", ["stop", "url"])
def test_stop_and_url_need_a_state_file_there_is_no_shared_default(action: str) -> None:
    result = _run(action, None)
    assert result.returncode == 2
    assert "--state" in result.stderr
