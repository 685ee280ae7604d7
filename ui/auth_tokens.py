"""Sign-in that survives a reload: a random token in an HttpOnly cookie, the account it stands for in the
server's memory (by the token's SHA-256, never the token itself), forgotten after inactivity or sign-out;
the codes and sealing by which the server's cookie route hands the cookie over (ui/cookie_routes.py).

A Streamlit session ends when the browser reloads the page; the cookie lets the next session find the
account again without asking for the password. The registry lives in the server process: a restart
signs everyone out, which is the safe side. No Streamlit import.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

COOKIE = "jauge_session"
DEVICE_COOKIE = "jauge_appareil"
"""A browser that signed in to an account keeps its device proof (evaluation.services.accounts), so that
the account's lock-out, meant for strangers, does not hold its owner."""
User = TypeVar("User")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class _Entry(Generic[User]):
    user: User
    last_activity: float
    created: float = field(default=0.0)


class TokenRegistry(Generic[User]):
    """Tokens of signed-in browsers; thread safe (one server, many sessions)."""

    def __init__(self, *, idle_limit_s: float, lifetime_s: float = float("inf")) -> None:
        self.idle_limit_s = idle_limit_s
        self.lifetime_s = lifetime_s  # however active, a token ends this long after its sign-in
        self._entries: dict[str, _Entry[User]] = {}
        self._lock = threading.Lock()

    def remember(self, user: User, *, now: float | None = None) -> str:
        """A new token for the account (32 random bytes, URL-safe)."""
        token = secrets.token_urlsafe(32)
        at = time.time() if now is None else now
        with self._lock:
            self._entries[_digest(token)] = _Entry(user, at, at)
        return token

    def recall(self, token: str | None, *, now: float | None = None) -> User | None:
        """The account of a token still in use (its activity is refreshed); None when unknown or idle."""
        if not token:
            return None
        now = time.time() if now is None else now
        key = _digest(token)
        with self._lock:
            self._drop_idle(now)
            entry = self._entries.get(key)
            if entry is None:
                return None
            entry.last_activity = now
            return entry.user

    def forget(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._entries.pop(_digest(token), None)

    def forget_where(self, stale: Callable[[User], bool]) -> int:
        """Drop every token whose account is stale (deactivated, roles changed, password reset); how many."""
        with self._lock:
            keys = [key for key, entry in self._entries.items() if stale(entry.user)]
            for key in keys:
                del self._entries[key]
        return len(keys)

    def update(self, token: str | None, user: User) -> None:
        """The account a token stands for, re-read after the session changed it itself."""
        if token:
            with self._lock:
                entry = self._entries.get(_digest(token))
                if entry is not None:
                    entry.user = user

    def _drop_idle(self, now: float) -> None:
        for key in [key for key, entry in self._entries.items()
                    if now - entry.last_activity > self.idle_limit_s or now - entry.created > self.lifetime_s]:
            del self._entries[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


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
