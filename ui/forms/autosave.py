"""What the proposal form keeps on the server as a person types: the draft's content (its fields, its
options with their stable ids), to put back into a draft after a reload, a crash or a new sign-in.
No Streamlit import (the page, ui/views/proposal/autosave.py, reads and writes the repository)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evaluation.storage import plain_json
from ui.forms.drafts import NEW_DRAFT, Draft

NEW_PROPOSAL_KEY = NEW_DRAFT  # the autosave key of a proposal not created yet (the repository's "new")


def autosave_content(draft: Draft) -> dict[str, Any]:
    """The draft's content as the database keeps it (plain JSON: dates as ISO text)."""
    return {"doc": plain_json(draft.doc), "options": plain_json(draft.options), "next_uid": draft.next_uid}


def restore_content(draft: Draft, content: Any) -> bool:
    """Put an autosave's content back into a draft; False (the draft untouched) when it is not a draft's
    content (written by another version of the form)."""
    if not isinstance(content, dict):
        return False
    doc, options = content.get("doc"), content.get("options")
    if not isinstance(doc, dict) or not isinstance(options, list):
        return False
    if not all(isinstance(option, dict) and isinstance(option.get("_uid"), int) for option in options):
        return False
    uids = [int(option["_uid"]) for option in options]
    if len(set(uids)) != len(uids):
        return False
    draft.doc = doc
    draft.options = options
    draft.next_uid = max([draft.next_uid, int(content.get("next_uid") or 0), *(uid + 1 for uid in uids)])
    return True


def local_time(at: dt.datetime, lang: str) -> str:
    """`03/12/2026 à 09:12` (French local time) or `2026-12-03 09:12` in English."""
    try:
        local = at.astimezone(ZoneInfo("Europe/Paris"))
    except ZoneInfoNotFoundError:  # pragma: no cover - depends on the system's tzdata
        local = at.astimezone(dt.UTC)
    return local.strftime("%d/%m/%Y à %H:%M" if lang == "fr" else "%Y-%m-%d %H:%M")
