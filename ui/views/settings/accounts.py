"""The accounts section of the Paramètres page (administrators): who has an account, with which roles;
create one, change its roles, deactivate it, reset its password. Every change goes through
evaluation.services.accounts, which checks the administrator's role and writes the audit trail."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui import auth, data
from ui.formatting import md_escape
from ui.i18n import t

FLASH_KEY = "ac.flash"
ROLE_CODES = ("porteur", "dsi", "elu", "admin")


def _accounts() -> Any:
    from evaluation.services.accounts import Accounts

    return Accounts(data.repository())


def _flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH_KEY, []).append((kind, text))


def role_label(code: str) -> str:
    return t(f"forms.accounts.role.{code}", default=code)


def _errors() -> tuple[type[BaseException], ...]:
    from evaluation.services.permissions import WorkflowError
    from evaluation.storage import StorageError

    return (WorkflowError, StorageError)


def _on_create() -> None:
    state = st.session_state
    password = str(state.get("ac.new.password") or "")
    if password != str(state.get("ac.new.confirm") or ""):
        _flash("error", t("forms.accounts.mismatch"))
        return
    try:
        user = _accounts().create(login=str(state.get("ac.new.login") or "").strip(), password=password,
                                  roles=list(state.get("ac.new.roles") or []),
                                  name=str(state.get("ac.new.name") or ""), by=auth.person())
    except _errors() as exc:
        _flash("error", str(exc))
        return
    finally:
        state["ac.new.password"] = ""
        state["ac.new.confirm"] = ""
    _flash("success", t("forms.accounts.created", login=user.login))


def _on_update(login: str) -> None:
    state = st.session_state
    accounts = _accounts()
    try:
        accounts.set_roles(login, list(state.get(f"ac.{login}.roles") or []), by=auth.person())
        record = accounts.set_active(login, bool(state.get(f"ac.{login}.active")), by=auth.person())
    except _errors() as exc:
        _flash("error", str(exc))
        return
    auth.refresh(record)  # one's own row: stay signed in with it (others' sessions end on their next run)
    _flash("success", t("forms.accounts.updated", login=login))


def _on_reset(login: str) -> None:
    state = st.session_state
    try:
        _accounts().change_password(login, new_password=str(state.get(f"ac.{login}.password") or ""),
                                    by=auth.person())
    except _errors() as exc:
        _flash("error", str(exc))
        return
    finally:
        state[f"ac.{login}.password"] = ""
    auth.refresh(data.repository().find_user(login))
    _flash("success", t("forms.accounts.reset", login=login))


def accounts_section() -> None:
    for kind, text in st.session_state.pop(FLASH_KEY, []):
        getattr(st, kind)(md_escape(text), icon=":material/check_circle:" if kind == "success" else ":material/error:")
    try:
        users = _accounts().list(by=auth.person())
    except _errors() as exc:
        st.error(md_escape(exc), icon=":material/lock:")
        return
    st.caption(t("forms.accounts.intro"))
    table = pd.DataFrame([{
        "login": user.login, "name": user.name,
        "roles": ", ".join(role_label(str(getattr(role, "value", role))) for role in user.roles),
        "active": t("forms.accounts.active_yes") if user.active else t("forms.accounts.active_no"),
        "last": user.last_sign_in_at.strftime("%d/%m/%Y %H:%M") if user.last_sign_in_at else "—",
    } for user in users], columns=["login", "name", "roles", "active", "last"])
    st.dataframe(table, hide_index=True, width="stretch", key="ac.table", column_config={
        name: st.column_config.TextColumn(t(f"forms.accounts.col.{name}")) for name in table.columns})
    if users:
        with st.container(border=True):
            st.markdown(f"**{t('forms.accounts.edit')}**")
            login = st.selectbox(t("forms.accounts.account"), [user.login for user in users], key="ac.pick")
            chosen = next(user for user in users if user.login == login)
            roles_key, active_key = f"ac.{login}.roles", f"ac.{login}.active"
            if roles_key not in st.session_state:
                st.session_state[roles_key] = [str(getattr(role, "value", role)) for role in chosen.roles]
            if active_key not in st.session_state:
                st.session_state[active_key] = chosen.active
            st.multiselect(t("forms.accounts.roles"), ROLE_CODES, key=roles_key, format_func=role_label,
                           select_all=False, placeholder=t("forms.accounts.roles_placeholder"))
            st.toggle(t("forms.accounts.active"), key=active_key)
            st.button(t("forms.accounts.save"), key="ac.save", on_click=_on_update, args=(login,),
                      icon=":material/save:")
            st.text_input(t("forms.accounts.new_password"), type="password", key=f"ac.{login}.password",
                          autocomplete="new-password", help=t("forms.accounts.password_help"))
            st.button(t("forms.accounts.reset_button"), key="ac.reset", on_click=_on_reset, args=(login,),
                      icon=":material/key:")
    with st.form("ac.create"):
        st.markdown(f"**{t('forms.accounts.create')}**")
        left, right = st.columns(2)
        left.text_input(t("forms.accounts.login"), key="ac.new.login", help=t("forms.accounts.login_help"))
        right.text_input(t("forms.accounts.name"), key="ac.new.name")
        st.multiselect(t("forms.accounts.roles"), ROLE_CODES, key="ac.new.roles", format_func=role_label,
                       select_all=False, placeholder=t("forms.accounts.roles_placeholder"))
        left, right = st.columns(2)
        left.text_input(t("forms.accounts.password"), type="password", key="ac.new.password",
                        autocomplete="new-password", help=t("forms.accounts.password_help"))
        right.text_input(t("forms.accounts.confirm"), type="password", key="ac.new.confirm",
                         autocomplete="new-password")
        st.form_submit_button(t("forms.accounts.create_button"), on_click=_on_create, icon=":material/person_add:")
