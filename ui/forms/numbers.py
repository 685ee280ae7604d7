"""Numbers typed in the forms: amounts, counts, rates and shares written the French way in French
(« 15 000,50 € », « 3,2 % », « 120 000 ») and the English way in English (« €15,000.50 », « 3.2% »,
« 120,000 »), read back strictly, with a message saying what is wrong. No Streamlit import.

- `number_rule(spec)`: what a model field holds (an amount, a percentage, a count, a year or another number)
  and its bounds, from the field's type, title and bounds (`PERCENT_FIELDS` and `YEAR_FIELDS` name the
  fields that cannot be told from those).
- `input_text(value, rule, lang)`: the text an input shows for a stored value, with ui.formatting's words
  (format_number, format_percent, format_euros); exact, so that it reads back to the same number
  (`shown_text`: the same, but an empty input for 0 where empty means 0, « 0 € » being its placeholder).
- `read_number(text, rule, lang)`: the value of a typed text, or what is wrong with it (without the
  field's name: `named` puts it in front). Babel's `parse_decimal(strict=True)` reads the digits, after
  checks of our own, since Babel alone takes « 1.234 » in French for 1,234, « 1_000 », « 1e5 » and « NaN »,
  and in strict mode refuses an ordinary space where French groups thousands with a narrow one.
- A rate or a share (0.032) is shown and typed as a percentage (« 3,2 % »); stored, it stays 0.032.
- The inputs drawn are remembered in the session with the language of their text (`remember`), so that
  a text is always read in the language it was written in (`typed_value`), and rewritten in the new
  language when the person changes it (`relocalise`).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel

from ui.formatting import NARROW_NBSP, format_euros, format_number, format_percent, label_value
from ui.forms.field_specs import FieldSpec, spec_of
from ui.i18n import t

NumberKind = Literal["amount", "percent", "count", "year", "number"]

# Rates and shares stored as fractions (0 to 1, or more for a threshold), shown as percentages.
PERCENT_FIELDS = frozenset({"adoption_rate", "utilisation", "discount_rate", "sensitivity_spread",
                            "overrun_threshold"})
# Years, written without grouping (« 2026 », never « 2 026 »).
YEAR_FIELDS = frozenset({"start_year"})
# A typical value of each kind, for the examples in messages.
_EXAMPLES: dict[str, float] = {"amount": 15000.5, "percent": 0.032, "count": 120000, "year": 2026, "number": 0.75}

INPUTS_KEY = "num.inputs"  # session: {widget key: (language of its text, rule)}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
_MINUS = "\u2212"


@dataclass(frozen=True)
class NumberRule:
    """What a number input holds and the bounds it is checked against (in the stored unit: 0.032, not 3,2 %)."""

    kind: NumberKind
    minimum: float | None = None  # value >= minimum
    maximum: float | None = None  # value <= maximum
    above: float | None = None  # value > above
    below: float | None = None  # value < below
    blank: float | int | None = None  # the value of an empty input (None: no value)
    required: bool = False  # an empty input is a problem

    @property
    def integer(self) -> bool:
        return self.kind in ("count", "year")


@dataclass(frozen=True)
class Reading:
    """A typed text read: its value, or what is wrong with it."""

    value: float | int | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def number_rule(spec: FieldSpec) -> NumberRule:
    """The rule of a number field (spec.kind "int" or "float")."""
    if spec.kind == "int":
        kind: NumberKind = "year" if spec.name in YEAR_FIELDS else "count"
    elif spec.name in PERCENT_FIELDS:
        kind = "percent"
    elif "€" in spec.title_fr:
        kind = "amount"
    else:
        kind = "number"
    # An empty input is no value for an optional field, 0 where 0 is the default (no cost, no user), and
    # otherwise a problem: an emptied adoption rate is not its default of 100 %.
    blank = 0 if not spec.optional and spec.default == 0 else None
    return NumberRule(kind=kind, minimum=spec.ge, maximum=spec.le, above=spec.gt, below=spec.lt, blank=blank,
                      required=not spec.optional and blank is None)


# Showing ----------------------------------------------------------------------------------------------
def _exact(value: float | int) -> Decimal:
    """The shortest decimal that is this float (0.1 is 0.1, not 0.1000000000000000055...)."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))


