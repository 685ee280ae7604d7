"""Page « Connexion » (slug sign-in): the only page shown before sign-in, at every page's URL (ui.auth.gate
runs this file for each of them). A wrong login or password gets one French message that does not say
which was wrong; repeated failures are slowed down by the accounts service. When single sign-on is
configured (secrets' [auth]), one button per provider under the form, and why a provider's identity was
refused."""

from __future__ import annotations

import streamlit as st

from ui import auth, data
from ui.i18n import t

LOGIN_KEY = "si.login"
PASSWORD_KEY = "si.password"  # noqa: S105 - a widget key, not a password
ERROR_KEY = "si.error"


def md_escape(text: object) -> str:
    """ui.formatting.md_escape, imported when a message is shown: ui.formatting reads the options table's
    modules (pandas), which the sign-in page's first draw does without (a test keeps it light)."""
    from ui.formatting import md_escape as escape

    return escape(text)


def _on_sign_in() -> None:
    from evaluation.services.accounts import Accounts, SignInRefused
    from evaluation.storage import StorageError

    login = str(st.session_state.get(LOGIN_KEY) or "").strip().lower()
    password = str(st.session_state.get(PASSWORD_KEY) or "")
    st.session_state[PASSWORD_KEY] = ""  # the password never stays in the session
    if not login or not password:
        st.session_state[ERROR_KEY] = t("forms.signin.missing")
        return
    accounts = Accounts(data.repository())
    try:
        record = accounts.sign_in(login, password, device=auth.device_proof(login))
    except SignInRefused as exc:
        st.session_state[ERROR_KEY] = str(exc)
        return
    except StorageError as exc:
        st.session_state[ERROR_KEY] = t("app.common.data_error", error=str(exc))
        return
    st.session_state.pop(ERROR_KEY, None)
    st.session_state.pop(auth.ENDED_KEY, None)
    auth.sign_in(auth.session_user(record), remember=True)
    auth.remember_device(login, accounts.device_proof(login))


def draw() -> None:
    """The sign-in form; once signed in, the portfolio."""
    if auth.current_user() is not None:
        from ui.pages import page_path

        st.switch_page(page_path("portfolio"))
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title(t("forms.signin.title"), anchor=False)
        st.caption(t("forms.signin.intro"))
        if st.session_state.get(auth.ENDED_KEY) == "inactivity":
            st.info(t("forms.signin.ended", minutes=auth.INACTIVITY_LIMIT_S // 60), icon=":material/schedule:")
        elif st.session_state.get(auth.ENDED_KEY) == "account_changed":
            st.warning(t("forms.signin.account_changed"), icon=":material/manage_accounts:")
        # The form is sent before the accounts are counted (a database query, and SQLAlchemy's import on a
        # server just started): the browser loads the form's modules meanwhile. The notice, if any, is drawn
        # above it, in its place kept here.
        notice = st.empty()
        error = st.session_state.pop(ERROR_KEY, None)
        with st.form("si.form", border=True):
            st.text_input(t("forms.signin.login"), key=LOGIN_KEY, autocomplete="username")
            st.text_input(t("forms.signin.password"), key=PASSWORD_KEY, type="password",
                          autocomplete="current-password")
            if error:
                st.error(md_escape(error), icon=":material/error:")
            st.form_submit_button(t("forms.signin.submit"), type="primary", icon=":material/login:",
                                  on_click=_on_sign_in, width="stretch")
        st.caption(t("forms.signin.help"))
        try:
            has_accounts = data.has_accounts()
        except Exception as exc:  # noqa: BLE001 - shown to the person, not raised
            notice.error(t("app.common.data_error", error=md_escape(exc)), icon=":material/error:")
            return
        if not has_accounts:
            notice.warning(t("forms.signin.no_account"), icon=":material/person_off:")
        _single_sign_on()


def _single_sign_on() -> None:
    """One button per OpenID Connect provider of the secrets (st.login); nothing without them."""
    providers = auth.configured_sso_providers()
    if not providers:
        return
    st.divider()
    refusal = st.session_state.get(auth.SSO_ERROR_KEY)
    if refusal:
        st.error(md_escape(refusal), icon=":material/person_off:")
        if st.button(t("forms.signin.sso_sign_out"), key="si.sso.logout", icon=":material/logout:"):
            st.logout()
    for provider, label in providers:
        if st.button(t("forms.signin.sso_button", label=label), key=f"si.sso.{provider}", width="stretch",
                     icon=":material/badge:"):
            st.login(provider)


draw()
