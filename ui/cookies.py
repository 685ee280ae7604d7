"""The cookies a session wants in its browser (the sign-in token, the device proof, the language), written
by a script on EVERY run until the session ends, not once.

Streamlit offers no server response to set a cookie on: a script in the page writes it. A script drawn
once is lost whenever its run is cut short before the browser received it: when a run ends in
st.switch_page or st.rerun (the sign-in page switches to the portfolio right after sign-in), the next run
starts by clearing every message not yet sent to the browser (streamlit.runtime.app_session clears its
browser queue on SCRIPT_STARTED). Under load the queue is flushed late, so the cookie's script was dropped
for some of the people signing in together. Wanted cookies are therefore kept in the session and drawn by
every run (the same element at the same place: written again only if it was never received) unless the
browser already sent that value. Expiry is absolute (`expires_at`), so writing again never extends it.
No Streamlit import.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, MutableMapping
from typing import Any

from ui.auth_tokens import cookie_script

WANTED_KEY = "cookies.wanted"  # {cookie name: (value, expires at, epoch seconds)}; value "" deletes it


def _wanted(session: MutableMapping[Any, Any]) -> dict[str, tuple[str, float]]:
    store = session.get(WANTED_KEY)
    if not isinstance(store, dict):
        store = {}
        session[WANTED_KEY] = store
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


def scripts(session: MutableMapping[Any, Any], sent: Mapping[str, Any], *, secure: bool,
            now: float | None = None) -> str:
    """The script writing every wanted cookie the browser did not send (`sent`: its cookies when the
    session opened); "" when there is none. Expired wishes are dropped."""
    now = time.time() if now is None else now
    store = _wanted(session)
    parts = []
    for name, (value, expires_at) in sorted(store.items()):
        if value and expires_at <= now:
            del store[name]
            continue
        if sent.get(name) == value or (not value and name not in sent):
            continue
        parts.append(cookie_script(value or None, max_age_s=max(1, int(expires_at - now)), secure=secure,
                                   name=name))
    return "".join(parts)
