"""The option editor of the proposal form: add, duplicate, remove options; kind, model and zone pickers.

Structural changes run in button callbacks (before the page is drawn) on the session's draft; the
widgets of a removed option are forgotten, those of a new one are seeded from the draft.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from evaluation.domain.option import GENAI_KINDS, Option, OptionKind, Usage
from ui.formatting import md_escape
from ui.forms.drafts import (
    KIND_FIELDS,
    Draft,
    drafts,
    forget_widgets,
    option_path,
    sync_widgets,
    usage_fields,
    widget_key,
)
from ui.forms.field_specs import field_spec
from ui.forms.fields import field_input, seed_widget
from ui.i18n import current_language, t, t_code
from ui.views.proposal import catalog
from ui.widgets import show_errors

Problems = Mapping[str, Sequence[str]]


def _draft(draft_key: str) -> Draft:
    draft = drafts(st.session_state)[draft_key]
    sync_widgets(st.session_state, draft)
    return draft


# Callbacks -----------------------------------------------------------------------------------------
def _on_add(draft_key: str) -> None:
    draft = _draft(draft_key)
    kind = OptionKind(st.session_state.get(widget_key(draft_key, "@new_kind")) or OptionKind.GENAI_API)
    draft.add_option(kind)


def _on_duplicate(draft_key: str, uid: int) -> None:
    _draft(draft_key).duplicate_option(uid, suffix=t("forms.options.copy_suffix"))


def _on_remove(draft_key: str, uid: int) -> None:
    draft = _draft(draft_key)
    draft.remove_option(uid)
    forget_widgets(st.session_state, draft_key, uid=uid)


def _on_kind(draft_key: str, uid: int) -> None:
    draft = _draft(draft_key)
    chosen = st.session_state.get(widget_key(draft_key, option_path(uid, "kind")))
    if chosen not in {member.value for member in OptionKind}:
        # The selector drawn anew (its labels changed with the language) reports no choice: nothing changes.
        forget_widgets(st.session_state, draft_key, uid=uid)
        return
    kind = OptionKind(chosen)
    for dotted in draft.change_kind(uid, kind):
        st.session_state.pop(widget_key(draft_key, option_path(uid, dotted)), None)
    if kind is OptionKind.GENAI_SELF_HOSTED and not draft.get(option_path(uid, "provider")):
        draft.set(option_path(uid, "provider"), "huggingface_hub")
    forget_widgets(st.session_state, draft_key, uid=uid)


def _on_provider(draft_key: str, uid: int) -> None:
    draft = _draft(draft_key)
    model_path = option_path(uid, "model")
    if not catalog.is_known_model(draft.get(option_path(uid, "provider")), draft.get(model_path)):
        draft.set(model_path, None)
        st.session_state.pop(widget_key(draft_key, model_path), None)


def _on_block(draft_key: str, uid: int, block: str) -> None:
    """Switch an optional block (compute, training, parameters) on or off."""
    draft = _draft(draft_key)
    path = option_path(uid, block)
    if st.session_state.get(widget_key(draft_key, option_path(uid, f"@{block}"))):
        if not isinstance(draft.get(path), dict):
            draft.set(path, {})
    else:
        draft.delete(path)
        prefix = widget_key(draft_key, option_path(uid, f"{block}."))
        for key in [key for key in st.session_state if isinstance(key, str) and key.startswith(prefix)]:
            del st.session_state[key]


# Drawing -------------------------------------------------------------------------------------------
def option_title(draft: Draft, uid: int) -> str:
    """`Option 2 : Mistral Small par API` (escaped for markdown)."""
    name = str(draft.get(option_path(uid, "name")) or "").strip()
    number = draft.index_of(uid) + 1
    if name:
        return t("forms.options.numbered_named", number=number, name=md_escape(name))
    return t("forms.options.numbered", number=number)


def option_kind(draft: Draft, uid: int) -> OptionKind:
    try:
        return OptionKind(draft.get(option_path(uid, "kind")))
    except ValueError:
        return OptionKind.NON_AI


def visible(draft: Draft, uid: int, name: str) -> bool:
    """A field is shown when it means something for the kind, or when it holds a value."""
    return name in KIND_FIELDS[option_kind(draft, uid)] or draft.get(option_path(uid, name)) not in (None, "", {})


def _kind_label(code: str, lang: str | None = None) -> str:
    return t_code("app.kind", code, lang=lang)


def _kind_labeller() -> Callable[[str], str]:
    """The kind's label in the session's language, also when Streamlit formats outside the script's thread."""
    lang = current_language()
    return lambda code: _kind_label(code, lang)


