"""Page « Paramètres » (slug settings): the collectivité's profile, reference values and matrix
weights, validated with French messages under each field and saved as the settings document; a
saved change re-scores the whole portfolio."""

from __future__ import annotations

from typing import Any

import streamlit as st

from evaluation.domain.settings import HourlyCosts, Profile, Settings
from ui import auth, data
from ui.formatting import format_number, format_percent, md_escape
from ui.forms.drafts import problems_by_path, widget_key
from ui.forms.field_specs import field_spec, has_field, model_title
from ui.forms.fields import field_input, number_input, seed_widget
from ui.forms.numbers import input_text, named
from ui.i18n import current_language, t
from ui.views.settings.draft import (
    WEIGHT_RULE,
    SettingsDraft,
    forget_settings_widgets,
    matrix_file_weights,
    matrix_names,
    sync_settings_widgets,
)
from ui.widgets import open_page, show_errors

DRAFT_KEY = "sp.draft"
FLASH_KEY = "sp.flash"
ATTEMPTED_KEY = "sp.attempted"
Problems = dict[str, list[str]]


def _flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH_KEY, []).append((kind, text))


def _show_flash() -> None:
    for kind, text in st.session_state.pop(FLASH_KEY, []):
        icon = {"success": ":material/check_circle:", "error": ":material/error:"}.get(kind, ":material/info:")
        getattr(st, kind if kind in ("success", "error", "warning") else "info")(md_escape(text), icon=icon)


def current_draft() -> SettingsDraft:
    """The settings being edited: the session's draft, or the settings in force."""
    stored = data.repository().get_settings()
    version = stored.version if stored is not None else None
    draft = st.session_state.get(DRAFT_KEY)
    if not isinstance(draft, SettingsDraft) or (draft.version != version and not draft.dirty):
        if isinstance(draft, SettingsDraft):
            forget_settings_widgets(st.session_state, draft)
        draft = SettingsDraft.from_settings(data.settings(), version=version)
        st.session_state[DRAFT_KEY] = draft
    return draft


# Callbacks -----------------------------------------------------------------------------------------
def _on_save() -> None:
    from evaluation.services.permissions import WorkflowError
    from evaluation.services.workflow import Workflow
    from evaluation.storage import EditConflict, StorageError

    draft: SettingsDraft = st.session_state[DRAFT_KEY]
    sync_settings_widgets(st.session_state, draft)
    settings, problems = draft.validate()
    if settings is None:
        st.session_state[ATTEMPTED_KEY] = True
        _flash("error", t("forms.settings.invalid", count=len(problems)))
        return
    try:
        version = Workflow(data.repository()).save_settings(settings, user=auth.person(),
                                                            expected_version=draft.version)
    except (EditConflict, StorageError, WorkflowError) as exc:
        _flash("error", str(exc))
        return
    draft.mark_saved(version)
    data.clear_caches()
    st.session_state.pop(ATTEMPTED_KEY, None)
    _flash("success", t("forms.settings.saved", version=version))


def _on_discard() -> None:
    draft = st.session_state.pop(DRAFT_KEY, None)
    if isinstance(draft, SettingsDraft):
        forget_settings_widgets(st.session_state, draft)
    st.session_state.pop(ATTEMPTED_KEY, None)


def _on_reset_weights() -> None:
    draft: SettingsDraft = st.session_state[DRAFT_KEY]
    draft.doc["matrix_weights"] = {}
    forget_settings_widgets(st.session_state, draft, prefix="matrix_weights.")


def _on_matrix() -> None:
    draft: SettingsDraft = st.session_state[DRAFT_KEY]
    draft.doc["matrix"] = st.session_state[widget_key(draft.key, "@matrix")]
    draft.doc["matrix_weights"] = {}
    forget_settings_widgets(st.session_state, draft, prefix="matrix_weights.")


# Sections ------------------------------------------------------------------------------------------
def _grid(draft: SettingsDraft, model: Any, prefix: str, names: list[str], problems: Problems,
          *, columns: int = 3, disabled: bool = False) -> None:
    cells = st.columns(columns, vertical_alignment="bottom")
    for index, name in enumerate(names):
        with cells[index % columns]:
            field_input(draft, model, name, f"{prefix}{name}", problems=problems, disabled=disabled)


