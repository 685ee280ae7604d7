"""The proposal form's six tabs; only the open one is drawn.

The tabs keep their state (`st.tabs(..., key="pf-tabs", on_change="rerun")`): a click on a tab runs the
editor's fragment again, and only the section of the open tab (`.open`) draws its widgets, 20 to 40 of
the form's 150. Nothing typed in a closed tab is lost: every value lives in the draft (ui/forms/drafts.py,
copied from the widgets at the start of each run), the widgets of a tab opened again are seeded from it,
and the validation reads the draft, not the widgets (its summary names each problem's section).

Which tab is open is kept per draft (`pf.open_tabs`), apart from the tabs' own state, which Streamlit
drops when the page is left: a rerun, a return to the page and a change of language show the same tab,
a proposal opened for the first time (and a new one) its first tab, « Besoin ».
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

import streamlit as st

from ui import data
from ui.forms.drafts import SECTIONS, Draft, session_dict
from ui.i18n import current_language, t
from ui.views.proposal.options import add_option_row, benefits_card, costs_card, option_card, usage_card
from ui.views.proposal.sections import governance_section, need_section
from ui.widgets import show_errors

TABS_KEY = "pf-tabs"  # the tabs' state: the open tab's label
OPEN_KEY = "pf.open_tabs"  # {draft key: the section of its open tab}
DRAWN_FOR_KEY = "pf.tabs_for"  # (draft key, language) of the tabs drawn last


def section_labels() -> dict[str, str]:
    """{section: its tab's label} in the session's language, in the order of the tabs."""
    return {section: t(f"forms.section.{section}") for section in SECTIONS}


def _opened(session: MutableMapping[Any, Any]) -> dict[str, str]:
    return session_dict(session, OPEN_KEY)


def forget_tab(session: MutableMapping[Any, Any], draft_key: str) -> None:
    """A new draft begun (the first, or after a save, a submission or a discard): it opens on its first tab,
    whatever tab the draft before it had open."""
    _opened(session).pop(draft_key, None)
    drawn_for = session.get(DRAWN_FOR_KEY)
    if isinstance(drawn_for, tuple) and drawn_for[:1] == (draft_key,):
        del session[DRAWN_FOR_KEY]


def move_tab(session: MutableMapping[Any, Any], old_key: str, new_key: str) -> None:
    """A new draft saved under its proposal's id keeps its open tab."""
    opened = _opened(session)
    if old_key in opened:
        opened[new_key] = opened.pop(old_key)


def open_section(draft_key: str, labels: Mapping[str, str]) -> str:
    """The section whose tab is open for this draft, set in the tabs' state before they are drawn.

    The tabs' state is trusted when it was drawn for this draft in this language (a click on a tab, a
    test's `open_tab`, a « go to » button); otherwise (the page left and opened again, another proposal
    chosen, the language changed) the draft's own open tab is put back."""
    session = st.session_state
    opened = _opened(session)
    by_label = {label: section for section, label in labels.items()}
    state = session.get(TABS_KEY)
    if session.get(DRAWN_FOR_KEY) != (draft_key, current_language()) or state not in by_label:
        section = opened.get(draft_key, SECTIONS[0])
        session[TABS_KEY] = labels[section]
        return section
    return by_label[state]


def _go_to(label: str) -> None:
    st.session_state[TABS_KEY] = label


def section_links(problem_sections: Sequence[str], current: str, labels: Mapping[str, str]) -> None:
    """Under the problem summary: a button opening each closed tab that holds problems, with their count."""
    counts: dict[str, int] = {}
    for section in problem_sections:
        counts[section] = counts.get(section, 0) + 1
    closed = [section for section in SECTIONS if counts.get(section) and section != current]
    if not closed:
        return
    with st.container(horizontal=True, key="pf-problem-tabs"):
        for section in closed:
            st.button(t("forms.page.open_section", section=labels[section], count=counts[section]),
                      key=f"pf.open_section.{section}", type="tertiary", icon=":material/arrow_forward:",
                      on_click=_go_to, args=(labels[section],))


def form_tabs(draft: Draft, shown: Mapping[str, Sequence[str]], *, mode: str, labels: Mapping[str, str]) -> None:
    """The six sections as tabs, the open one drawn, each field with its problems (`shown`, by form path);
    in "technical" mode (the DSI, in review) only the options can change. `open_section` was called first."""
    read_only = mode == "read"
    owner_only = mode != "full"
    settings = data.settings()
    tabs = st.tabs(list(labels.values()), key=TABS_KEY, on_change="rerun")
    sections = dict(zip(SECTIONS, tabs, strict=True))
    opened = next((section for section, tab in sections.items() if tab.open), SECTIONS[0])
    _opened(st.session_state)[draft.key] = opened
    st.session_state[DRAWN_FOR_KEY] = (draft.key, current_language())
    with sections[opened]:
        if opened == "need":
            need_section(draft, shown, disabled=owner_only, default_horizon=settings.horizon_years)
        elif opened == "options":
            st.caption(t("forms.options.intro"))
            show_errors(shown.get("options", ()))
            for uid in draft.uids():
                option_card(draft, uid, shown, read_only)
            add_option_row(draft, read_only)
        elif opened == "usage":
            st.caption(t("forms.usage.intro"))
            for uid in draft.uids():
                usage_card(draft, uid, shown, read_only)
        elif opened == "costs":
            st.caption(t("forms.costs.intro"))
            for uid in draft.uids():
                costs_card(draft, uid, shown, read_only)
        elif opened == "benefits":
            st.caption(t("forms.benefits.intro"))
            hourly = settings.hourly_costs.model_dump()
            for uid in draft.uids():
                benefits_card(draft, uid, shown, read_only, hourly)
        else:
            governance_section(draft, shown, disabled=owner_only, snr_objectives=settings.profile.snr_objectives)