def _provider_picker(draft: Draft, uid: int, problems: Problems, disabled: bool) -> str | None:
    lang = current_language()
    path = option_path(uid, "provider")
    key = widget_key(draft.key, path)
    current = draft.get(path)
    seed_widget(key, current or None)
    choices = list(catalog.providers())
    if current and current not in choices:
        choices.append(str(current))
    spec_help = field_spec(Option, "provider").help(lang)
    value = st.selectbox(
        t("forms.options.provider"), choices, key=key, index=None, disabled=disabled,
        placeholder=t("forms.options.provider_placeholder"),
        format_func=lambda code: catalog.provider_name(code, lang=lang),
        on_change=_on_provider, args=(draft.key, uid),
        help=spec_help,
    )
    show_errors(problems.get(path, ()))
    return value


def _model_picker(draft: Draft, uid: int, provider: str | None, problems: Problems, disabled: bool) -> None:
    lang = current_language()
    path = option_path(uid, "model")
    key = widget_key(draft.key, path)
    current = draft.get(path)
    seed_widget(key, current or None)
    choices = list(catalog.models(provider))
    if current and current not in choices:
        choices.append(str(current))
    st.selectbox(
        t("forms.options.model"), choices, key=key, index=None, disabled=disabled,
        placeholder=t("forms.options.model_placeholder"), accept_new_options=True,
        format_func=lambda name: catalog.model_name(provider, name),
        help=t("forms.options.model_help"),
    )
    show_errors(problems.get(path, ()))
    model = st.session_state.get(key)
    if model:
        caption = t("forms.options.model_id", model=md_escape(model))
        size = catalog.model_size(provider, model)
        if size is not None:
            caption += " · " + t("forms.options.model_size", size=_billions(size.total_parameters_b, lang))
        st.caption(caption)
        if not catalog.is_known_model(provider, model):
            kind = option_kind(draft, uid)
            st.caption(":orange[:material/warning: " + md_escape(t(
                "forms.options.model_unknown_self_hosted" if kind is OptionKind.GENAI_SELF_HOSTED
                else "forms.options.model_unknown")) + "]")


def _billions(size: Any, lang: str) -> str:
    from ui.formatting import format_number

    low, high = format_number(size.min, lang=lang), format_number(size.max, lang=lang)
    return low if low == high else f"{low} – {high}"


def _zone_picker(draft: Draft, uid: int, problems: Problems, disabled: bool) -> None:
    lang = current_language()
    path = option_path(uid, "zone")
    key = widget_key(draft.key, path)
    current = draft.get(path)
    seed_widget(key, current or None)
    choices = list(catalog.zones())
    if current and current not in choices:
        choices.append(str(current))
    st.selectbox(
        t("forms.options.zone"), choices, key=key, index=None, disabled=disabled,
        placeholder=t("forms.options.zone_placeholder"),
        format_func=lambda code: catalog.zone_label(code, lang=lang),
        help=t("forms.options.zone_help"),
    )
    show_errors(problems.get(path, ()))


def _block_toggle(draft: Draft, uid: int, block: str, disabled: bool) -> bool:
    key = widget_key(draft.key, option_path(uid, f"@{block}"))
    seed_widget(key, isinstance(draft.get(option_path(uid, block)), dict))
    return st.toggle(t(f"forms.options.block.{block}"), key=key, disabled=disabled,
                     on_change=_on_block, args=(draft.key, uid, block), help=t(f"forms.options.block.{block}_help"))


def _fields_grid(draft: Draft, uid: int, names: Sequence[str], problems: Problems, disabled: bool,
                 *, columns: int = 2) -> None:
    cells = st.columns(columns, vertical_alignment="bottom")
    for index, name in enumerate(names):
        with cells[index % columns]:
            field_input(draft, Option, name, option_path(uid, name), problems=problems, disabled=disabled)


