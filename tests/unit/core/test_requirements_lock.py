"""requirements.lock (`make lock`, installed by `make setup` with --require-hashes) pins every package of
requirements.txt at the same version, and every transitive dependency, each with its hashes."""

from __future__ import annotations

import re

from evaluation.resources import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(text: str) -> dict[str, str]:
    return {_name(match[1]): match[2] for line in text.splitlines() if (match := PIN.match(line.strip()))}


def _lock_entries() -> list[str]:
    """The lock's entries: each a `name==version` line with its continuation lines."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])


def test_every_requirement_is_locked_at_its_pinned_version() -> None:
    wanted = _pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    locked = _pins("\n".join(_lock_entries()))
    assert wanted, "requirements.txt pins nothing?"
    differing = {name: (version, locked.get(name)) for name, version in wanted.items() if locked.get(name) != version}
    assert differing == {}, f"requirements.lock is behind requirements.txt (pinned, locked): {differing}; run `make lock`"


def test_every_locked_package_has_a_version_and_hashes() -> None:
    entries = [entry for entry in _lock_entries() if entry.strip()]
    assert len(entries) > 50  # the transitive dependencies too, not the direct ones only
    for entry in entries:
        assert PIN.match(entry), entry.splitlines()[0]
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"no hash for {entry.splitlines()[0]}"


def test_make_setup_installs_the_lock_with_its_hashes_and_make_lock_makes_it() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements.lock" in makefile
    assert "uv pip compile requirements.txt --generate-hashes" in makefile
    assert (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()[1].strip() == "#    make lock"
