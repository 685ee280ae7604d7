"""Numbers typed in the forms (ui/forms/numbers.py): shown the French way in French and the English way in
English, read back strictly (ambiguous, grouped wrongly, negative where forbidden, out of bounds: refused with
the reason), rates and shares in percent; what a widget holds goes into the drafts as a number or, when it is
none, as the text typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from evaluation.domain.current_use import CurrentUse
from evaluation.domain.option import Option
from evaluation.domain.proposal import Proposal
from evaluation.domain.register import RegisterContent
from evaluation.domain.settings import Settings
from ui.forms.drafts import Draft, option_path, sync_widgets, widget_key
from ui.forms.field_specs import field_spec, spec_of
from ui.forms.numbers import (
    PERCENT_FIELDS,
    NumberRule,
    input_text,
    number_rule,
    read_number,
    relocalise,
    remember,
    shown_text,
    typed_value,
    unread_numbers,
)
from ui.forms.validation import validate
from ui.views.settings.draft import SettingsDraft

NNBSP, NBSP = "\u202f", "\u00a0"
AMOUNT = number_rule(field_spec(Option, "costs.annual.licences"))
ADOPTION = number_rule(field_spec(Option, "benefits.adoption_rate"))
USERS = number_rule(field_spec(Option, "usage.users"))
TOKENS = number_rule(field_spec(Option, "usage.output_tokens_per_request"))
DISCOUNT = number_rule(field_spec(Settings, "discount_rate"))
SPREAD = number_rule(field_spec(Settings, "sensitivity_spread"))
YEAR = number_rule(field_spec(Settings, "start_year"))
HOURLY = number_rule(field_spec(Option, "benefits.hourly_cost"))


def _value(text: str, rule: NumberRule, lang: str = "fr") -> float | int | None:
    reading = read_number(text, rule, lang)
    assert reading.ok, reading.problem
    return reading.value


def _problem(text: str, rule: NumberRule, lang: str = "fr") -> str:
    reading = read_number(text, rule, lang)
    assert reading.problem is not None and reading.value is None, f"{text!r} was read as {reading.value!r}"
    return reading.problem


# Rules --------------------------------------------------------------------------------------------------
def test_each_field_gets_the_kind_its_values_are() -> None:
    assert (AMOUNT.kind, ADOPTION.kind, USERS.kind, TOKENS.kind, YEAR.kind) == (
        "amount", "percent", "count", "number", "year")
    assert number_rule(field_spec(Settings, "hourly_costs.A")).kind == "amount"
    assert number_rule(field_spec(Settings, "profile.population")).kind == "count"
    assert number_rule(field_spec(Option, "pue")).kind == "number"
    assert (DISCOUNT.kind, SPREAD.kind, number_rule(field_spec(Settings, "overrun_threshold")).kind) == (
        "percent", "percent", "percent")


def _number_fields(model: type[BaseModel]) -> list[tuple[str, float | None, str]]:
    found = []
    for name, info in model.model_fields.items():
        spec = spec_of(name, info)
        if spec.kind == "float":
            upper = spec.le if spec.le is not None else spec.lt
            found.append((name, upper, spec.title_fr))
        elif spec.kind == "model" and spec.model is not None:
            found.extend(_number_fields(spec.model))
    return found


@pytest.mark.parametrize("model", [Option, Proposal, Settings])
def test_every_share_between_0_and_1_is_typed_in_percent(model: type[BaseModel]) -> None:
    """A new field holding a fraction (at most 1) must be shown in percent: a test, not a memory."""
    for name, upper, title in _number_fields(model):
        if upper is not None and upper <= 1:
            assert name in PERCENT_FIELDS, f"{model.__name__}.{name} ({title}) holds a share: add it to PERCENT_FIELDS"


def test_an_empty_input_is_zero_where_zero_is_the_default_and_a_problem_where_the_field_needs_a_value() -> None:
    assert _value("", AMOUNT) == 0.0 and _value("  ", USERS) == 0
    assert _value("", HOURLY) is None  # optional: the staff category's cost applies
    assert _problem("", ADOPTION) == f"champ obligatoire ; écrivez par exemple 3,2{NNBSP}%"
    assert _problem("", DISCOUNT, "en") == "required; write for example 3.2%"


# Showing ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "rule", "fr", "en"), [
    (15000.5, AMOUNT, f"15{NNBSP}000,50{NBSP}€", "€15,000.50"),
    (15000.0, AMOUNT, f"15{NNBSP}000{NBSP}€", "€15,000"),
    (0.5, AMOUNT, f"0,50{NBSP}€", "€0.50"),
    (12.345, AMOUNT, f"12,345{NBSP}€", "€12.345"),  # never rounded: it must read back the same
    (0.032, DISCOUNT, f"3,2{NNBSP}%", "3.2%"),
    (0.07, ADOPTION, f"7{NNBSP}%", "7%"),
    (1.0, ADOPTION, f"100{NNBSP}%", "100%"),
    (120000, USERS, f"120{NNBSP}000", "120,000"),
    (1234567.25, TOKENS, f"1{NNBSP}234{NNBSP}567,25", "1,234,567.25"),
    (2027, YEAR, "2027", "2027"),
    (None, HOURLY, "", ""),
    ("12,3,4", AMOUNT, "12,3,4", "12,3,4"),  # a text typed and not read: shown as typed
])
def test_a_value_is_shown_the_languages_way(value: object, rule: NumberRule, fr: str, en: str) -> None:
    assert (input_text(value, rule, "fr"), input_text(value, rule, "en")) == (fr, en)


def test_zero_is_an_empty_input_where_empty_means_zero() -> None:
    assert shown_text(0.0, AMOUNT, "fr") == "" and shown_text(0, USERS, "en") == ""
    assert shown_text(0.0, ADOPTION, "fr") == f"0{NNBSP}%"  # an emptied adoption rate is no value
    assert shown_text(12.0, AMOUNT, "fr") == f"12{NBSP}€"
    assert _value(shown_text(0.0, AMOUNT, "fr"), AMOUNT) == 0.0


def test_the_digits_shown_are_babels_for_the_language() -> None:
    """ui.formatting groups and marks decimals as Babel (CLDR) does: the same text for the same number."""
    for value in (0.75, 1234.5, 1234567.125, 0.001, 10, 999999.99):
        for lang in ("fr", "en"):
            exact = format_decimal(Decimal(repr(value)), locale=lang, decimal_quantization=False)
            assert input_text(value, TOKENS, lang) == exact


finite = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(value=finite)
def test_what_is_shown_reads_back_to_the_same_number(value: float) -> None:
    for lang in ("fr", "en"):
        for rule in (NumberRule(kind="amount"), NumberRule(kind="number")):
            assert read_number(input_text(value, rule, lang), rule, lang).value == value
        share = value / 1e9
        assert read_number(input_text(share, ADOPTION, lang), ADOPTION, lang).value == share


@given(value=st.integers(min_value=0, max_value=10_000_000))
def test_whole_numbers_read_back_as_whole_numbers(value: int) -> None:
    for lang in ("fr", "en"):
        read = read_number(input_text(value, USERS, lang), USERS, lang).value
        assert read == value and isinstance(read, int)


# Reading ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "value"), [
    (f"15{NNBSP}000,50{NBSP}€", 15000.5), ("15 000,50 €", 15000.5), (f"15{NBSP}000,5", 15000.5), ("15000", 15000.0),
    ("15 000€", 15000.0), ("0,5", 0.5), ("+12", 12.0), (" 1 234 567 ", 1234567.0),
])
def test_french_amounts_are_read(text: str, value: float) -> None:
    assert _value(text, AMOUNT) == value


@pytest.mark.parametrize(("text", "value"), [
    ("€15,000.50", 15000.5), ("15,000.50", 15000.5), ("15000.5 €", 15000.5), ("1,234,567", 1234567.0), ("0.5", 0.5),
])
def test_english_amounts_are_read(text: str, value: float) -> None:
    assert _value(text, AMOUNT, "en") == value


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("3,2 %", "fr", 0.032), ("3,2%", "fr", 0.032), ("3,2", "fr", 0.032), ("0", "fr", 0.0), ("100 %", "fr", 1.0),
    ("3.2%", "en", 0.032), ("3.2", "en", 0.032), ("12.5 %", "en", 0.125),
])
def test_percentages_are_read_as_the_fraction_stored(text: str, lang: str, value: float) -> None:
    rule = DISCOUNT if value <= 0.5 else ADOPTION
    assert _value(text, rule, lang) == value


def test_ambiguous_or_misgrouped_entries_are_refused_in_french() -> None:
    example = f"écrivez par exemple 15{NNBSP}000,50{NBSP}€"
    assert _problem("12,3,4", AMOUNT) == f"« 12,3,4 » n'est pas un montant ; {example}"
    for text in ("1.234,5", "1.234", "1.5", "1,234.5", "€15,000.50"):  # a point: English, or a thousands mark?
        assert "n'est pas écrit à la française" in _problem(text, AMOUNT)
    for text in ("1,2,3", "10 00", "1 0000", "12 34,5", "1e5", "NaN", "Infinity", "1_000", "0x10", "douze", "12 €€",
                 "3 %", "--3", "3-", ",5"):
        assert _problem(text, AMOUNT).endswith(example), text


def test_ambiguous_or_misgrouped_entries_are_refused_in_english() -> None:
    for text in ("1.234,5", "1,2,3", "1,5", "15 000", "12,34.5", "1e5", "NaN", "1_000", "€€3"):
        assert _problem(text, AMOUNT, "en") == f"“{text}” is not an amount; write for example €15,000.50", text


def test_negative_values_are_refused_where_the_field_forbids_them() -> None:
    assert _problem("-3", USERS) == "« -3 » est négatif ; ce champ n'admet que 0 ou plus"
    assert _problem("\u22125 000", AMOUNT).startswith("« \u22125 000 » est négatif")  # the typographic minus too
    assert _problem("-3", USERS, "en") == "“-3” is negative; this field takes 0 or more only"


def test_whole_numbers_and_bounds_are_checked_in_the_unit_shown() -> None:
    assert _problem("12,5", USERS) == f"« 12,5 » n'est pas un nombre entier ; écrivez par exemple 120{NNBSP}000"
    assert _value("12,0", USERS) == 12
    assert _problem("150 %", ADOPTION) == f"« 150 % » dépasse le maximum, 100{NNBSP}%"
    assert _problem("60", DISCOUNT) == f"« 60 » dépasse le maximum, 50{NNBSP}%"
    assert _problem("0 %", SPREAD) == f"« 0 % » doit être supérieur à 0{NNBSP}%"
    assert _problem("100", SPREAD) == f"« 100 » doit être inférieur à 100{NNBSP}%"
    assert _problem("1999", YEAR) == "« 1999 » est en dessous du minimum, 2000"
    assert _problem(f"2{NNBSP}027", YEAR).startswith(f"« 2{NNBSP}027 » n'est pas une année")
    assert _problem("1 000 000 000,01", AMOUNT).startswith("« 1 000 000 000,01 » dépasse le maximum")
    assert _problem("150%", ADOPTION, "en") == "“150%” is above the maximum, 100%"


# In the session and the drafts ----------------------------------------------------------------------------
def test_a_widgets_text_goes_into_the_draft_as_a_number_or_kept_as_typed() -> None:
    draft = Draft.new()
    uid = draft.uids()[1]
    session: dict[str, object] = {}
    cost, users = widget_key(draft.key, option_path(uid, "costs.one_off.development")), widget_key(
        draft.key, option_path(uid, "usage.users"))
    remember(session, cost, AMOUNT, "fr")
    remember(session, users, USERS, "fr")
    session[cost], session[users] = "15 000,50 €", "douze"
    sync_widgets(session, draft)
    assert draft.get(option_path(uid, "costs.one_off.development")) == 15000.5
    assert draft.get(option_path(uid, "usage.users")) == "douze"
    assert typed_value({"x": 3}, "x") == 3  # not a number input: as is


def test_a_text_kept_in_the_draft_is_reported_even_where_pydantic_would_read_it() -> None:
    draft = Draft.new()
    draft.set("title", "Tri des courriels")
    first, second = draft.uids()
    draft.set(option_path(first, "name"), "Sans IA")
    draft.set(option_path(second, "name"), "API")
    draft.set(option_path(second, "provider"), "mistralai")
    draft.set(option_path(second, "model"), "mistral-small-latest")
    draft.set(option_path(second, "costs.one_off.development"), "2.5")  # pydantic takes "2.5"; French does not
    draft.set("horizon_years", "cinq")
    validation = validate(draft, "fr")
    assert validation.proposal is None and validation.preview is None
    by_path = validation.by_path()
    assert by_path[option_path(second, "costs.one_off.development")] == [
        f"« 2.5 » n'est pas écrit à la française : une virgule pour les décimales, une espace entre les milliers ; "
        f"écrivez par exemple 15{NNBSP}000,50{NBSP}€"]
    assert by_path["horizon_years"] == ["« cinq » n'est pas un nombre entier ; écrivez par exemple 30"]
    assert len(validation.problems) == 2  # one message per field: pydantic's own is not added
    assert validate(draft, "en").by_path()["horizon_years"] == ["“cinq” is not a whole number; write for example 30"]
    assert unread_numbers(Proposal, draft.document()) == [("horizon_years", "cinq", number_rule(
        field_spec(Proposal, "horizon_years")))]


def test_a_change_of_language_rewrites_readable_numbers_and_keeps_the_others() -> None:
    session: dict[str, object] = {"a": "1 500,5 €", "b": "12,3,4", "c": "3,2 %"}
    remember(session, "a", AMOUNT, "fr")
    remember(session, "b", AMOUNT, "fr")
    remember(session, "c", DISCOUNT, "fr")
    relocalise(session, "en")
    assert (session["a"], session["b"], session["c"]) == ("€1,500.50", "12,3,4", "3.2%")
    assert typed_value(session, "a") == 1500.5 and typed_value(session, "c") == 0.032
    relocalise(session, "fr")
    assert session["a"] == f"1{NNBSP}500,50{NBSP}€"


def test_the_settings_draft_reports_a_number_typed_that_is_not_one(settings: Settings) -> None:
    draft = SettingsDraft.from_settings(settings, version=None)
    draft.set("discount_rate", "3.2")
    draft.set("matrix_weights.service_usagers", "beaucoup")
    validated, problems = draft.validate("fr")
    assert validated is None
    assert {problem.path: problem.message for problem in problems} == {
        "discount_rate": "« 3.2 » n'est pas écrit à la française : une virgule pour les décimales, une espace entre les "
                         f"milliers ; écrivez par exemple 3,2{NNBSP}%",
        "matrix_weights.service_usagers": "« beaucoup » n'est pas un nombre ; écrivez par exemple 0,75"}


def test_register_and_current_use_counts_are_whole_numbers() -> None:
    assert number_rule(field_spec(RegisterContent, "decisions_per_year")).kind == "count"
    rule = number_rule(field_spec(CurrentUse, "users"))
    assert (rule.kind, rule.blank, rule.required) == ("count", None, False)
    assert _value("1 200", rule) == 1200
