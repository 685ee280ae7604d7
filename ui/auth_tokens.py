"""Sign-in that survives a reload: a random token in an HttpOnly cookie, the account it stands for in the
database (by the token's SHA-256, never the token itself), forgotten after inactivity or sign-out;
the codes and sealing by which the server's cookie route hands the cookie over (ui/cookie_routes.py).

A Streamlit session ends when the browser reloads the page; the cookie lets the next session find the
account again without asking for the password. The tokens live in the database, so that every dashboard
server on it knows them: a restart, or a failover behind the proxy, keeps the browser signed in. No Streamlit
import.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

COOKIE = "jauge_session"
DEVICE_COOKIE = "jauge_appareil"
"""A browser that signed in to an account keeps its device proof (evaluation.services.accounts), so that
the account's lock-out, meant for strangers, does not hold its owner."""
User = TypeVar("User")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenRegistry(Generic[User]):
    """Tokens of signed-in browsers, kept in the database (evaluation.storage.repositories.remembered_sign_ins)
    by their SHA-256, so that every dashboard server on it knows them: `store()` gives the repository, `encode`
    and `decode` turn an account into the JSON stored and back, `login_of` names its account."""

    def __init__(self, store: Callable[[], Any], *, encode: Callable[[User], dict[str, Any]],
                 decode: Callable[[dict[str, Any]], User], login_of: Callable[[User], str],
                 idle_limit_s: float, lifetime_s: float = float("inf")) -> None:
        self._store = store
        self._encode, self._decode, self._login_of = encode, decode, login_of
        self.idle_limit_s = idle_limit_s
        self.lifetime_s = lifetime_s  # however active, a token ends this long after its sign-in

    def remember(self, user: User, *, now: float | None = None) -> str:
        """A new token for the account (32 random bytes, URL-safe)."""
        token = secrets.token_urlsafe(32)
        self._store().remember_sign_in(_digest(token), login=self._login_of(user), account=self._encode(user),
                                       at=time.time() if now is None else now, idle_limit_s=self.idle_limit_s,
                                       lifetime_s=self.lifetime_s)
        return token

    def recall(self, token: str | None, *, now: float | None = None) -> User | None:
        """The account of a token still in use (its activity is kept); None when unknown, idle or too old."""
        if not token:
            return None
        account = self._store().recall_sign_in(_digest(token), at=time.time() if now is None else now,
                                               idle_limit_s=self.idle_limit_s, lifetime_s=self.lifetime_s)
        return None if account is None else self._decode(account)

    def forget(self, token: str | None) -> None:
        if token:
            self._store().forget_sign_in(_digest(token))

    def forget_login(self, login: str) -> int:
        """Drop every token of an account (deactivated, roles changed, password reset); how many."""
        return int(self._store().forget_sign_ins_of(login))

    def update(self, token: str | None, user: User) -> None:
        """The account a token stands for, re-read after the session changed it itself."""
        if token:
            self._store().update_sign_in(_digest(token), self._encode(user))


def device_value(login: str, proof: str) -> str:
    """The device cookie of an account: its proof (hex) and its login (URL-safe base64, no padding)."""
    encoded = base64.urlsafe_b64encode(login.encode("utf-8")).decode("ascii").rstrip("=")
    return f"{proof}-{encoded}"


def device_proof_for(value: object, login: str) -> str | None:
    """The proof a device cookie holds for `login`; None when it is absent, malformed or another login's."""
    if not isinstance(value, str) or "-" not in value:
        return None
    proof, encoded = value.split("-", 1)
    try:
        owner = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    return proof if owner == login and proof.isalnum() else None


def new_code() -> str:
    """A cookie code (ui/cookies.py): 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def code_digest(code: str) -> str:
    """The key a cookie code is stored under (its SHA-256): the database never holds the code itself."""
    return hashlib.sha256(b"jauge cookie code\0" + code.encode("utf-8")).hexdigest()


def _pad(code: str, size: int) -> bytes:
    return hashlib.shake_256(b"jauge cookie seal\0" + code.encode("utf-8")).digest(size)


def seal(value: str, code: str) -> str:
    """A cookie's value as stored beside its code's digest (hex): XORed with a key stream drawn from the code,
    so that the stored row alone gives no usable cookie, and the code alone (left in the page once spent,
    its row deleted) neither. A code seals one value only."""
    data = value.encode("utf-8")
    return bytes(a ^ b for a, b in zip(data, _pad(code, len(data)), strict=True)).hex()


def unseal(sealed: str, code: str) -> str | None:
    """The value `seal` hid with this code; None when `sealed` is not what `seal` writes."""
    try:
        data = bytes.fromhex(sealed)
        return bytes(a ^ b for a, b in zip(data, _pad(code, len(data)), strict=True)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def cookie_script(token: str | None, *, max_age_s: int, secure: bool, name: str = COOKIE) -> str:
    """The script that stores (or, with no token, deletes) a cookie a script may read: only the language's
    now (ui/cookies.py); the sign-in and device cookies are HttpOnly, set by the server (ui/cookie_routes.py)."""
    if token is not None and not all(ch.isalnum() or ch in "-_" for ch in token):
        raise ValueError("a token is URL-safe base64")
    value = token or ""
    age = max_age_s if token else 0
    flags = "; Secure" if secure else ""
    return (f"<script>document.cookie = '{name}={value}; Path=/; Max-Age={age}; SameSite=Strict{flags}';"
            "</script>")