def option_header(draft: Draft, uid: int, problems: Problems, disabled: bool) -> None:
    """Name, kind, duplicate and remove, and the option's own problems."""
    name_col, kind_col = st.columns([3, 2])
    with name_col:
        field_input(draft, Option, "name", option_path(uid, "name"), problems=problems, disabled=disabled,
                    placeholder=t("forms.options.name_placeholder"))
    with kind_col:
        path = option_path(uid, "kind")
        key = widget_key(draft.key, path)
        seed_widget(key, str(draft.get(path) or OptionKind.NON_AI.value))
        st.selectbox(t("forms.options.kind"), [kind.value for kind in OptionKind], key=key,
                     format_func=_kind_labeller(), disabled=disabled, on_change=_on_kind, args=(draft.key, uid),
                     help=t("forms.options.kind_help"))
        show_errors(problems.get(path, ()))
    show_errors(problems.get(option_path(uid, ""), ()))


def option_buttons(draft: Draft, uid: int, disabled: bool) -> None:
    with st.container(horizontal=True):
        st.button(t("forms.options.duplicate"), key=widget_key(draft.key, option_path(uid, "@duplicate")),
                  icon=":material/content_copy:", on_click=_on_duplicate, args=(draft.key, uid),
                  disabled=disabled or len(draft.options) >= 20, type="tertiary")
        st.button(t("forms.options.remove"), key=widget_key(draft.key, option_path(uid, "@remove")),
                  icon=":material/delete:", on_click=_on_remove, args=(draft.key, uid),
                  disabled=disabled or len(draft.options) <= 1, type="tertiary")


def option_card(draft: Draft, uid: int, problems: Problems, disabled: bool) -> None:
    """The Options tab's card of one option: what it is, which model, where it runs."""
    kind = option_kind(draft, uid)
    with st.container(border=True, key=f"pf-option-{draft.index_of(uid)}"):
        title_col, buttons_col = st.columns([3, 2], vertical_alignment="center")
        with title_col:
            st.markdown(f"**{option_title(draft, uid)}**")
        with buttons_col:
            option_buttons(draft, uid, disabled)
        option_header(draft, uid, problems, disabled)
        field_input(draft, Option, "description", option_path(uid, "description"), problems=problems,
                    disabled=disabled)
        if visible(draft, uid, "provider") or visible(draft, uid, "model"):
            left, right = st.columns(2)
            with left:
                provider = _provider_picker(draft, uid, problems, disabled)
            with right:
                _model_picker(draft, uid, provider, problems, disabled)
        if kind is OptionKind.GENAI_SELF_HOSTED or visible(draft, uid, "parameters"):
            model = draft.get(option_path(uid, "model"))
            provider = draft.get(option_path(uid, "provider"))
            if (model and not catalog.is_known_model(provider, model)) or isinstance(
                    draft.get(option_path(uid, "parameters")), dict):
                if _block_toggle(draft, uid, "parameters", disabled):
                    _fields_grid(draft, uid, ["parameters.total_b", "parameters.active_b"], problems, disabled)
                show_errors(problems.get(option_path(uid, "parameters"), ()))
        hosting = [name for name in ("pue", "wue") if visible(draft, uid, name)]
        if visible(draft, uid, "zone") or hosting:
            cells = st.columns(1 + len(hosting)) if hosting else [st.container()]
            with cells[0]:
                _zone_picker(draft, uid, problems, disabled)
            for cell, name in zip(cells[1:], hosting, strict=True):
                with cell:
                    field_input(draft, Option, name, option_path(uid, name), problems=problems, disabled=disabled)
        if visible(draft, uid, "data_location"):
            zone = draft.get(option_path(uid, "zone"))
            field_input(draft, Option, "data_location", option_path(uid, "data_location"), problems=problems,
                        disabled=disabled, placeholder=t("forms.options.data_location_placeholder",
                                                         zone=str(zone) if zone else "—"))


