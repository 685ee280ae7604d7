"""One form widget per model field, chosen from the field's type and bounds, with its error under it.

Widgets are keyed by draft and path (ui/forms/drafts.py); a widget absent from the session (first
render, or back from another page) is seeded from the draft, so what was typed is never lost.
Numbers are typed in a text input (`number_input`): Streamlit's own number input only knows printf
formats, so it cannot show « 15 000,50 € » or « 3,2 % » (ui/forms/numbers.py reads and writes them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import streamlit as st
from pydantic import BaseModel

from ui.forms.drafts import widget_key
from ui.forms.field_specs import FieldSpec, field_spec
from ui.forms.numbers import (
    NumberRule,
    Reading,
    example,
    input_text,
    inputs,
    named,
    number_rule,
    read_input,
    read_number,
    remember,
    shown_text,
)
from ui.i18n import current_language, enum_label, t
from ui.widgets import show_errors


def _seed(spec: FieldSpec, value: Any, lang: str) -> Any:
    """A draft value as its widget expects it (a number as the text its input shows)."""
    if value is None:
        value = None if spec.optional else spec.default
    if spec.kind in ("int", "float") and not _slider(spec):
        return shown_text(value, number_rule(spec), lang)
    if value is None:
        return None
    try:
        if spec.kind == "bool":
            return bool(value)
        if spec.kind == "int":
            return int(value)
        if spec.kind == "float":
            return float(value)
        if spec.kind == "enum" and spec.enum is not None:
            text = str(value.value if hasattr(value, "value") else value)
            return text if text in {member.value for member in spec.enum} else str(spec.default)
        if spec.kind == "date":
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if spec.kind == "lines":
            return "\n".join(str(item) for item in value) if isinstance(value, list) else str(value)
    except (TypeError, ValueError):
        return None if spec.optional else spec.default
    return "" if value is None else str(value)


def _slider(spec: FieldSpec) -> bool:
    """A small whole-number scale (the qualitative scores, 0 to 4) is a slider, not typed."""
    return spec.kind == "int" and spec.ge is not None and spec.le is not None and spec.le - spec.ge <= 10


def _tidy(key: str, then: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    """A number typed and read is shown the language's way at once (« 15000 » becomes « 15 000 € »)."""
    reading = read_input(st.session_state, key)
    if reading.ok and reading.value is not None:
        lang, rule = inputs(st.session_state)[key]
        st.session_state[key] = shown_text(reading.value, rule, lang)
    if then is not None:
        then(*args)


def number_input(label: str, key: str, rule: NumberRule, *, help: str | None = None, disabled: bool = False,
                 placeholder: str | None = None, value: Any = None, on_change: Callable[..., None] | None = None,
                 args: tuple[Any, ...] = (), in_form: bool = False, show_problem: bool = True) -> Reading:
    """A number typed the language's way: a text input whose text is read strictly (ui/forms/numbers.py);
    returns its reading. `value` seeds an input not in the session yet; the problem, if any, is shown
    under the input with the field's name (unless `show_problem` is False: the caller shows it). Inside a
    form (`in_form`), the text is left as typed until the form is sent (a form's inputs have no callback)."""
    lang = current_language()
    remember(st.session_state, key, rule, lang)
    if key not in st.session_state:
        st.session_state[key] = shown_text(value, rule, lang)
    if placeholder is None and rule.blank == 0:
        placeholder = input_text(0, rule, lang)  # what an empty input means
    if rule.kind == "percent":
        low = input_text(rule.minimum if rule.minimum is not None else rule.above, rule, lang)
        high = input_text(rule.maximum if rule.maximum is not None else rule.below, rule, lang)
        shown = example(rule, lang)
        fraction = read_number(shown, rule, lang).value
        extra = t("forms.number.percent_help", lang=lang, low=low or "0", high=high or "…", example=shown,
                  fraction=input_text(fraction, NumberRule(kind="number"), lang))
        help = f"{help}\n\n{extra}" if help else extra
    options: dict[str, Any] = {} if in_form else {"on_change": _tidy, "args": (key, on_change, args)}
    st.text_input(label, key=key, help=help, disabled=disabled, placeholder=placeholder, **options)
    reading = read_input(st.session_state, key)
    if show_problem and reading.problem is not None:
        show_errors([named(label, reading.problem, lang)])
    return reading


def seed_widget(key: str, value: Any) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


class FormDraft(Protocol):
    """What a form widget needs from a draft: its key and the value at a path."""

    key: str

    def get(self, path: str) -> Any: ...


def field_input(
    draft: FormDraft,
    model: type[BaseModel],
    dotted: str,
    path: str,
    *,
    problems: Mapping[str, Sequence[str]],
    disabled: bool = False,
    label: str | None = None,
    placeholder: str | None = None,
    on_change: Callable[..., None] | None = None,
) -> Any:
    """Draw the widget of `model.dotted`, stored at `path` in the draft; returns its value."""
    lang = current_language()
    spec = field_spec(model, dotted)
    key = widget_key(draft.key, path)
    seed_widget(key, _seed(spec, draft.get(path), lang))
    text = label or spec.title(lang)
    help_text = spec.help(lang)
    common: dict[str, Any] = {"key": key, "help": help_text, "disabled": disabled}
    if on_change is not None:
        common["on_change"] = on_change
    value: Any
    if spec.kind == "bool":
        value = st.checkbox(text, **common)
    elif _slider(spec):
        value = st.slider(text, min_value=int(spec.ge or 0), max_value=int(spec.le or 0), step=1, **common)
    elif spec.kind in ("int", "float"):
        # The validation reports a text that is no number (ui/forms/validation.py): shown below, named.
        value = number_input(text, key, number_rule(spec), help=help_text, disabled=disabled, placeholder=placeholder,
                             on_change=on_change, show_problem=False).value
        show_errors([named(text, message, lang) for message in problems.get(path, ())])
        return value
    elif spec.kind == "enum" and spec.enum is not None:
        enum_name = spec.enum.__name__
        value = st.selectbox(text, [member.value for member in spec.enum],
                             format_func=lambda code: enum_label(enum_name, code, lang=lang), **common)
    elif spec.kind == "date":
        value = st.date_input(text, value=None, format="DD/MM/YYYY", **common)
    elif spec.kind == "text":
        value = st.text_area(text, max_chars=spec.max_length, placeholder=placeholder, **common)
    else:
        value = st.text_input(text, max_chars=spec.max_length, placeholder=placeholder, **common)
    show_errors(problems.get(path, ()))
    return value
