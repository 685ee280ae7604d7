"""docs/architecture.md stays true: its page list is ui/pages.py's, the paths it names exist, every package is drawn."""

from __future__ import annotations

import re
from pathlib import Path

from ui.pages import PAGES, SIGN_IN

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = DOC.index(f"## {title}\n")
    end = DOC.find("\n## ", start + 1)
    return DOC[start:] if end < 0 else DOC[start:end]


def test_the_page_list_is_the_page_specs() -> None:
    rows = [line.split("|")[1:-1] for line in _section("Pages").splitlines() if line.startswith("| ")][1:]
    documented = {cells[1].strip().strip("`"): (cells[2].strip().strip("`"), cells[3].strip()) for cells in rows}
    declared = {spec.slug: (f"ui/views/{spec.file}", ", ".join(action.value for action in spec.opened_by))
                for spec in PAGES}
    assert {slug: file for slug, (file, _) in documented.items() if slug != SIGN_IN.slug} == {
        slug: file for slug, (file, _) in declared.items()}
    public = {spec.slug for spec in PAGES if spec.before_sign_in}
    assert {slug: actions for slug, (_, actions) in documented.items() if slug != SIGN_IN.slug and slug not in public
            } == {slug: actions for slug, (_, actions) in declared.items() if slug not in public}
    assert all("before sign-in" in documented[slug][1] for slug in public)
    assert documented[SIGN_IN.slug][0] == f"ui/views/{SIGN_IN.file}"


def test_every_path_it_names_exists() -> None:
    paths = {match for match in re.findall(r"`([\w./-]+)`", DOC)
             if "/" in match and "*" not in match and not match.startswith(("http", "python"))}
    missing = sorted(path for path in paths if not (ROOT / path).exists())
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_every_package_of_the_engine_is_drawn_in_the_layers() -> None:
    layers = _section("Layers")
    packages = sorted(path.parent.relative_to(ROOT).as_posix() + "/"
                      for path in (ROOT / "evaluation").glob("*/__init__.py"))
    assert packages and all(package in layers for package in packages), packages
