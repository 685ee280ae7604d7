"""Sign-in: nothing of the portfolio before it, one message for any wrong pair, roles decide the pages,
an idle session ends."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from evaluation.services.accounts import Accounts
from evaluation.storage import Repository
from tests.app.forms_harness import DASHBOARD, TIMEOUT_S, assert_clean, ensure_account, repo, texts, unescape
from ui.auth import SESSION_LAST_ACTIVITY, SESSION_USER, SessionUser

__all__ = ["repo"]

PASSWORD = "un mot de passe assez long"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _dashboard() -> AppTest:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    at.run()
    assert_clean(at)
    return at


def _sign_in(at: AppTest, login: str, password: str) -> AppTest:
    at.text_input(key="si.login").input(login)
    at.text_input(key="si.password").input(password)
    at.button[0].click().run()
    assert_clean(at)
    return at


def _account(repo: Repository, login: str, *roles: str) -> None:
    Accounts(repo, hasher=CHEAP).create(login=login, password=PASSWORD, roles=list(roles), name=login.title(),
                                        by="test")


def test_before_sign_in_only_the_sign_in_page_is_drawn(repo: Repository) -> None:
    at = _dashboard()
    assert [title.value for title in at.title] == ["Connexion"]
    assert "Aucun compte n'existe encore" in texts(at.warning)[0]
    assert SESSION_USER not in at.session_state


def _in_order(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _in_order(child)


def test_the_no_account_notice_is_drawn_above_the_form_sent_before_it(repo: Repository) -> None:
    """The form is drawn before the accounts are counted (ui/views/sign_in.py); the notice still shows in
    its place, above the form."""
    at = _dashboard()
    drawn = [node for node in _in_order(at.main) if node.type in ("warning", "text_input")]
    assert [node.type for node in drawn] == ["warning", "text_input", "text_input"]
    assert "Aucun compte n'existe encore" in drawn[0].value


def test_a_wrong_login_or_password_gets_the_same_message(repo: Repository) -> None:
    _account(repo, "porteur", "porteur")
    at = _sign_in(_dashboard(), "porteur", "pas le bon mot de passe")
    wrong_password = texts(at.error)
    at = _sign_in(at, "inconnu", PASSWORD)
    assert [unescape(text) for text in wrong_password] == ["Identifiant ou mot de passe incorrect."]
    assert [unescape(text) for text in texts(at.error)] == ["Identifiant ou mot de passe incorrect."]
    assert SESSION_USER not in at.session_state
    assert at.text_input(key="si.password").value == ""


def test_the_right_password_signs_in_and_shows_who_is_signed_in(repo: Repository) -> None:
    _account(repo, "dsi.martin", "dsi")
    at = _sign_in(_dashboard(), "dsi.martin", PASSWORD)
    assert at.session_state[SESSION_USER] == SessionUser(login="dsi.martin", name="Dsi.Martin", roles=("dsi",),
                                                         version=1)
    assert any("Connecté : **Dsi\\.Martin** (DSI / référent numérique responsable)" in caption
               for caption in texts(at.sidebar.caption))
    assert repo.get_user("dsi.martin").last_sign_in_at is not None


def test_signing_out_comes_back_to_the_sign_in_page(repo: Repository) -> None:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    at.session_state[SESSION_USER] = SessionUser(login="elu", name="Élu", roles=("elu",))
    ensure_account(at.session_state[SESSION_USER])
    at.run()
    at.sidebar.button(key="auth.sign_out").click().run()
    assert_clean(at)
    assert [title.value for title in at.title] == ["Connexion"]
    assert SESSION_USER not in at.session_state


def test_an_idle_session_ends_and_says_why(repo: Repository) -> None:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    at.session_state[SESSION_USER] = SessionUser(login="elu", name="Élu", roles=("elu",))
    ensure_account(at.session_state[SESSION_USER])
    at.session_state[SESSION_LAST_ACTIVITY] = time.time() - 31 * 60
    at.run()
    assert_clean(at)
    assert [title.value for title in at.title] == ["Connexion"]
    assert "Votre session a pris fin après 30 minutes d'inactivité" in unescape(texts(at.info)[0])
