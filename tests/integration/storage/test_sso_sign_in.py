"""Single sign-on on SQLite and PostgreSQL: a provider's identity signs in to the active account whose
login is its email address, recorded in the audit trail; anything else is refused in French."""

from __future__ import annotations

import datetime as dt

import pytest

from evaluation.services.accounts import GENERIC_REFUSAL, Accounts, InvalidAccount, SignInRefused
from evaluation.services.sso import SsoIdentity, SsoRefused, sign_in_with_identity, sso_login
from evaluation.storage import Repository
from tests.support.workflow import cheap_hasher

PASSWORD = "correct-horse-battery"
AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
EMAIL = "marie.dupont@ville-exemple.fr"


def _at() -> dt.datetime:
    return AT


@pytest.fixture
def accounts(repository: Repository) -> Accounts:
    accounts = Accounts(repository, hasher=cheap_hasher())
    accounts.create(login=EMAIL, password=PASSWORD, roles=["dsi", "elu"], name="Marie Dupont", by="cli:root")
    return accounts


def _identity(email: str = EMAIL, **claims: object) -> SsoIdentity:
    return SsoIdentity.from_claims("proconnect", {"email": email, "sub": "abc-123", "name": "M. D.", **claims})


def test_an_identity_signs_in_to_the_account_whose_login_is_its_email_whatever_the_case(
        accounts: Accounts, repository: Repository) -> None:
    user = sign_in_with_identity(repository, _identity("  Marie.Dupont@Ville-Exemple.FR "), clock=_at)

    assert user.login == EMAIL
    assert [role.value for role in user.roles] == ["dsi", "elu"]
    assert user.last_sign_in_at == AT


def test_a_single_sign_on_is_recorded_in_the_audit_trail_with_its_provider(accounts: Accounts,
                                                                           repository: Repository) -> None:
    sign_in_with_identity(repository, _identity(), clock=_at)

    event = repository.audit_events(EMAIL)[-1]
    assert event.action == "sign_in"
    assert event.actor == EMAIL
    assert event.after is not None and event.after["via"] == "sso:proconnect"


def test_a_single_sign_on_clears_the_failed_password_counter(accounts: Accounts, repository: Repository) -> None:
    with pytest.raises(SignInRefused, match="incorrect"):
        accounts.sign_in(EMAIL, "mauvais-mot-de-passe")
    before = repository.find_user(EMAIL)
    assert before is not None and before.failed_sign_ins == 1

    assert sign_in_with_identity(repository, _identity(), clock=_at).failed_sign_ins == 0


def test_an_identity_without_an_account_is_refused_in_french_naming_its_address(
        accounts: Accounts, repository: Repository) -> None:
    with pytest.raises(SsoRefused) as caught:
        sign_in_with_identity(repository, _identity("inconnu@ville-exemple.fr"), clock=_at)

    assert str(caught.value) == ("Aucun compte Jauge n'est associé à inconnu@ville-exemple.fr : "
                                 "demandez à un administrateur de vous en créer un.")
    assert repository.audit_events("inconnu@ville-exemple.fr") == []


def test_an_inactive_account_gets_the_same_refusal_as_a_password_sign_in(accounts: Accounts,
                                                                         repository: Repository) -> None:
    accounts.set_active(EMAIL, False, by="cli:root")

    with pytest.raises(SsoRefused, match=GENERIC_REFUSAL):
        sign_in_with_identity(repository, _identity(), clock=_at)
    assert [event.action for event in repository.audit_events(EMAIL)][-1] != "sign_in"


def test_an_address_the_provider_did_not_verify_is_refused(accounts: Accounts, repository: Repository) -> None:
    with pytest.raises(SsoRefused, match="pas vérifié"):
        sign_in_with_identity(repository, _identity(email_verified=False), clock=_at)

    assert sign_in_with_identity(repository, _identity(email_verified=True), clock=_at).login == EMAIL


def test_a_local_login_that_is_not_an_email_is_never_reached_by_single_sign_on(accounts: Accounts,
                                                                                repository: Repository) -> None:
    accounts.create(login="marie", password=PASSWORD, roles=["admin"], by="cli:root")

    with pytest.raises(SsoRefused, match="Aucun compte Jauge"):
        sign_in_with_identity(repository, _identity("marie@autre-collectivite.fr"), clock=_at)


def test_claims_without_an_email_are_refused() -> None:
    with pytest.raises(SsoRefused, match="adresse électronique"):
        SsoIdentity.from_claims("proconnect", {"sub": "abc-123", "name": "Sans adresse"})


def test_claims_keep_subject_name_and_verification_only_when_typed_as_expected() -> None:
    identity = SsoIdentity.from_claims("maville", {"email": EMAIL, "sub": 42, "name": "Marie",
                                                   "email_verified": "true"})

    assert (identity.subject, identity.name, identity.email_verified) == (None, "Marie", None)
    assert sso_login("  A.B@C.FR ") == "a.b@c.fr"


def test_an_email_address_is_accepted_as_a_login_but_not_one_with_capitals_or_two_ats(
        repository: Repository) -> None:
    accounts = Accounts(repository, hasher=cheap_hasher())
    accounts.create(login="agent+jauge@mairie.example.fr", password=PASSWORD, roles=["elu"], by="cli:root")

    for login in ("Agent@mairie.fr", "a@b@mairie.fr", "agent@mairie", "@mairie.fr", f"{'a' * 96}@x.fr"):
        with pytest.raises(InvalidAccount, match="Identifiant invalide"):
            accounts.create(login=login, password=PASSWORD, roles=["elu"], by="cli:root")
