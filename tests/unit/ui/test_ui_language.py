"""The language survives a reload: the browser's cookie before sign-in, the account's preference after."""

from __future__ import annotations

from typing import Any

from evaluation.storage import Repository
from ui import cookies, language


def test_a_new_session_starts_in_the_browsers_language_else_french() -> None:
    fresh: dict[str, Any] = {}
    language.start(fresh, {language.LANG_COOKIE: "en"})
    assert fresh["lang"] == "en"
    unknown: dict[str, Any] = {}
    language.start(unknown, {language.LANG_COOKIE: "xx"})
    assert unknown["lang"] == "fr"


def test_a_choice_is_kept_in_the_browser_and_in_the_account(repo: Repository) -> None:
    session: dict[str, Any] = {"lang": "en"}
    language.chosen(session, "elu.a", repo)
    assert cookies.wanted(session, language.LANG_COOKIE) == "en"
    assert repo.language_of("elu.a") == "en"


def test_signing_in_applies_the_accounts_language_once(repo: Repository) -> None:
    repo.set_language("elu.a", "en")
    session: dict[str, Any] = {"lang": "fr"}
    assert language.follow_account(session, "elu.a", repo) is True
    language.start(session, {})  # the next run, before the picker
    assert session["lang"] == "en"
    assert language.follow_account(session, "elu.a", repo) is False


def test_a_choice_made_before_sign_in_becomes_the_accounts(repo: Repository) -> None:
    repo.set_language("elu.a", "fr")
    session: dict[str, Any] = {"lang": "en"}
    language.chosen(session, None)
    assert language.follow_account(session, "elu.a", repo) is False
    assert repo.language_of("elu.a") == "en" and session["lang"] == "en"
