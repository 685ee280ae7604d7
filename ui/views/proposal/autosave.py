"""The proposal form's autosave, on the page: what a person types is kept on the server on every change
(per person and proposal, apart from the saved versions), put back into the form after a reload, a crash
or a new sign-in with a banner saying so, and discarded on request; others editing the same proposal
are named. Saving stays the only way to make a version (and its edit-conflict rule stays)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from ui import auth, data
from ui.formatting import md_escape
from ui.forms.autosave import autosave_content, local_time, restore_content
from ui.forms.drafts import Draft
from ui.i18n import current_language, t

RESTORED_KEY = "pf.autosave.restored"  # {draft key: (saved at, stored version when restored)}
WRITTEN_KEY = "pf.autosave.written"  # {draft key: (content, saved at)} last kept on the server
# Someone else's unsaved input this recent is worth telling about.
EDITORS_WINDOW = dt.timedelta(hours=8)


def _store(key: str) -> dict[str, Any]:
    store = st.session_state.get(key)
    if not isinstance(store, dict):
        store = {}
        st.session_state[key] = store
    return store


def restore(draft: Draft) -> None:
    """Put the person's unsaved input back into a draft just made in this session (new or loaded)."""
    user = auth.current_user()
    if user is None:
        return
    kept = data.repository().find_autosave(user.login, draft.key)
    if kept is None:
        return
    stored_version = draft.version
    if not restore_content(draft, kept.content):
        return
    if not draft.is_new:
        draft.version = kept.base_version  # a save then meets the edit-conflict rule if someone saved since
    _store(RESTORED_KEY)[draft.key] = (kept.saved_at, stored_version)
    _store(WRITTEN_KEY)[draft.key] = (kept.content, kept.saved_at)


def keep(draft: Draft, *, dirty: bool, editable: bool) -> None:
    """Keep the draft's content on the server when it changed since the last run; forget what was kept
    once the draft is back to what is stored (saved or undone)."""
    user = auth.current_user()
    if user is None or not editable:
        return
    written = _store(WRITTEN_KEY)
    content = autosave_content(draft)
    last = written.get(draft.key)
    try:
        if dirty and (last is None or last[0] != content):
            stored = data.repository().put_autosave(user.login, draft.key, content, base_version=draft.version)
            written[draft.key] = (content, stored.saved_at)
        elif not dirty and last is not None:
            data.repository().discard_autosave(user.login, draft.key)
            written.pop(draft.key, None)
            _store(RESTORED_KEY).pop(draft.key, None)
    except Exception as exc:  # noqa: BLE001 - the form keeps working; the person is told
        st.warning(t("forms.autosave.failed", error=md_escape(str(exc))), icon=":material/cloud_off:")


def forget(draft_key: str) -> None:
    """The person saved or discarded: what was kept for this draft goes."""
    user = auth.current_user()
    _store(WRITTEN_KEY).pop(draft_key, None)
    _store(RESTORED_KEY).pop(draft_key, None)
    if user is not None:
        data.repository().discard_autosave(user.login, draft_key)


def banner(draft: Draft, on_discard: Callable[[str], None]) -> None:
    """The restored input's banner (with its discard button), and who else is editing the proposal."""
    lang = current_language()
    restored = _store(RESTORED_KEY).get(draft.key)
    if restored is not None:
        saved_at, stored_version = restored
        date = local_time(saved_at, lang)
        stale = stored_version is not None and draft.version is not None and stored_version != draft.version
        text = (t("forms.autosave.restored_stale", date=date, version=stored_version) if stale
                else t("forms.autosave.restored", date=date))
        with st.container(key="pf-autosave-restored", horizontal=True, vertical_alignment="center"):
            st.info(text, icon=":material/restore:", width="stretch")
            st.button(t("forms.autosave.discard"), key="pf.autosave.discard", icon=":material/delete_history:",
                      help=t("forms.autosave.discard_help"), on_click=on_discard, args=(draft.key,))
    if draft.is_new:
        return
    user = auth.current_user()
    since = dt.datetime.now(dt.UTC) - EDITORS_WINDOW
    others = [(name, at) for login, name, at in data.repository().autosave_editors(draft.key, since=since)
              if user is None or login != user.login]
    if others:
        names = ", ".join(md_escape(name) for name, _at in others)
        st.warning(t("forms.autosave.others", names=names, date=local_time(others[0][1], lang)),
                   icon=":material/group:")
