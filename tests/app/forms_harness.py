"""Fixtures of the input pages' AppTest tests: a temporary SQLite database and a page opened through
the dashboard's navigation (so that page links resolve)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from evaluation.config import get_config
from evaluation.resources import ROOT
from evaluation.storage import Repository, open_repository
from ui.auth import SESSION_USER, SessionUser

DASHBOARD = ROOT / "dashboard.py"
SAMPLE_PORTFOLIO = ROOT / "data" / "samples" / "portfolio.yaml"
TIMEOUT_S = 120

# People signed in for the tests (the session holds them as the sign-in page would).
PORTEUR = SessionUser(login="porteur", name="Paule Porteur", roles=("porteur",))
DSI = SessionUser(login="dsi.martin", name="Marc Martin", roles=("dsi",))
ELU = SessionUser(login="elu.durand", name="Élise Durand", roles=("elu",))
ADMIN = SessionUser(login="admin", name="Ada Admin", roles=("admin",))


def _clear() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    get_config.cache_clear()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Repository]:
    """An empty repository on a temporary SQLite file, the one the dashboard opens too."""
    url = f"sqlite:///{tmp_path / 'jauge.sqlite3'}"
    monkeypatch.setenv("JAUGE_DATABASE_URL", url)
    monkeypatch.setenv("JAUGE_DATA_DIR", str(tmp_path))
    _clear()
    repository = open_repository(url)
    yield repository
    repository.close()
    _clear()


def ensure_account(user: SessionUser) -> None:
    """The stored account behind a test's signed-in session, with the session's roles: the dashboard
    re-reads the account on every run and signs out a session whose account is missing, inactive or
    changed (issue 19). Created once per database, with a cheap hash (no sign-in goes through it)."""
    from evaluation.config import database_url

    repository = open_repository(database_url(get_config()))
    try:
        stored = repository.find_user(user.login)
        if stored is None:
            repository.create_user(login=user.login, name=user.name, roles=list(user.roles),
                                   password_hash="$argon2id$v=19$m=8,t=1,p=1$c2VsLXRlc3Q$aGFzaC1vZi10ZXN0",
                                   actor="test")
        elif tuple(str(role) for role in stored.roles) != user.roles or not stored.active:
            repository.update_user(user.login, roles=list(user.roles), active=True, actor="test")
    finally:
        repository.close()


def open_page(module: str, *, user: SessionUser | None = PORTEUR, query: dict[str, str] | None = None,
              session: dict[str, Any] | None = None, lang: str | None = None) -> AppTest:
    """The dashboard with one of the pages of ui/views/ shown, after its first run, `user` signed in."""
    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    if user is not None:
        ensure_account(user)
        at.session_state[SESSION_USER] = user
    for key, value in (session or {}).items():
        at.session_state[key] = value
    if lang:
        at.session_state["lang"] = lang
    at.run()
    at.switch_page(f"ui/views/{module}")
    if query:
        at.query_params.update(query)
    at.run()
    assert_clean(at)
    return at


def open_tab(at: AppTest, section: str, *, run: bool = True) -> AppTest:
    """Open a tab of the proposal form (ui/forms/drafts.py SECTIONS: "need", "options", "usage", "costs",
    "benefits", "governance") and run: only the open tab's fields are drawn, and AppTest cannot click a
    tab, so its state (the tab's label, in the page's language) is set the way Streamlit allows, through
    the session state of the tabs' key, as a click would (`run=False`: the caller runs)."""
    from ui.forms.drafts import SECTIONS
    from ui.views.proposal.tabs import TABS_KEY

    labels = [tab.label for tab in at.tabs]
    assert len(labels) == len(SECTIONS), f"the proposal form's tabs are not on the page: {labels}"
    at.session_state[TABS_KEY] = labels[SECTIONS.index(section)]
    if run:
        at.run()
        assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    """No traceback on the page."""
    assert [exception.value for exception in at.exception] == []


def texts(elements: Any) -> list[str]:
    return [str(element.value) for element in elements]


def field_errors(at: AppTest) -> list[str]:
    """The French messages shown under fields (red captions), unescaped."""
    return [unescape(value) for value in texts(at.caption) if value.startswith(":red[")]


def unescape(text: str) -> str:
    """Markdown as a person reads it: backslash escapes and the invisible word joiners that keep typed
    addresses from becoming links (ui.formatting.md_escape) removed."""
    text = text.replace("\u2060", "")
    out, skip = [], False
    for char in text:
        if char == "\\" and not skip:
            skip = True
            continue
        out.append(char)
        skip = False
    return "".join(out)
