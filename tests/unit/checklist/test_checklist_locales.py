"""The checklist's UI texts: French and English files with the same keys, covering every code."""

from __future__ import annotations

from typing import Any

import yaml

from evaluation.checklist import Group, RuleSet, Status, Verdict
from evaluation.resources import ROOT

LOCALES = ROOT / "ui" / "locales"


def load(lang: str) -> dict[str, Any]:
    data = yaml.safe_load((LOCALES / f"checklist.{lang}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def keys(data: Any, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return set().union(*(keys(value, f"{prefix}{key}.") for key, value in data.items()))
    return {prefix.rstrip(".")}


def test_french_and_english_files_have_the_same_keys() -> None:
    assert keys(load("fr")) == keys(load("en"))


def leaves(data: Any, prefix: str = "") -> dict[str, Any]:
    """Every text of the file by its dotted key."""
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in leaves(value, f"{prefix}{key}.").items()}
    return {prefix.rstrip("."): data}


def test_every_group_status_and_verdict_has_a_label() -> None:
    for lang in ("fr", "en"):
        texts = load(lang)["checklist"]
        assert set(texts["groups"]) == {group.value for group in Group}
        assert set(texts["statuses"]) == {status.value for status in Status}
        assert set(texts["verdicts"]) == set(texts["verdict_help"]) == {verdict.value for verdict in Verdict}
        for key, text in leaves(texts).items():  # a label, not an empty value nor the code itself
            assert isinstance(text, str) and text.strip(), f"{lang}: {key} has no text"
            assert text.strip() != key.rsplit(".", 1)[-1], f"{lang}: {key} is labelled with its own code"


def test_group_labels_match_the_rules_file(rules: RuleSet) -> None:
    for lang in ("fr", "en"):
        labels = load(lang)["checklist"]["groups"]
        assert labels == {group.value: texts.get(lang) for group, texts in rules.groups.items()}


def test_french_labels_are_french() -> None:
    texts = load("fr")["checklist"]
    assert texts["statuses"]["na"] == "Sans objet"
    assert texts["verdicts"]["a_corriger"] == "À corriger"
