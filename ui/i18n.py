"""Texts shown to people, in French (default) and English.

Texts live in `ui/locales/<domain>.<lang>.yaml`, two files per domain with the same keys. Nested
mappings are flattened with dots and prefixed with the domain: `app.portfolio.title` is the key
`portfolio: {title: ...}` of `app.fr.yaml`. `t(key, **params)` looks a key up in the current
language (the session's choice), fills `{param}` placeholders and falls back to French, then to the
key itself, so that a missing text shows up instead of breaking a page.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from evaluation.exchange.dotted_paths import flatten
from evaluation.yaml_lines import parse_yaml

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
SESSION_KEY = "lang"


def locale_files() -> dict[str, dict[str, Path]]:
    """Every locale file, by domain then language: {"app": {"fr": Path, "en": Path}}."""
    files: dict[str, dict[str, Path]] = {}
    for path in sorted(LOCALES_DIR.glob("*.yaml")):
        parts = path.name.split(".")
        if len(parts) != 3:
            continue
        domain, lang, _ = parts
        files.setdefault(domain, {})[lang] = path
    return files


def read_locale_file(path: Path, domain: str) -> dict[str, str]:
    """One file's texts, flattened and prefixed with its domain."""
    data = parse_yaml(path.read_text(encoding="utf-8"), source=str(path)) or {}  # C loader when available
    return {key: "" if text is None else str(text) for key, text in flatten(data, f"{domain}.").items()}


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every text of a language, across all domains."""
    texts: dict[str, str] = {}
    for domain, by_lang in locale_files().items():
        if lang in by_lang:
            texts.update(read_locale_file(by_lang[lang], domain))
    return texts


def current_language() -> str:
    """The session's language; French outside a Streamlit session."""
    try:
        import streamlit as st
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        if get_script_run_ctx(suppress_warning=True) is None:
            return DEFAULT_LANGUAGE
        lang = st.session_state.get(SESSION_KEY, DEFAULT_LANGUAGE)
    except Exception:  # noqa: BLE001 - any failure to read the session means "default"
        return DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def has(key: str, *, lang: str | None = None) -> bool:
    return key in catalog(lang or current_language()) or key in catalog(DEFAULT_LANGUAGE)


def t(key: str, *, lang: str | None = None, default: str | None = None, **params: Any) -> str:
    """The text of `key` in the language (the session's by default), with `{name}` filled from params."""
    lang = lang or current_language()
    text = catalog(lang).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key)
    if text is None:
        return default if default is not None else key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def t_formula(key: str, *, lang: str | None = None, **params: Any) -> str:
    """A LaTeX formula: its braces are doubled in the locale file ({{ }}), `{name}` are parameters."""
    text = t(key, lang=lang)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def t_count(key: str, n: float, *, lang: str | None = None, **params: Any) -> str:
    """A text that agrees with the number n: `<key>.one` (French: 0 and 1; English: 1) or `<key>.other`."""
    lang = lang or current_language()
    singular = abs(n) < 2 if lang == "fr" else n == 1
    return t(f"{key}.{'one' if singular else 'other'}", lang=lang, **params)


def t_code(group: str, code: object, *, lang: str | None = None) -> str:
    """A readable label for a stable code (`app.verdict.bloquant`); the code itself if unknown."""
    text = str(code)
    return t(f"{group}.{text}", lang=lang, default=text.replace("_", " "))


# Where the labels of each family of stable codes live: one place per family, shared with the
# engine helpers' texts so that a code reads the same on every page.
CODE_GROUPS = {
    "verdict": "checklist.checklist.verdicts",
    "rule_status": "checklist.checklist.statuses",
    "rule_group": "checklist.checklist.groups",
    "quadrant": "matrix.quadrant",
    "criterion": "matrix.criterion",
    "kind": "matrix.category.option_kind",
    "status": "app.status",
    "outcome": "app.outcome",
    "opinion": "app.opinion",
    "category": "app.category",
    "footprint": "app.footprint",
    "warning": "footprint.warnings",
    "uncovered": "footprint.uncovered_phases",
    "fp_method": "footprint.methods",
    "sensitivity_input": "matrix.sensitivity.input",
}


def label(family: str, code: object, *, lang: str | None = None) -> str:
    """The readable label of a stable code of a family (see CODE_GROUPS): label("verdict", "bloquant")."""
    return t_code(CODE_GROUPS[family], code, lang=lang)


# Enumerations whose labels the dashboard already has (app.<group>.<code>).
_APP_ENUMS = {"Category": "app.category", "OptionKind": "app.kind"}


def enum_label(enum_name: str, value: object, *, lang: str | None = None) -> str:
    """Readable label of an enumeration value (`forms.enum.DecisionRole.assists`, `app.category.rh`)."""
    text = str(value.value if hasattr(value, "value") else value)
    group = _APP_ENUMS.get(enum_name, f"forms.enum.{enum_name}")
    return t(f"{group}.{text}", lang=lang, default=text.replace("_", " "))
