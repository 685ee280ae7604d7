"""Page « Usages actuels » (slug current-uses): a service declares an AI it already uses without an
evaluation (its own ChatGPT accounts, a vendor's embedded assistant...) in a few fields; the internal
inventory lists every declared use (« non évalué » until evaluated, never published); a porteur turns one
into a draft proposal keeping what was declared (evaluation.services.current_uses)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import auth, data
from ui.formatting import md_escape, person_label
from ui.forms.field_specs import field_spec
from ui.forms.fields import number_input
from ui.forms.numbers import NumberRule, number_rule, read_input
from ui.i18n import current_language, t
from ui.widgets import flash, open_page, show_errors, show_flash

FLASH_KEY = "cu.flash"
PROBLEMS_KEY = "cu.problems"
PICK_KEY = "cu.pick"
USERS_KEY = "cu.users"
_KINDS = ("genai_api", "genai_self_hosted", "ml", "vision", "rules")
_FIELDS = ("service", "tool", "usage", "data", "users", "personal_data", "kind", "provider", "model")


def _users_rule() -> NumberRule:
    from evaluation.domain.current_use import CurrentUse

    return number_rule(field_spec(CurrentUse, "users"))


def _uses() -> Any:
    from evaluation.services.current_uses import CurrentUses

    return CurrentUses(data.repository())


def _on_declare(user: auth.SessionUser) -> None:
    from evaluation.services.current_uses import declaration_problems
    from evaluation.services.permissions import WorkflowError
    from evaluation.storage import StorageError

    typed = {name: st.session_state.get(f"cu.{name}") for name in _FIELDS}
    typed = {name: ("" if value is None and name in ("service", "tool", "usage", "data") else value)
             for name, value in typed.items()}
    users = read_input(st.session_state, USERS_KEY)  # typed the language's way (« 1 200 »)
    typed["users"] = users.value
    declared, problems = declaration_problems(typed, current_language())
    if users.problem is not None:  # told under the field, with its name (ui.forms.fields.number_input)
        declared = None
        problems.pop("users", None)
    if declared is None:
        st.session_state[PROBLEMS_KEY] = list(problems.values())
        return
    st.session_state.pop(PROBLEMS_KEY, None)
    try:
        stored = _uses().declare(declared, user=user)
    except (WorkflowError, StorageError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return
    for name in _FIELDS:
        st.session_state.pop(f"cu.{name}", None)
    flash(FLASH_KEY, "success", t("app.current_uses.declared", tool=stored.declaration.tool))


def _on_evaluate(user: auth.SessionUser) -> None:
    from evaluation.services.permissions import WorkflowError
    from evaluation.storage import StorageError

    use_id = st.session_state.get(PICK_KEY)
    if use_id is None:
        return
    try:
        converted = _uses().to_proposal(int(use_id), user=user)
    except (WorkflowError, StorageError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return
    data.clear_caches()
    flash(FLASH_KEY, "success", t("app.current_uses.converted", proposal=converted.proposal_id))


def _form(user: auth.SessionUser) -> None:
    with st.form("cu.form", border=True, clear_on_submit=False):
        st.text_input(t("app.current_uses.field.service"), key="cu.service")
        st.text_input(t("app.current_uses.field.tool"), key="cu.tool", help=t("app.current_uses.help.tool"))
        st.text_area(t("app.current_uses.field.usage"), key="cu.usage", help=t("app.current_uses.help.usage"))
        st.text_input(t("app.current_uses.field.data"), key="cu.data")
        left, right = st.columns(2)
        with left:
            number_input(t("app.current_uses.field.users"), USERS_KEY, _users_rule(), in_form=True)
        right.checkbox(t("app.current_uses.field.personal_data"), key="cu.personal_data")
        st.selectbox(t("app.current_uses.field.kind"), _KINDS, key="cu.kind",
                     format_func=lambda kind: t(f"app.kind.{kind}", default=kind))
        left, right = st.columns(2)
        left.text_input(t("app.current_uses.field.provider"), key="cu.provider", help=t("app.current_uses.help.provider"))
        right.text_input(t("app.current_uses.field.model"), key="cu.model")
        st.form_submit_button(t("app.current_uses.declare"), icon=":material/add:", on_click=_on_declare, args=(user,))


def _inventory(user: auth.SessionUser) -> None:
    from evaluation.services.permissions import Action, allowed

    uses = _uses().inventory(user=user)
    st.subheader(t("app.current_uses.inventory"), anchor=False)
    if not uses:
        st.info(t("app.current_uses.none"), icon=":material/inbox:")
        return
    for use in uses:
        declared = use.declaration
        status = t(f"app.current_uses.status.{use.status.value}")
        proposal = f" → {md_escape(use.proposal_id)}" if use.proposal_id else ""
        st.markdown(f"**{md_escape(declared.tool)}** · {md_escape(declared.service)} · :orange-badge[{status}]{proposal}  \n"
                    f"{md_escape(declared.usage)}")
        st.caption(t("app.current_uses.declared_by", who=md_escape(person_label(use.declared_by, data.people())),
                     date=use.declared_at.strftime("%d/%m/%Y")))
    waiting = {use.id: use for use in uses if use.status.value == "non_evalue"}
    if waiting and allowed(user, Action.CREATE_PROPOSAL):
        st.selectbox(t("app.current_uses.pick"), list(waiting), key=PICK_KEY, format_func=lambda use_id: (
            f"{waiting[use_id].declaration.tool} · {waiting[use_id].declaration.service}"))
        st.button(t("app.current_uses.evaluate"), icon=":material/fact_check:", on_click=_on_evaluate, args=(user,),
                  key="cu.evaluate", help=t("app.current_uses.evaluate_help"))


def main() -> None:
    if not open_page(t("app.current_uses.title"), t("app.current_uses.intro"), icon=":material/travel_explore:"):
        return
    user = auth.person()
    show_flash(FLASH_KEY)
    show_errors(st.session_state.get(PROBLEMS_KEY, []))
    _form(user)
    _inventory(user)


main()
