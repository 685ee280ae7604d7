"""Issue 19, items 1, 2 and 5, at the command line: `python -m evaluation validate` on the 200 KB file of
nested brackets exited 139 (SIGSEGV), on the 492-byte alias bomb used 5 to 7.5 GB, and on an integer of
100,000 digits printed a traceback. Each now exits 2 with a French, located message, in little memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from evaluation.resources import ROOT
from tests.unit.core.test_file_attacks import NESTED, alias_bomb

FILES = {
    "nested.yaml": (NESTED, "imbrication trop profonde"),
    "nested.json": (NESTED, "imbrication trop profonde"),
    "bomb.yaml": (alias_bomb(), "trop de références"),
    "digits.yaml": (b"proposals:\n- id: x\n  title: " + b"9" * 100_000 + b"\n", "nombre trop long"),
}
MEMORY_LIMIT = 1024 * 2**20  # the process is killed beyond this (the bomb took gigabytes)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize("name", sorted(FILES))
def test_validate_refuses_the_attack_files_with_exit_2_and_no_traceback(name: str, tmp_path: Path) -> None:
    data, message = FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run([sys.executable, "-m", "evaluation", "validate", str(path)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, preexec_fn=_limit_memory,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert f"Fichier refusé : 1 erreur, rien n'a été écrit.\n  - {name}, ligne " in done.stderr
    assert message in done.stderr


def test_an_unexpected_error_is_one_french_line_not_a_traceback(tmp_path: Path) -> None:
    """A database URL that no driver can open: the command says so in French and exits 1."""
    done = subprocess.run([sys.executable, "-m", "evaluation", "export", "--output", str(tmp_path / "x.json"),
                           "--base", "inconnu://nulle-part"], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Erreur inattendue (NoSuchModuleError) : ")
    assert "Rien n'a été écrit. Relancez avec JAUGE_DEBUG=1 pour le détail technique." in done.stderr