def _places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def input_text(value: Any, rule: NumberRule, lang: str) -> str:
    """The text an input shows for a value: « 15 000,50 € », « 3,2 % », « 120 000 », « 2026 » in French.
    A text (typed and not read as a number) is shown as it was typed; no value is an empty input."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value
    try:
        number = _exact(value)
    except (TypeError, ValueError, InvalidOperation):
        return str(value)
    if not number.is_finite():
        return str(value)
    if rule.kind == "year":
        return str(int(number))
    if rule.kind == "percent":
        return format_percent(number, lang=lang, decimals=_places(number * 100))
    places = _places(number)
    if rule.kind == "amount":
        return format_euros(number, lang=lang, decimals=max(places, 2) if places else 0)
    return format_number(number, lang=lang, decimals=places)


def shown_text(value: Any, rule: NumberRule, lang: str) -> str:
    """What an input holds for a value: its text (input_text), except for 0 where an empty input means 0
    (a cost, a count of users): empty, with « 0 € » as its placeholder, so that typing needs no erasing."""
    if rule.blank == 0 and not isinstance(value, (str, bool)) and value is not None and value == 0:
        return ""
    return input_text(value, rule, lang)


def example(rule: NumberRule, lang: str) -> str:
    """A value of the rule's kind written the language's way, within its bounds."""
    sample = _EXAMPLES[rule.kind]
    if rule.maximum is not None and sample > rule.maximum:
        sample = rule.maximum
    if rule.minimum is not None and sample < rule.minimum:
        sample = rule.minimum
    return input_text(int(sample) if rule.integer else sample, rule, lang)


def named(label: str, problem: str, lang: str) -> str:
    """« Licences (€/an) : « 12,3,4 » n'est pas un montant ; ... »: the problem with the field's name."""
    return label_value(label, problem, lang=lang)


# Reading ----------------------------------------------------------------------------------------------
def _without_unit(body: str, rule: NumberRule) -> str:
    """The digits without the unit the input shows (« € » for an amount, « % » for a percentage)."""
    unit = {"amount": "€", "percent": "%"}.get(rule.kind)
    if unit is None:
        return body
    if body.endswith(unit):
        return body[: -len(unit)].rstrip()
    sign = body[:1] if body[:1] in "+-" else ""
    if unit == "€" and body[len(sign):].startswith(unit):  # « €15,000.50 », as English writes it
        return sign + body[len(sign) + 1:].lstrip()
    return body


def read_number(text: Any, rule: NumberRule, lang: str) -> Reading:
    """The value of a typed text, read strictly in the language: a float, an int for counts and years,
    the rule's blank value for an empty input; or the problem, in the language."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = input_text(text, rule, lang)
    typed = "" if text is None else str(text).strip()
    if not typed:
        if rule.required:
            return Reading(None, t("forms.number.required", lang=lang, example=example(rule, lang)))
        if rule.blank is None:
            return Reading(None)
        return Reading(int(rule.blank) if rule.integer else float(rule.blank))

    def problem(key: str, **params: Any) -> Reading:
        return Reading(None, t(f"forms.number.{key}", lang=lang, text=typed, example=example(rule, lang),
                               what=t(f"forms.number.kind.{rule.kind}", lang=lang), **params))

    body = _without_unit(typed.replace(_MINUS, "-"), rule)
    if lang == "fr":
        body = _SPACES.sub(NARROW_NBSP, body)  # a space, a no-break space or a narrow one: all group thousands
        if "." in body:
            return problem("point")
        allowed = r"[+-]?\d[\d\u202f,]*"
    else:
        allowed = r"[+-]?\d[\d,.]*"
    if rule.kind == "year":
        allowed = r"[+-]?\d+"  # « 2027 », never grouped
    if not re.fullmatch(allowed, body):
        return problem("not_a")
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        number = parse_decimal(body, locale=lang, strict=True)
    except NumberFormatError:
        return problem("not_a")
    if rule.integer and number != number.to_integral_value():
        return problem("not_a")
    value = number / 100 if rule.kind == "percent" else number
    if value < 0 and ((rule.minimum is not None and rule.minimum >= 0) or (rule.above is not None and rule.above >= 0)):
        return problem("negative")
    checks: tuple[tuple[float | None, str, Callable[[Decimal, Decimal], bool]], ...] = (
        (rule.minimum, "minimum", operator.lt), (rule.above, "above", operator.le),
        (rule.maximum, "maximum", operator.gt), (rule.below, "below", operator.ge))
    for bound, key, outside in checks:
        if bound is not None and outside(value, Decimal(repr(bound))):
            return problem(key, bound=input_text(int(bound) if rule.integer else bound, rule, lang))
    return Reading(int(value) if rule.integer else float(value))


# Inputs in the session -------------------------------------------------------------------------------
def inputs(session: MutableMapping[Any, Any]) -> dict[str, tuple[str, NumberRule]]:
    store = session.get(INPUTS_KEY)
    if not isinstance(store, dict):
        store = {}
        session[INPUTS_KEY] = store
    return store


def remember(session: MutableMapping[Any, Any], key: str, rule: NumberRule, lang: str) -> None:
    """A number input drawn in a language: its text is read with its rule, in that language."""
    inputs(session)[key] = (lang, rule)


def read_input(session: MutableMapping[Any, Any], key: str) -> Reading:
    """The reading of a number input's text, in the language it was drawn in."""
    lang, rule = inputs(session)[key]
    return read_number(session.get(key), rule, lang)


def typed_value(session: MutableMapping[Any, Any], key: str) -> Any:
    """A widget's value for a draft: for a number input, its number, or its text as typed when it is not
    one (kept, so that nothing typed is lost, and reported by the validation); any other widget's value as is."""
    if key not in inputs(session):
        return session.get(key)
    reading = read_input(session, key)
    if reading.ok:
        return reading.value
    return str(session.get(key))


def relocalise(session: MutableMapping[Any, Any], lang: str) -> None:
    """The language changes: every number input's text that reads as a number is written anew in `lang`
    (a text that does not is kept as typed)."""
    for key, (was, rule) in list(inputs(session).items()):
        if key in session and was != lang:
            reading = read_number(session[key], rule, was)
            if reading.ok and isinstance(session[key], str) and session[key].strip():
                session[key] = shown_text(reading.value, rule, lang)
        inputs(session)[key] = (lang, rule)


# Texts kept in a draft -----------------------------------------------------------------------------------
def unread_numbers(model: type[BaseModel], data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str, NumberRule]]:
    """The number fields of a document (nested models included) that hold a text typed and not read as a
    number: (dotted path, text, rule)."""
    found: list[tuple[str, str, NumberRule]] = []
    for name, value in data.items():
        info = model.model_fields.get(name) if isinstance(name, str) else None
        if info is None:
            continue
        spec = spec_of(name, info)
        if spec.kind in ("int", "float") and isinstance(value, str):
            found.append((f"{prefix}{name}", value, number_rule(spec)))
        elif spec.kind == "model" and spec.model is not None and isinstance(value, Mapping):
            found.extend(unread_numbers(spec.model, value, f"{prefix}{name}."))
    return found