def add_option_row(draft: Draft, disabled: bool) -> None:
    key = widget_key(draft.key, "@new_kind")
    seed_widget(key, OptionKind.GENAI_API.value)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox(t("forms.options.new_kind"), [kind.value for kind in OptionKind], key=key,
                     format_func=_kind_labeller(), disabled=disabled, width=320)
        st.button(t("forms.options.add"), key=widget_key(draft.key, "@add"), icon=":material/add:",
                  on_click=_on_add, args=(draft.key,), disabled=disabled or len(draft.options) >= 20)


def usage_card(draft: Draft, uid: int, problems: Problems, disabled: bool) -> None:
    """Usage, compute and training of one option."""
    kind = option_kind(draft, uid)
    with st.container(border=True):
        st.markdown(f"**{option_title(draft, uid)}** · {_kind_label(kind.value)}")
        usage = draft.get(option_path(uid, "usage")) or {}
        names = [name for name in Usage.model_fields if name in usage_fields(kind) or usage.get(name)]
        _fields_grid(draft, uid, [f"usage.{name}" for name in names], problems, disabled, columns=3)
        show_errors(problems.get(option_path(uid, "usage"), ()))
        for block in ("compute", "training"):
            if visible(draft, uid, block):
                if _block_toggle(draft, uid, block, disabled):
                    fields = [f"{block}.{name}" for name in _block_fields(block)]
                    _fields_grid(draft, uid, fields, problems, disabled, columns=3)
                show_errors(problems.get(option_path(uid, block), ()))


def _block_fields(block: str) -> list[str]:
    from evaluation.domain.option import Compute, Training

    return list((Compute if block == "compute" else Training).model_fields)


def costs_card(draft: Draft, uid: int, problems: Problems, disabled: bool) -> None:
    from evaluation.domain.option import AnnualCosts, OneOffCosts

    with st.container(border=True):
        st.markdown(f"**{option_title(draft, uid)}**")
        one_off, annual = st.columns(2)
        with one_off:
            st.caption(t("forms.costs.one_off"))
            for name in OneOffCosts.model_fields:
                field_input(draft, Option, f"costs.one_off.{name}", option_path(uid, f"costs.one_off.{name}"),
                            problems=problems, disabled=disabled)
        with annual:
            st.caption(t("forms.costs.annual"))
            for name in AnnualCosts.model_fields:
                field_input(draft, Option, f"costs.annual.{name}", option_path(uid, f"costs.annual.{name}"),
                            problems=problems, disabled=disabled)


def benefits_card(draft: Draft, uid: int, problems: Problems, disabled: bool, hourly_costs: Mapping[str, Any]) -> None:
    from evaluation.domain.option import Qualitative

    with st.container(border=True):
        st.markdown(f"**{option_title(draft, uid)}**")
        left, right = st.columns(2)
        with left:
            for name in ("hours_saved_per_user_per_week", "adoption_rate", "other_annual_savings"):
                field_input(draft, Option, f"benefits.{name}", option_path(uid, f"benefits.{name}"),
                            problems=problems, disabled=disabled)
        with right:
            path = option_path(uid, "benefits.staff_category")
            key = widget_key(draft.key, path)
            seed_widget(key, str(draft.get(path) or "B"))
            st.segmented_control(
                t("forms.benefits.staff_category"), ["A", "B", "C"], key=key, disabled=disabled, required=True,
                format_func=lambda code: t("forms.benefits.category_cost", category=code,
                                           cost=_euros(hourly_costs.get(code))),
                help=t("forms.benefits.staff_category_help"))
            show_errors(problems.get(path, ()))
            field_input(draft, Option, "benefits.hourly_cost", option_path(uid, "benefits.hourly_cost"),
                        problems=problems, disabled=disabled, placeholder=t("forms.benefits.hourly_cost_placeholder"))
        st.caption(t("forms.benefits.qualitative"))
        cells = st.columns(4)
        for cell, name in zip(cells, Qualitative.model_fields, strict=True):
            with cell:
                field_input(draft, Option, f"benefits.qualitative.{name}",
                            option_path(uid, f"benefits.qualitative.{name}"), problems=problems, disabled=disabled)


def _euros(value: Any) -> str:
    from ui.formatting import format_number

    if value is None:
        return "—"
    return f"{format_number(value, lang=current_language())} €/h"


def genai(kind: OptionKind) -> bool:
    return kind in GENAI_KINDS
