"""`python -m evaluation evaluate` as a process: the compact records are written by templates (each exactly
the text orjson writes for its value), and the process, which ends without freeing its objects once its
output is flushed, writes all of it, with the same exit codes and messages as main()."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
import yaml

from tests.conftest import SAMPLE_PORTFOLIO

ROOT = Path(__file__).resolve().parents[3]


def _python_m_evaluation(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "evaluation", *args], input=stdin, capture_output=True,  # noqa: S603
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False, timeout=300)


@pytest.fixture(scope="module")
def compact() -> bytes:
    done = _python_m_evaluation("evaluate", str(SAMPLE_PORTFOLIO), "--date", "2026-12-03")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    return done.stdout


def test_the_whole_output_is_written_before_the_process_ends(compact: bytes) -> None:
    assert compact.startswith(b"[\n") and compact.endswith(b"\n]\n")
    records = orjson.loads(compact)
    document = yaml.safe_load(SAMPLE_PORTFOLIO.read_text(encoding="utf-8"))
    assert len(records) == sum(len(proposal["options"]) for proposal in document["proposals"])


def test_each_compact_record_is_the_text_orjson_writes_for_it(compact: bytes) -> None:
    lines = compact.split(b"\n")[1:-2]
    assert lines
    for line in lines:
        text = line.removesuffix(b",")
        assert orjson.dumps(orjson.loads(text)) == text


def test_a_refused_file_still_says_why_and_exits_with_2(tmp_path: Path) -> None:
    path = tmp_path / "dossiers.json"
    path.write_text('{"proposals": [{"id": "a", "id": "b"}]}', encoding="utf-8")
    done = _python_m_evaluation("evaluate", str(path))
    assert done.returncode == 2
    assert done.stdout == b""
    assert "Fichier refusé" in done.stderr.decode() and "en double" in done.stderr.decode()


def test_validate_ends_with_its_message() -> None:
    done = _python_m_evaluation("validate", str(SAMPLE_PORTFOLIO))
    assert done.returncode == 0
    assert done.stdout.decode().startswith("Fichier valide :")