def profile_section(draft: SettingsDraft, problems: Problems, disabled: bool) -> None:
    st.caption(t("forms.settings.profile_intro"))
    _grid(draft, Profile, "profile.", ["name", "kind", "population", "headcount"], problems, columns=4,
          disabled=disabled)
    _grid(draft, Profile, "profile.", ["snr_adopted", "snr_date"], problems, columns=2, disabled=disabled)
    lang = current_language()
    path = "profile.snr_objectives"
    key = widget_key(draft.key, path)
    value = draft.get(path)
    seed_widget(key, "\n".join(value) if isinstance(value, list) else str(value or ""))
    st.text_area(field_spec(Profile, "snr_objectives").title(lang), key=key,
                 help=t("forms.settings.objectives_help"), disabled=disabled, height=140)
    show_errors(problems.get(path, ()))


def reference_section(draft: SettingsDraft, problems: Problems, disabled: bool) -> None:
    sources = draft.doc.get("sources") or {}
    with st.container(border=True):
        st.markdown(f"**{t('forms.settings.hourly_costs')}**")
        _grid(draft, HourlyCosts, "hourly_costs.", ["A", "B", "C"], problems, disabled=disabled)
        if sources.get("hourly_costs"):
            st.caption(t("app.common.source", source=md_escape(sources["hourly_costs"])))
    with st.container(border=True):
        st.markdown(f"**{t('forms.settings.finance')}**")
        _grid(draft, Settings, "", ["discount_rate", "horizon_years", "start_year", "carbon_trajectory",
                                    "sensitivity_spread", "overrun_threshold"], problems, disabled=disabled)
        for name in ("discount_rate", "carbon_trajectory"):
            if sources.get(name):
                st.caption(t("app.common.source", source=md_escape(sources[name])))
    with st.container(border=True):
        st.markdown(f"**{t('forms.settings.datacenter')}**")
        _grid(draft, Settings, "", ["default_pue", "default_wue"], problems, columns=2, disabled=disabled)
        for name in ("default_pue", "default_wue"):
            if sources.get(name):
                st.caption(t("app.common.source", source=md_escape(sources[name])))
    with st.container(border=True):
        st.markdown(f"**{t('forms.settings.ai_act')}**")
        st.caption(t("forms.settings.ai_act_intro"))
    with st.expander(t("forms.settings.sources"), icon=":material/menu_book:"):
        for name in sorted(sources):
            key = widget_key(draft.key, f"sources.{name}")
            seed_widget(key, str(sources[name]))
            st.text_input(t("forms.settings.source_of", name=name), key=key, disabled=disabled)


def _matrix_label(name: str, lang: str) -> str:
    """`Matrice coût-bénéfice par défaut (default)`: the file's own label."""
    from evaluation.matrix import load_matrix

    try:
        label = load_matrix(name).label
    except Exception:  # noqa: BLE001 - an unreadable file is shown by its name
        return name
    return f"{label.en if lang == 'en' else label.fr} ({name})"


