"""One form widget per model field, chosen from the field's type and bounds, with its error under it.

Widgets are keyed by draft and path (ui/forms/drafts.py); a widget absent from the session (first
render, or back from another page) is seeded from the draft, so what was typed is never lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import streamlit as st
from pydantic import BaseModel

from ui.forms.drafts import widget_key
from ui.forms.field_specs import FieldSpec, field_spec
from ui.i18n import current_language, enum_label
from ui.widgets import show_errors


def _seed(spec: FieldSpec, value: Any) -> Any:
    """A draft value as its widget expects it."""
    if value is None:
        value = None if spec.optional else spec.default
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


def _float_step(spec: FieldSpec) -> tuple[float, str]:
    bound = spec.le if spec.le is not None else spec.lt
    if bound is not None and bound <= 0.5:
        return 0.001, "%.3f"  # small rates (discount rate)
    if bound is not None and bound <= 1:
        return 0.05, "%.2f"  # shares
    if "€" in spec.title_fr:
        return 100.0, "%.2f"
    if "tokens" in spec.name:
        return 100.0, "%.0f"
    return 1.0, "%.2f"


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
    seed_widget(key, _seed(spec, draft.get(path)))
    text = label or spec.title(lang)
    help_text = spec.help(lang)
    common: dict[str, Any] = {"key": key, "help": help_text, "disabled": disabled}
    if on_change is not None:
        common["on_change"] = on_change
    value: Any
    if spec.kind == "bool":
        value = st.checkbox(text, **common)
    elif spec.kind == "int" and spec.ge is not None and spec.le is not None and spec.le - spec.ge <= 10:
        value = st.slider(text, min_value=int(spec.ge), max_value=int(spec.le), step=1, **common)
    elif spec.kind == "int":
        value = st.number_input(
            text, min_value=int(spec.ge) if spec.ge is not None else None,
            max_value=int(spec.le) if spec.le is not None else None, step=1, placeholder=placeholder, **common)
    elif spec.kind == "float":
        step, fmt = _float_step(spec)
        value = st.number_input(
            text, min_value=spec.ge, max_value=spec.le, step=step, format=fmt, placeholder=placeholder, **common)
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
