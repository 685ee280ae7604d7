"""Issue 19, item 3: the account is re-read on every run. Deactivated, given other roles or with its
password reset, an open session is signed out at its next interaction and its remembered token no longer
signs anyone in (it imported a proposal after deactivation)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from evaluation.services.accounts import Accounts
from evaluation.storage import Repository
from tests.app.forms_harness import DASHBOARD, TIMEOUT_S, assert_clean, repo, texts, unescape
from ui import auth
from ui.auth import SESSION_USER, TOKEN_KEY

__all__ = ["repo"]

PASSWORD = "un mot de passe assez long"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
CHANGES: dict[str, Callable[[Accounts], object]] = {
    "deactivated": lambda accounts: accounts.set_active("porteur", False, by="admin"),
    "roles changed": lambda accounts: accounts.set_roles("porteur", ["elu"], by="admin"),
    "password reset": lambda accounts: accounts.change_password("porteur", new_password="un autre mot de passe",
                                                                by="admin"),
}


def _signed_in(repo: Repository) -> AppTest:
    Accounts(repo, hasher=CHEAP).create(login="porteur", password=PASSWORD, roles=["porteur"], by="test")
    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    at.run()
    at.text_input(key="si.login").input("porteur")
    at.text_input(key="si.password").input(PASSWORD)
    at.button[0].click().run()
    assert_clean(at)
    assert at.session_state[SESSION_USER].login == "porteur"
    return at


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_account_is_signed_out_and_its_token_forgotten(repo: Repository, change: str) -> None:
    at = _signed_in(repo)
    token = at.session_state[TOKEN_KEY]
    assert auth._TOKENS.recall(token) is not None

    CHANGES[change](Accounts(repo, hasher=CHEAP))
    at.run()  # the session's next interaction
    assert_clean(at)

    assert SESSION_USER not in at.session_state
    assert [title.value for title in at.title] == ["Connexion"]
    assert any("Votre compte a été modifié" in unescape(text) for text in texts(at.warning))
    assert auth._TOKENS.recall(token) is None  # a reload with the cookie signs nobody in


def test_an_unchanged_account_stays_signed_in(repo: Repository) -> None:
    at = _signed_in(repo)
    at.run()
    assert at.session_state[SESSION_USER].login == "porteur"
    assert "Connexion" not in [title.value for title in at.title]
