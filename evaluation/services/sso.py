"""Single sign-on: an identity vouched for by an OpenID Connect provider signs in to its local account.

The provider (the collectivité's own, or ProConnect for public agents) only proves who the person is;
what the person may do stays with the local account and its roles. The account is the active one whose
login is the identity's email address (logins are lower case, so the match ignores case). An identity
without an account, with an unverified address, or whose account is inactive is refused in French;
no account is ever created from a provider's identity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from pydantic import BaseModel, ConfigDict

from evaluation.services.accounts import GENERIC_REFUSAL, SignInRefused
from evaluation.storage import Repository, StoredUser


class SsoRefused(SignInRefused):
    """A provider's identity that signs in to no account (French message)."""


class SsoIdentity(BaseModel):
    """What the provider says about the person (claims of the OpenID Connect id_token)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: str
    email: str
    subject: str | None = None      # the provider's stable id of the person (`sub`)
    name: str | None = None
    email_verified: bool | None = None  # None: the provider did not say

    @classmethod
    def from_claims(cls, provider: str, claims: Mapping[str, object]) -> SsoIdentity:
        """The identity from a provider's claims (st.user); SsoRefused when they hold no email address."""
        email = claims.get("email")
        if not isinstance(email, str) or not email.strip():
            raise SsoRefused("Le fournisseur d'identité n'a pas transmis d'adresse électronique : "
                             "connexion impossible.")
        subject = claims.get("sub")
        name = claims.get("name")
        verified = claims.get("email_verified")
        return cls(provider=provider, email=email.strip(),
                   subject=subject if isinstance(subject, str) else None,
                   name=name if isinstance(name, str) else None,
                   email_verified=verified if isinstance(verified, bool) else None)


def sso_login(email: str) -> str:
    """The login of the account an email address signs in to: the address, trimmed and in lower case."""
    return email.strip().lower()


def no_account_message(email: str) -> str:
    return (f"Aucun compte Jauge n'est associé à {email.strip()} : "
            "demandez à un administrateur de vous en créer un.")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sign_in_with_identity(repository: Repository, identity: SsoIdentity, *,
                          clock: Callable[[], dt.datetime] = _utc_now) -> StoredUser:
    """The active local account of a provider's identity, its sign-in recorded (audit event `sign_in`
    with `via: sso:<provider>`); SsoRefused (French) when there is none or the address is unverified."""
    if identity.email_verified is False:
        raise SsoRefused(f"Le fournisseur d'identité n'a pas vérifié l'adresse {identity.email} : "
                         "connexion impossible.")
    login = sso_login(identity.email)
    user = repository.find_user(login)
    if user is None:
        raise SsoRefused(no_account_message(identity.email))
    if not user.active:
        raise SsoRefused(GENERIC_REFUSAL)
    return repository.record_sign_in(login, at=clock(), via=f"sso:{identity.provider}")
