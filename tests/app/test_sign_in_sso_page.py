"""Single sign-on on the sign-in page: no secrets, no provider button (local accounts only); with an
[auth] section, one button per provider; an identity the provider has just vouched for signs in to its
local account, with that account's roles, or is refused in French with a way to sign out of the provider."""

from __future__ import annotations

import time
from typing import Any

from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from evaluation.services.accounts import Accounts
from evaluation.storage import Repository
from tests.app.forms_harness import DASHBOARD, TIMEOUT_S, assert_clean, repo, texts, unescape
from ui.auth import SESSION_USER, SSO_ERROR_KEY, SessionUser

__all__ = ["repo"]

PASSWORD = "un mot de passe assez long"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
EMAIL = "marie.dupont@ville-exemple.fr"
SECRETS: dict[str, Any] = {"auth": {
    "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "un-secret-de-test-assez-long",
    "proconnect": {"label": "ProConnect", "client_id": "jauge", "client_secret": "s",
                   "server_metadata_url": "https://proconnect.example/.well-known/openid-configuration"},
    "maville": {"client_id": "jauge", "client_secret": "s",
                "server_metadata_url": "https://sso.ville.example/.well-known/openid-configuration"},
}}


def _run(*, secrets: dict[str, Any] | None = None, user: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    if secrets:
        at.secrets.update(secrets)
    if user is not None:
        at.user = user
    at.run()
    assert_clean(at)
    return at


def _identity(email: str = EMAIL, *, issued_s_ago: float = 5) -> dict[str, Any]:
    return {"is_logged_in": True, "provider": "proconnect", "email": email, "sub": "abc-123",
            "name": "Marie Dupont", "iat": int(time.time() - issued_s_ago)}


def _sso_buttons(at: AppTest) -> list[str]:
    return [button.label for button in at.button if str(button.key or "").startswith("si.sso.")]


def test_without_secrets_the_sign_in_page_offers_local_accounts_only(repo: Repository) -> None:
    at = _run()
    assert [title.value for title in at.title] == ["Connexion"]
    assert _sso_buttons(at) == []
    assert at.text_input(key="si.login") is not None


def test_each_configured_provider_gets_a_button_under_the_local_form(repo: Repository) -> None:
    at = _run(secrets=SECRETS)
    assert _sso_buttons(at) == ["Se connecter avec ProConnect", "Se connecter avec maville"]
    assert at.text_input(key="si.password") is not None
    assert SESSION_USER not in at.session_state


def test_a_fresh_identity_signs_in_to_its_account_with_the_account_roles(repo: Repository) -> None:
    Accounts(repo, hasher=CHEAP).create(login=EMAIL, password=PASSWORD, roles=["dsi"], name="Marie D.",
                                        by="test")
    at = _run(secrets=SECRETS, user=_identity(EMAIL.upper()))
    assert at.session_state[SESSION_USER] == SessionUser(login=EMAIL, name="Marie D.", roles=("dsi",),
                                                         via="proconnect", version=1)
    assert "Connexion" not in [title.value for title in at.title]
    signed_in_at = repo.get_user(EMAIL).last_sign_in_at
    assert signed_in_at is not None
    assert repo.audit_events(EMAIL)[-1].after == {"failed_sign_ins": 0, "last_sign_in_at": signed_in_at.isoformat(),
                                                  "via": "sso:proconnect"}


def test_an_identity_without_account_is_refused_in_french_with_a_way_out(repo: Repository) -> None:
    at = _run(secrets=SECRETS, user=_identity("inconnu@ville-exemple.fr"))
    assert SESSION_USER not in at.session_state
    assert [unescape(text) for text in texts(at.error)] == [
        "Aucun compte Jauge n'est associé à inconnu@ville-exemple.fr : "
        "demandez à un administrateur de vous en créer un."]
    assert at.button(key="si.sso.logout").label == "Se déconnecter du fournisseur d'identité"
    assert at.session_state[SSO_ERROR_KEY].startswith("Aucun compte Jauge")


def test_an_identity_vouched_for_long_ago_does_not_sign_in_by_itself(repo: Repository) -> None:
    Accounts(repo, hasher=CHEAP).create(login=EMAIL, password=PASSWORD, roles=["dsi"], by="test")
    at = _run(secrets=SECRETS, user=_identity(issued_s_ago=31 * 60))
    assert SESSION_USER not in at.session_state
    assert [title.value for title in at.title] == ["Connexion"]
    assert texts(at.error) == []


def test_signing_out_of_a_single_sign_on_session_forgets_the_provider_identity(repo: Repository) -> None:
    Accounts(repo, hasher=CHEAP).create(login=EMAIL, password=PASSWORD, roles=["dsi"], by="test")
    at = _run(secrets=SECRETS, user=_identity())
    assert at.session_state[SESSION_USER].via == "proconnect"
    at.sidebar.button(key="auth.sign_out").click().run()
    assert_clean(at)
    assert [title.value for title in at.title] == ["Connexion"]
    assert SESSION_USER not in at.session_state