def matrix_section(draft: SettingsDraft, problems: Problems, disabled: bool) -> None:
    from evaluation.matrix import load_matrix

    lang = current_language()
    names = matrix_names()
    current = str(draft.doc.get("matrix") or "default")
    key = widget_key(draft.key, "@matrix")
    seed_widget(key, current)
    st.selectbox(t("forms.settings.matrix"), names or [current], key=key, on_change=_on_matrix,
                 disabled=disabled, help=t("forms.settings.matrix_help"),
                 format_func=lambda name: _matrix_label(name, lang))
    show_errors(problems.get("matrix", ()))
    try:
        matrix = load_matrix(current)
    except Exception as exc:  # noqa: BLE001 - an unreadable matrix file is reported, not raised
        st.error(t("forms.settings.matrix_unreadable", error=md_escape(exc)), icon=":material/error:")
        return
    st.caption(md_escape(matrix.description.fr if matrix.description and lang == "fr" else
                         (matrix.description.en if matrix.description else "")))
    file_weights = matrix_file_weights(current)
    weights = draft.weights()
    for axis in ("value", "cost"):
        criteria = [criterion for criterion in matrix.criteria if criterion.axis.value == axis]
        total = sum(float(weight) for c in criteria
                    if isinstance(weight := weights.get(c.id), (int, float)))  # a weight typed and unread counts 0
        with st.container(border=True):
            st.markdown(f"**{t(f'forms.settings.axis.{axis}')}**")
            cells = st.columns(min(len(criteria), 3))
            for index, criterion in enumerate(criteria):
                path = f"matrix_weights.{criterion.id}"
                widget = widget_key(draft.key, path)
                seed_widget(widget, input_text(weights.get(criterion.id) or file_weights[criterion.id],
                                               WEIGHT_RULE, lang))
                label = criterion.label.en if lang == "en" else criterion.label.fr
                description = criterion.description
                with cells[index % len(cells)]:
                    reading = number_input(label, widget, WEIGHT_RULE, disabled=disabled, show_problem=False,
                                           help=(description.en if lang == "en" else description.fr) if description
                                           else None)
                    weight = float(reading.value or 0)
                    share = weight / total if total > 0 else 0.0
                    st.caption(t("forms.settings.weight_share", share=format_percent(share, lang=lang),
                                 default_weight=format_number(file_weights[criterion.id], lang=lang)))
                    show_errors([named(label, message, lang) for message in problems.get(path, ())])
    st.button(t("forms.settings.reset_weights"), key="sp.reset_weights", icon=":material/restart_alt:",
              on_click=_on_reset_weights, disabled=disabled or not draft.doc.get("matrix_weights"), type="tertiary")


def _where(path: str, lang: str) -> str:
    """A readable location for the summary: `Coûts horaires chargés › Catégorie A (€/h)`."""
    if has_field(Settings, path):
        return model_title(Settings, path, lang)
    head, _, rest = path.partition(".")
    if has_field(Settings, head):
        return f"{model_title(Settings, head, lang)} › {rest}" if rest else model_title(Settings, head, lang)
    return path


def main() -> None:
    if not open_page(t("forms.settings.title"), t("forms.settings.intro"), icon=":material/settings:"):
        return
    user = auth.current_user()
    edits = auth.may(user, "edit_settings")
    manages = auth.may(user, "manage_accounts")
    if not edits and not manages:
        st.info(t("forms.settings.admin_only"), icon=":material/lock:")
        return
    # Containers drawn on every run, filled or not, so that the tabs below keep their place (and the tab
    # the person is on) when a message appears.
    with st.container(key="sp-messages"):
        _show_flash()
    draft = current_draft() if edits else None
    shown: Problems = {}
    if draft is not None:
        sync_settings_widgets(st.session_state, draft)
        _, problems = draft.validate()
        dirty = draft.dirty
        save_bar(draft, dirty)
        box = st.container(key="sp-problems")
        if problems and (dirty or st.session_state.get(ATTEMPTED_KEY)):
            shown = problems_by_path(problems)
            lang = current_language()
            lines = [f"- {md_escape(_where(problem.path, lang))} : {md_escape(problem.message)}"
                     for problem in problems[:12]]
            box.warning(t("forms.page.problems", count=len(problems)) + "\n\n" + "\n".join(lines),
                        icon=":material/rule:")
    names = (["profile", "reference", "matrix"] if edits else []) + (["accounts"] if manages else [])
    tabs = st.tabs([t(f"forms.settings.tab.{name}") for name in names], key="sp-tabs")
    sections = dict(zip(names, tabs, strict=True))
    if draft is not None:
        with sections["profile"]:
            profile_section(draft, shown, False)
        with sections["reference"]:
            reference_section(draft, shown, False)
        with sections["matrix"]:
            matrix_section(draft, shown, False)
    if manages:
        from ui.views.settings.accounts import accounts_section

        with sections["accounts"]:
            accounts_section()


def save_bar(draft: SettingsDraft, dirty: bool) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(t("forms.settings.save"), key="sp.save", type="primary", icon=":material/save:", on_click=_on_save)
        if dirty:
            st.button(t("forms.settings.discard"), key="sp.discard", type="tertiary", icon=":material/undo:",
                      on_click=_on_discard)
            st.caption(t("forms.page.unsaved"))
        st.caption(t("forms.settings.version", version=draft.version) if draft.version
                   else t("forms.settings.defaults"))

main()
