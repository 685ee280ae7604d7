"""Texts in two languages: same keys, same placeholders, every key used in code exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from evaluation.domain.governance import Governance  # noqa: F401 - the models import cleanly
from evaluation.domain.option import OptionKind
from evaluation.domain.proposal import Category
from evaluation.resources import ROOT
from ui import i18n
from ui.i18n import CODE_GROUPS, LANGUAGES, catalog, label, locale_files, read_locale_file, t, t_code, t_count
from ui.pages import PAGES, SECTIONS

CODE_FILES = [ROOT / "dashboard.py", *sorted((ROOT / "ui").rglob("*.py"))]
LITERAL_KEY = re.compile(r"""\bt(?:_formula)?\(\s*["']([a-z0-9_.-]+)["']""")
CODE_GROUP = re.compile(r"""\bt_code\(\s*["']([a-z0-9_.-]+)["']""")
COUNT_KEY = re.compile(r"""\bt_count\(\s*["']([a-z0-9_.-]+)["']""")
FAMILY = re.compile(r"""\blabel\(\s*["']([a-z_]+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("domain", sorted(locale_files()))
def test_every_domain_has_a_french_and_an_english_file_with_the_same_keys(domain: str) -> None:
    files = locale_files()[domain]
    assert set(files) == set(LANGUAGES), f"{domain}: {sorted(files)}"
    french = read_locale_file(files["fr"], domain)
    english = read_locale_file(files["en"], domain)
    assert sorted(set(french) - set(english)) == []
    assert sorted(set(english) - set(french)) == []


@pytest.mark.parametrize("domain", sorted(locale_files()))
def test_french_and_english_texts_take_the_same_placeholders(domain: str) -> None:
    files = locale_files()[domain]
    french = read_locale_file(files["fr"], domain)
    english = read_locale_file(files["en"], domain)
    mismatched = [key for key in french if key in english and _placeholders(french[key]) != _placeholders(english[key])]
    assert mismatched == []


def test_no_text_is_empty() -> None:
    for lang in LANGUAGES:
        assert [key for key, text in catalog(lang).items() if not text.strip()] == []


def test_every_key_used_in_the_code_exists_in_both_languages() -> None:
    used: set[str] = set()
    for path in CODE_FILES:
        used.update(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no t('...') call: the pattern is broken"
    for lang in LANGUAGES:
        assert sorted(key for key in used if key not in catalog(lang)) == [], lang


def test_every_count_text_used_in_the_code_has_a_singular_and_a_plural() -> None:
    used: set[str] = set()
    for path in CODE_FILES:
        used.update(COUNT_KEY.findall(path.read_text(encoding="utf-8")))
    for lang in LANGUAGES:
        missing = [f"{key}.{form}" for key in used for form in ("one", "other") if f"{key}.{form}" not in catalog(lang)]
        assert missing == [], lang


def test_every_label_family_used_in_the_code_is_declared() -> None:
    used: set[str] = set()
    for path in CODE_FILES:
        used.update(FAMILY.findall(path.read_text(encoding="utf-8")))
    assert used <= set(CODE_GROUPS), sorted(used - set(CODE_GROUPS))


def test_every_code_group_used_in_the_code_exists() -> None:
    groups: set[str] = set()
    for path in CODE_FILES:
        groups.update(CODE_GROUP.findall(path.read_text(encoding="utf-8")))
    for group in groups:
        assert any(key.startswith(group + ".") for key in catalog("fr")), group


CODES = {
    "kind": [kind.value for kind in OptionKind],
    "category": [category.value for category in Category],
    "verdict": ["conforme", "a_corriger", "bloquant"],
    "quadrant": ["a_prioriser", "a_arbitrer", "a_simplifier", "a_ecarter"],
    "rule_status": ["pass", "warn", "fail", "na"],
    "status": ["brouillon", "soumis", "en_revue", "avis_rendu", "decide"],
    "outcome": ["approuve", "approuve_sous_conditions", "rejete", "ajourne"],
    "opinion": ["favorable", "favorable_sous_reserve", "defavorable"],
    "footprint": ["energy_kwh", "gwp_kgco2eq", "adpe_kgsbeq", "pe_mj", "wcf_l"],
}


@pytest.mark.parametrize(("family", "codes"), sorted(CODES.items()))
def test_every_stable_code_has_a_label_in_both_languages(family: str, codes: list[str]) -> None:
    group = CODE_GROUPS[family]
    for lang in LANGUAGES:
        missing = [code for code in codes if f"{group}.{code}" not in catalog(lang)]
        assert missing == [], (lang, missing)


def test_the_storage_enumerations_all_have_labels() -> None:
    from evaluation.domain.workflow import Opinion, Outcome, Status

    for family, enum in (("status", Status), ("outcome", Outcome), ("opinion", Opinion)):
        for lang in LANGUAGES:
            assert [m.value for m in enum if f"{CODE_GROUPS[family]}.{m.value}" not in catalog(lang)] == []


@pytest.mark.parametrize("family", ["verdict", "rule_status", "quadrant", "kind"])
def test_the_app_copies_of_engine_labels_read_the_same(family: str) -> None:
    """app.<family> keys (kept for pages that use them) must match the engine helpers' own labels."""
    copy = {"rule_status": "app.rule_status"}.get(family, f"app.{family}")
    for lang in LANGUAGES:
        texts = catalog(lang)
        differing = [key for key in texts if key.startswith(copy + ".")
                     and texts.get(f"{CODE_GROUPS[family]}.{key[len(copy) + 1:]}") != texts[key]]
        assert differing == [], lang


def test_every_page_and_section_has_a_title() -> None:
    for lang in LANGUAGES:
        for spec in PAGES:
            assert spec.title_key in catalog(lang)
        for section in SECTIONS:
            assert f"app.nav.section.{section}" in catalog(lang)


def test_t_fills_placeholders_and_falls_back_to_french_then_to_the_key() -> None:
    assert t("app.common.range", lang="fr", range="1 – 2 kWh") == "Fourchette : 1 – 2 kWh"
    assert t("app.common.range", lang="en", range="1 – 2 kWh") == "Range: 1 – 2 kWh"
    assert t("app.no.such.key", lang="en") == "app.no.such.key"
    assert t_code("app.verdict", "bloquant", lang="en") == "Blocking"
    assert label("verdict", "a_corriger", lang="fr") == "À corriger"
    assert t_count("app.portfolio.kpi.options", 1, lang="fr", count="1") == "1 option"
    assert t_count("app.portfolio.kpi.options", 0, lang="en", count="0") == "0 options"
    assert t_count("app.portfolio.kpi.options", 2, lang="fr", count="2") == "2 options"


def test_outside_a_streamlit_session_the_language_is_french() -> None:
    assert i18n.current_language() == "fr"


def test_pages_exist_and_are_not_in_a_folder_named_pages() -> None:
    for spec in PAGES:
        assert spec.path.is_file(), spec.path
        assert "pages" not in Path(spec.path).parts
