"""Which single sign-on providers the secrets configure, and when a provider's identity is fresh enough."""

from __future__ import annotations

from ui.auth import fresh_identity, sso_providers

PROVIDER = {"client_id": "jauge", "client_secret": "s", "server_metadata_url": "https://idp.example/.well-known"}


def test_no_auth_section_means_no_provider() -> None:
    assert sso_providers(None) == []
    assert sso_providers({}) == []


def test_each_provider_sub_section_with_a_client_is_listed_with_its_label_or_name() -> None:
    section = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x",
               "proconnect": {**PROVIDER, "label": "ProConnect"}, "maville": PROVIDER,
               "incomplete": {"label": "Sans client"}, "client_kwargs": {"client_id": "not-a-provider"}}
    assert sso_providers(section) == [("proconnect", "ProConnect"), ("maville", "maville")]


def test_client_settings_in_the_section_itself_are_the_default_provider() -> None:
    assert sso_providers({"redirect_uri": "r", "cookie_secret": "c", **PROVIDER, "label": "Ma ville"}) == [
        ("default", "Ma ville")]


def test_an_identity_is_fresh_within_the_inactivity_limit_only() -> None:
    assert fresh_identity({"iat": 1_000}, now=1_000 + 30 * 60, limit_s=30 * 60)
    assert not fresh_identity({"iat": 1_000}, now=1_000 + 30 * 60 + 1, limit_s=30 * 60)
    assert not fresh_identity({}, now=1_000)
    assert not fresh_identity({"iat": "1000"}, now=1_000)
    assert not fresh_identity({"iat": True}, now=1_000)
