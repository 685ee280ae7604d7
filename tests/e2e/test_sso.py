"""Single sign-on in a real browser: `streamlit run dashboard.py` with a temporary secrets.toml whose
[auth] section points to a tiny local OpenID Connect provider (tests/support/oidc_provider.py). The
provider's button goes through st.login, the provider and /oauth2callback, and ends signed in as the
local account whose login is the email; an email without account is refused in French."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from evaluation.services.accounts import Accounts
from evaluation.storage import open_repository
from tests.e2e.conftest import (
    LOGIN_FIELD,
    PASSWORD_FIELD,
    SIGNED_IN,
    free_port,
    no_error,
    running_dashboard,
    screenshot,
    shown,
)
from tests.support.oidc_provider import CLIENT_ID, CLIENT_SECRET, TestProvider

pytestmark = pytest.mark.e2e

EMAIL = "marie.dupont@ville-exemple.fr"
LABEL = "Fournisseur de test"
PASSWORD = "mot-de-passe-jamais-utilise-ici"  # noqa: S105 - a throwaway account of a temporary database


@pytest.fixture(scope="module")
def sso_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, TestProvider, str]]:
    """The dashboard with single sign-on through the local test provider, and that provider."""
    directory = tmp_path_factory.mktemp("sso")
    database = f"sqlite:///{directory / 'jauge.sqlite3'}"
    repo = open_repository(database)
    Accounts(repo).create(login=EMAIL, password=PASSWORD, roles=["dsi"], name="Marie Dupont", by="tests-e2e")
    repo.close()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with TestProvider(email=EMAIL, name="Marie Dupont") as provider:
        secrets = directory / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{url}/oauth2callback"\n'
            'cookie_secret = "un-secret-de-cookie-pour-les-tests-du-navigateur"\n'
            "[auth.testidp]\n"
            f'label = "{LABEL}"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{provider.metadata_url}"\n', encoding="utf-8")
        with running_dashboard(directory, database, port=port,
                               extra_args=("--secrets.files", str(secrets))) as running:
            yield running, provider, database


@pytest.fixture
def sso_browser(new_context: Callable[..., BrowserContext]) -> Any:
    return new_context(viewport={"width": 1400, "height": 1200}).new_page()


def _sign_in_through_provider(page: Any, url: str, *, then: Any) -> None:
    """Click the provider's button; st.login -> the provider -> /oauth2callback -> the dashboard again, in a
    new session, which shows `then`."""
    page.goto(f"{url}/")
    page.get_by_role("button", name=f"Se connecter avec {LABEL}").click()
    page.wait_for_url(f"{url}/**")
    shown(then)


def test_the_provider_button_signs_in_as_the_local_account_of_the_email(
        sso_app: tuple[str, TestProvider, str], sso_browser: Any) -> None:
    url, provider, database = sso_app
    provider.email = EMAIL.upper()
    before = provider.token_requests

    _sign_in_through_provider(sso_browser, url, then=sso_browser.locator(SIGNED_IN))

    expect(sso_browser.get_by_text("Connecté :").first).to_be_visible()
    no_error(sso_browser)
    screenshot(sso_browser, "sso-signed-in.png")
    assert provider.token_requests == before + 1
    expect(sso_browser.locator(PASSWORD_FIELD)).to_have_count(0)
    expect(sso_browser.locator("[data-testid='stSidebar']")).to_contain_text("Marie Dupont")
    repo = open_repository(database)
    try:
        event = repo.audit_events(EMAIL)[-1]
    finally:
        repo.close()
    assert (event.action, event.after is not None and event.after.get("via")) == ("sign_in", "sso:testidp")

    # Signing out forgets the provider's identity too: the sign-in page comes back and stays.
    sso_browser.get_by_role("button", name="Se déconnecter").click()
    shown(sso_browser.get_by_role("button", name=f"Se connecter avec {LABEL}"))
    expect(sso_browser.locator(PASSWORD_FIELD)).to_have_count(1)
    expect(sso_browser.locator(SIGNED_IN)).to_have_count(0)


def test_an_email_without_account_is_refused_in_french(sso_app: tuple[str, TestProvider, str],
                                                       sso_browser: Any) -> None:
    url, provider, _ = sso_app
    provider.email = "inconnu@ville-exemple.fr"

    # The address is shown as typed text: an invisible word joiner keeps it from becoming a link (issue 19).
    message = re.compile("Aucun compte Jauge n'est associé à inconnu\u2060?@\u2060?ville-exemple\\.fr : "
                         "demandez à un administrateur de vous en créer un\\.")
    _sign_in_through_provider(sso_browser, url, then=sso_browser.get_by_text(message))

    screenshot(sso_browser, "sso-refused.png")
    expect(sso_browser.locator(LOGIN_FIELD)).to_have_count(1)
    expect(sso_browser.locator(PASSWORD_FIELD)).to_have_count(1)
    expect(sso_browser.get_by_text("Connecté :")).to_have_count(0)
    expect(sso_browser.get_by_role("button", name="Se déconnecter du fournisseur d'identité")).to_have_count(1)
