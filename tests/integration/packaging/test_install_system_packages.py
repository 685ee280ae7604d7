"""scripts/install-system-packages.sh (`make system-packages`): installs nothing when every package is
there; when one is missing and cannot be installed, says which and why, and exits non-zero (instead of
failing inside apt). apt-get is replaced by a stand-in on PATH that records its calls and fails as an
offline machine does: these tests never install anything."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluation.resources import ROOT

SCRIPT = ROOT / "scripts" / "install-system-packages.sh"
BASH = shutil.which("bash") or "/bin/bash"


@pytest.fixture
def offline_apt() -> Iterator[Path]:
    """A directory holding an `apt-get` that writes its arguments to calls.txt beside it and fails (offline);
    readable by every user (pytest's tmp_path is not)."""
    with tempfile.TemporaryDirectory(prefix="jauge-apt-") as directory:
        Path(directory).chmod(0o755)
        yield _apt_in(Path(directory))


def _apt_in(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    apt = bin_dir / "apt-get"
    apt.write_text(f'#!{BASH}\necho "$*" >> {tmp_path / "calls.txt"}\n'
                   'echo "E: Impossible de résoudre deb.debian.org" >&2\nexit 100\n')
    apt.chmod(0o755)
    return bin_dir


def _run(path: str, *, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, "env", "-i", f"PATH={path}", BASH, str(SCRIPT)], capture_output=True,
                          text=True, timeout=60, check=False)


def test_nothing_is_installed_when_every_package_is_there(offline_apt: Path) -> None:
    result = _run(f"{offline_apt}:{os.environ['PATH']}")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not (offline_apt.parent / "calls.txt").exists()  # apt-get never called


def test_no_chromium_driver_is_asked_for() -> None:
    assert "chromium-driver" not in SCRIPT.read_text(encoding="utf-8")


def test_a_missing_package_that_cannot_be_installed_is_named_with_a_non_zero_exit(offline_apt: Path) -> None:
    # Only the stand-in apt-get on PATH: chromium and pdftotext are not found.
    result = _run(str(offline_apt))
    assert result.returncode == 1
    assert "Paquets Debian manquants pour les tests : chromium poppler-utils" in result.stderr
    assert "apt-get update a échoué (hors ligne ?) : E: Impossible de résoudre deb.debian.org" in result.stderr
    assert "apt-get install chromium poppler-utils" in result.stderr
    assert (offline_apt.parent / "calls.txt").read_text().split("\n")[0] == "update -qq"


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("runuser") is None, reason="needs root to become nobody")
def test_without_root_nor_sudo_it_says_so_and_calls_no_apt(offline_apt: Path) -> None:
    result = _run(str(offline_apt), prefix=("runuser", "-u", "nobody", "--"))
    assert result.returncode == 1
    assert "il faut être root (ou avoir sudo sans mot de passe)" in result.stderr
    assert not (offline_apt.parent / "calls.txt").exists()
