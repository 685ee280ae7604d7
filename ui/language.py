"""The dashboard's language, kept across reloads: a preference of the browser before sign-in (a cookie)
and of the account once signed in (evaluation.storage: user_preferences), so that a reload, another
browser or a new sign-in keeps the language chosen. Light: the account's preference is read only once
signed in."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from ui import cookies
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, SESSION_KEY

LANG_COOKIE = "jauge_langue"
LANG_LIFETIME_S = 365 * 24 * 3600
CHOSEN_KEY = "lang.chosen"  # the person chose the language in this session (it then wins over the account's)
ACCOUNT_KEY = "lang.account"  # the account whose preference this session has applied
PENDING_KEY = "lang.pending"  # the account's language, to set before the picker is drawn on the next run


def start(session: MutableMapping[Any, Any], sent: Mapping[str, Any]) -> None:
    """Before the picker is drawn: the language of the account (once read), else the session's, else the
    browser's cookie, else French."""
    pending = session.pop(PENDING_KEY, None)
    if pending in LANGUAGES:
        session[SESSION_KEY] = pending
    if session.get(SESSION_KEY) not in LANGUAGES:
        remembered = sent.get(LANG_COOKIE)
        session[SESSION_KEY] = remembered if remembered in LANGUAGES else DEFAULT_LANGUAGE


def chosen(session: MutableMapping[Any, Any], login: str | None, repository: Any = None) -> None:
    """The person picked a language: kept in the browser, and in the account when signed in."""
    language = session.get(SESSION_KEY)
    if language not in LANGUAGES:
        return
    session[CHOSEN_KEY] = True
    cookies.want(session, LANG_COOKIE, str(language), lifetime_s=LANG_LIFETIME_S)
    if login is not None and repository is not None:
        repository.set_language(login, str(language))


def follow_account(session: MutableMapping[Any, Any], login: str, repository: Any) -> bool:
    """Once per signed-in account: apply its stored language (True: the page must be drawn again in it),
    or store the language chosen in this session before sign-in."""
    if session.get(ACCOUNT_KEY) == login:
        return False
    session[ACCOUNT_KEY] = login
    current = session.get(SESSION_KEY)
    if session.get(CHOSEN_KEY) and current in LANGUAGES:
        repository.set_language(login, str(current))
        return False
    stored = repository.language_of(login)
    if stored in LANGUAGES and stored != current:
        session[PENDING_KEY] = stored
        cookies.want(session, LANG_COOKIE, str(stored), lifetime_s=LANG_LIFETIME_S)
        return True
    return False
