"""The cookies a session wants in its browser (the sign-in token, the device proof, the language), asked for
on EVERY run until the session ends, not once.

The sign-in token and the device proof are HttpOnly (no script of the page can read them): they are set by a
real HTTP response of the server, its cookie route (ui/cookie_routes.py). The session keeps the cookie's value
sealed in the database under a short-lived, single-use code (ui/cookie_routes.CodeStore), and the page's
script posts that code to the route, which answers with `Set-Cookie: ...; HttpOnly`. Deleting the sign-in
cookie goes through the route too. The language cookie, which holds nothing secret, is still written by the
script itself.

Why every run: a script drawn once is lost whenever its run is cut short before the browser received it:
when a run ends in st.switch_page or st.rerun (the sign-in page switches to the portfolio right after
sign-in), the next run starts by clearing every message not yet sent to the browser
(streamlit.runtime.app_session clears its browser queue on SCRIPT_STARTED). Under load the queue is flushed
late, so the cookie's script was dropped for some of the people signing in together. Wanted cookies are
therefore kept in the session and drawn by every run (the same element at the same place: run again only if
it was never received) unless the browser already sent that value. A code that expired unused is replaced
by a new one (same cookie value); one the route took is not drawn again. Expiry is absolute (`expires_at`),
so setting a cookie again never extends it. No Streamlit import.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, MutableMapping
from typing import Any, Protocol

from ui.auth_tokens import COOKIE, DEVICE_COOKIE, cookie_script

WANTED_KEY = "cookies.wanted"  # {cookie name: (value, expires at, epoch seconds)}; value "" deletes it
CODES_KEY = "cookies.codes"  # {cookie name: [value, code, code expires at, taken, waited for]} (HttpOnly ones)
HTTP_ONLY = frozenset({COOKIE, DEVICE_COOKIE})  # set and deleted by the server's cookie route only
CODE_LIFETIME_S = 5 * 60
SET_ROUTE = "/_jauge/cookie"  # POST a code: Set-Cookie (ui/cookie_routes.py)
FORGET_ROUTE = "/_jauge/cookie/delete"  # POST a cookie's name: deleted (the sign-in token also forgotten)


class CodeStore(Protocol):
    """Where a session leaves its HttpOnly cookies for the route (ui/cookie_routes.CodeStore)."""

    def issue(self, name: str, value: str, *, cookie_expires_at: float, expires_at: float) -> str: ...

    def waits(self, code: str) -> bool: ...


def _wanted(session: MutableMapping[Any, Any]) -> dict[str, tuple[str, float]]:
    store = session.get(WANTED_KEY)
    if not isinstance(store, dict):
        store = {}
        session[WANTED_KEY] = store
    return store


def _codes(session: MutableMapping[Any, Any]) -> dict[str, list[Any]]:
    store = session.get(CODES_KEY)
    if not isinstance(store, dict):
        store = {}
        session[CODES_KEY] = store
    return store


def want(session: MutableMapping[Any, Any], name: str, value: str, *, lifetime_s: float,
         now: float | None = None) -> None:
    """Ask for a cookie in the browser from this run on (`value` "" deletes it)."""
    now = time.time() if now is None else now
    _wanted(session)[name] = (value, now + lifetime_s if value else now)


def wanted(session: MutableMapping[Any, Any], name: str) -> str | None:
    """The value this session asked for (None: it asked for nothing; "": deletion)."""
    entry = session.get(WANTED_KEY, {}).get(name) if isinstance(session.get(WANTED_KEY), dict) else None
    return None if entry is None else str(entry[0])


def route_path(route: str, base_url_path: str = "") -> str:
    """A route's path under Streamlit's server.baseUrlPath (e.g. "jauge" → "/jauge/_jauge/cookie")."""
    base = base_url_path.strip("/")
    return f"/{base}{route}" if base else route


def post_script(path: str, body: str = "") -> str:
    """The script posting `body` (a URL-safe code, or nothing) to one of the server's cookie routes."""
    if not all(ch.isalnum() or ch in "-_/" for ch in path + body):
        raise ValueError("a route and a code are URL-safe")
    return (f"<script>fetch('{path}', {{method: 'POST', credentials: 'same-origin', body: '{body}', "
            "cache: 'no-store'}).catch(() => undefined);</script>")


def _http_only_script(session: MutableMapping[Any, Any], name: str, value: str, expires_at: float,
                      codes: CodeStore, now: float, base_url_path: str) -> str:
    """The script handing the route this cookie's code (a new code when there is none for this value or
    the last one expired untaken); "" once the route took it."""
    entry = _codes(session).get(name)
    if entry is not None and entry[0] == value:
        if entry[3]:
            return ""
        if entry[2] <= now:
            if not codes.waits(entry[1]):  # taken by the route: the browser has the cookie
                entry[3] = True
                return ""
            entry = None
    if entry is None or entry[0] != value:
        code_expires_at = min(now + CODE_LIFETIME_S, expires_at)
        code = codes.issue(name, value, cookie_expires_at=expires_at, expires_at=code_expires_at)
        entry = [value, code, code_expires_at, False, False]
        _codes(session)[name] = entry
    return post_script(route_path(SET_ROUTE, base_url_path), str(entry[1]))


def wait_taken(session: MutableMapping[Any, Any], codes: CodeStore, *, timeout_s: float,
               interval_s: float = 0.05) -> bool:
    """Wait, at most `timeout_s`, until the route took the codes this session drew and never waited for (the
    run drawing them goes on meanwhile: Streamlit sends what a run draws while it runs); True when it did.

    Called right after a sign-in's code is drawn, it keeps the dashboard from showing before the browser holds
    the sign-in cookie: a reload at once still finds it. Each code is waited for once (a browser that never
    posts it slows one run only)."""
    pending = [entry for entry in _codes(session).values() if not entry[3] and not entry[4]]
    for entry in pending:
        entry[4] = True
    deadline = time.monotonic() + timeout_s
    while True:
        for entry in pending:
            entry[3] = not codes.waits(entry[1])
        pending = [entry for entry in pending if not entry[3]]
        if not pending:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval_s)


def scripts(session: MutableMapping[Any, Any], sent: Mapping[str, Any], *, secure: bool,
            now: float | None = None, codes: CodeStore | None = None, base_url_path: str = "") -> str:
    """The script writing every wanted cookie the browser did not send (`sent`: its cookies when the
    session opened); "" when there is none. Expired wishes are dropped. HttpOnly cookies (HTTP_ONLY) are
    handed to the server's route through `codes`, which they need."""
    now = time.time() if now is None else now
    store = _wanted(session)
    parts = []
    for name, (value, expires_at) in sorted(store.items()):
        if value and expires_at <= now:
            del store[name]
            continue
        if sent.get(name) == value or (not value and name not in sent):
            continue
        if name in HTTP_ONLY:
            if not value:
                parts.append(post_script(route_path(FORGET_ROUTE, base_url_path), name))
            elif codes is None:
                raise ValueError(f"the cookie {name} is set by the server's route: a code store is needed")
            else:
                parts.append(_http_only_script(session, name, value, expires_at, codes, now, base_url_path))
            continue
        parts.append(cookie_script(value or None, max_age_s=max(1, int(expires_at - now)), secure=secure,
                                   name=name))
    return "".join(parts)
