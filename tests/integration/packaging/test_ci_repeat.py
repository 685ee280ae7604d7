"""scripts/ci_repeat.py: fresh clones of this repository, a command run in each, several at once, and a table
of what each gave (the command here stands for CI's own, which takes an hour)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))

import ci_repeat  # noqa: E402


def test_every_run_is_a_fresh_clone_with_shared_beside_it_and_is_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "marker").write_text("ici", encoding="utf-8")
    command = ("test -f dashboard.py && test -z \"$(git status --porcelain)\" && cat ../shared/marker"
               " && echo \"CI=$CI\" && echo '3 passed, 1 warning in 0.50s'")
    code = ci_repeat.main(["--runs", "2", "--parallel", "2", "--shared", str(shared), "--work", str(tmp_path / "w"),
                           "--command", command, "--json", str(tmp_path / "runs.json")])
    out = capsys.readouterr().out
    assert code == 0, out
    runs = json.loads((tmp_path / "runs.json").read_text(encoding="utf-8"))
    assert [run["exit_code"] for run in runs] == [0, 0]
    assert {run["last_line"] for run in runs} == {"3 passed, 1 warning in 0.50s"}
    for number in (1, 2):
        log = (tmp_path / "w" / f"run-{number}" / "ci.log").read_text(encoding="utf-8")
        assert "ici" in log and "CI=true" in log
    assert "| 1 |" in out and "| 2 |" in out and "3 passed, 1 warning in 0.50s" in out


def test_a_failed_run_fails_the_whole_and_says_where_it_stopped(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    code = ci_repeat.main(["--runs", "1", "--shared", str(shared), "--work", str(tmp_path / "w"), "--json",
                           str(tmp_path / "runs.json"), "--command", "echo 'ruff: 2 errors found'; exit 2"])
    assert code == 1
    run = json.loads((tmp_path / "runs.json").read_text(encoding="utf-8"))[0]
    assert run["exit_code"] == 2 and run["last_line"] == "ruff: 2 errors found"


def test_pytests_summary_is_found_among_the_coverage_lines(tmp_path: Path) -> None:
    log = tmp_path / "ci.log"
    log.write_text("....F..\n===== 1 failed, 2091 passed, 1 warning in 3821.28s (1:03:41) =====\n"
                   "Required test coverage of 86% reached. Total coverage: 93.05%\n", encoding="utf-8")
    assert ci_repeat._last_pytest_line(log) == "1 failed, 2091 passed, 1 warning in 3821.28s (1:03:41)"
