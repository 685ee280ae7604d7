"""Streamlit's own English stays out of the pages where it can: its multiselect's « Select all » bulk action is
turned off on every multiselect of the dashboard, and the guard fails if Streamlit's bundle stops drawing
that action the way this relies on (a threshold of 0 selectable options: never shown)."""

from __future__ import annotations

import ast
from pathlib import Path

import streamlit

from evaluation.resources import ROOT

UI = ROOT / "ui"


def _multiselect_calls() -> list[tuple[Path, ast.Call]]:
    calls = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "multiselect":
                calls.append((path, node))
    return calls


def test_every_multiselect_turns_off_select_all() -> None:
    calls = _multiselect_calls()
    assert len(calls) >= 7
    missing = [f"{path.relative_to(ROOT)}:{call.lineno}" for path, call in calls
               if not any(keyword.arg == "select_all" and isinstance(keyword.value, ast.Constant)
                          and keyword.value.value is False for keyword in call.keywords)]
    assert missing == []


def test_streamlit_still_hides_select_all_below_its_threshold() -> None:
    from streamlit.elements.widgets.multiselect import _encode_select_all

    assert _encode_select_all(False) == 0
    bundles = list((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("Multiselect.*.js"))
    assert len(bundles) == 1
    script = bundles[0].read_text(encoding="utf-8")
    # the bulk action is shown only when `n===-1||n>0&&e<=n` (n: the threshold sent, 0 for select_all=False)
    assert "label:`Select all`" in script and "n===-1||n>0&&e<=n" in script


def test_matrix_keys_are_read_as_names_and_versions() -> None:
    from ui.formatting import matrix_label

    assert matrix_label("default@1") == "par défaut (version 1)"
    assert matrix_label("default@1+poids") == "par défaut (version 1, poids ajustés)"
    assert matrix_label("ville-x@3", lang="en") == "“ville-x” (version 3)"
    assert matrix_label("") == "—" and matrix_label("sans-version") == "sans-version"
