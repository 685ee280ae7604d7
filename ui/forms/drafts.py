"""The proposal form's draft: what a person typed, kept in the session (validated once per change by
ui/forms/validation.py).

A draft holds the proposal's fields as a nested dict and its options as a list of dicts, each with a
stable `_uid` so that widget keys survive adding, duplicating and removing options. Widgets are keyed
`pf|<draft key>|<path>`: `title`, `governance.dpia`, `opt:<uid>:usage.users`. The draft is the
canonical copy (widget states are dropped on a page change; the draft is not). No Streamlit import:
the session is passed in as a mutable mapping.
"""

from __future__ import annotations

import contextlib
import copy
import re
import unicodedata
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from evaluation.domain.option import GENAI_KINDS, Option, OptionKind
from evaluation.domain.proposal import Proposal
from evaluation.exchange.documents import proposal_document
from evaluation.exchange.dotted_paths import get_dotted, set_dotted
from ui.forms.field_specs import normalise, untouched_removed
from ui.forms.numbers import typed_value

DRAFTS_KEY = "pf.drafts"
NEW_DRAFT = "new"
OPTION_PREFIX = "opt:"

# Option fields shown (and kept when the kind changes) for each kind; the rest of the model's
# fields (name, kind, description, costs, benefits) are always shown.
_ALWAYS = frozenset({"name", "kind", "description", "costs", "benefits", "usage"})
_HOSTED = frozenset({"zone", "data_location", "pue", "wue"})
KIND_FIELDS: dict[OptionKind, frozenset[str]] = {
    OptionKind.NON_AI: _ALWAYS,
    OptionKind.RULES: _ALWAYS | _HOSTED | {"compute"},
    OptionKind.ML: _ALWAYS | _HOSTED | {"compute", "training"},
    OptionKind.VISION: _ALWAYS | _HOSTED | {"compute", "training"},
    OptionKind.GENAI_API: _ALWAYS | {"provider", "model", "zone", "data_location"},
    OptionKind.GENAI_SELF_HOSTED: _ALWAYS | _HOSTED | {"provider", "model", "parameters", "compute", "training"},
}
_TOKENS = frozenset({"output_tokens_per_request", "input_tokens_per_request"})
_REQUESTS = frozenset({"requests_per_user_per_day", "days_per_year"})


def usage_fields(kind: OptionKind) -> frozenset[str]:
    """Usage fields that mean something for an option kind."""
    if kind is OptionKind.NON_AI:
        return frozenset({"users"})
    if kind in GENAI_KINDS:
        return frozenset({"users"}) | _REQUESTS | _TOKENS
    return frozenset({"users"}) | _REQUESTS


# Sections of the form, in the order of its tabs.
SECTIONS = ("need", "options", "usage", "costs", "benefits", "governance")
_OPTION_SECTION = {"usage": "usage", "compute": "usage", "training": "usage", "costs": "costs",
                   "benefits": "benefits"}


def widget_key(draft_key: str, path: str) -> str:
    return f"pf|{draft_key}|{path}"


def option_path(uid: int, dotted: str = "") -> str:
    return f"{OPTION_PREFIX}{uid}:{dotted}"


def split_option_path(path: str) -> tuple[int, str] | None:
    """(uid, dotted field) of an option path, None for a proposal field."""
    if not path.startswith(OPTION_PREFIX):
        return None
    uid, _, dotted = path[len(OPTION_PREFIX):].partition(":")
    return int(uid), dotted


def section_of(path: str) -> str:
    """The form section (tab) a field path belongs to."""
    located = split_option_path(path)
    if located is None:
        if path.startswith("governance"):
            return "governance"
        return "options" if path == "options" else "need"
    head = located[1].split(".")[0]
    return _OPTION_SECTION.get(head, "options")


def slugify(text: str) -> str:
    """An identifier made from a title: `Assistant de rédaction` -> `assistant-de-redaction`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-")


def _delete(data: dict[str, Any], dotted: str) -> None:
    keys = dotted.split(".")
    for key in keys[:-1]:
        nxt = data.get(key)
        if not isinstance(nxt, dict):
            return
        data = nxt
    data.pop(keys[-1], None)


@dataclass(frozen=True)
class Problem:
    """One validation error, located on a form path (of the proposal form or the settings form)."""

    path: str  # a field path, "opt:<uid>:" for an option as a whole, "options" for the list, "" for the proposal
    message: str
    section: str


def problems_by_path(problems: Iterable[Problem]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for problem in problems:
        out.setdefault(problem.path, []).append(problem.message)
    return out


@dataclass
class Draft:
    """A proposal being written: new, or loaded from the repository at `version`."""

    key: str
    doc: dict[str, Any] = field(default_factory=dict)
    options: list[dict[str, Any]] = field(default_factory=list)
    version: int | None = None
    status: str | None = None
    next_uid: int = 0
    baseline: Any = None  # the document as last loaded or saved, to tell whether anything changed
    owner: str | None = None  # the login that created the stored proposal
    # The last validation and what it was made of (ui.forms.validation): a draft is validated once per change.
    validation: Any = field(default=None, compare=False, repr=False)

    @property
    def is_new(self) -> bool:
        return self.version is None

    @classmethod
    def new(cls, key: str = NEW_DRAFT) -> Draft:
        draft = cls(key=key, doc={"id": "", "title": "", "category": "autre", "governance": {}})
        draft.add_option(OptionKind.NON_AI, name="")
        draft.add_option(OptionKind.GENAI_API, name="")
        # The empty form does not validate (its title is empty): its canonical form is its document without
        # the values of untouched widgets (ui.forms.validation.untouched).
        options = [untouched_removed(Option, option) for option in draft.document()["options"]]
        draft.mark_saved({**untouched_removed(Proposal, draft.document()), "options": options})
        return draft

    @classmethod
    def from_proposal(cls, proposal: Proposal, *, version: int | None, status: str | None,
                      owner: str | None = None) -> Draft:
        """A draft of a stored proposal; what it holds is what is stored: its document (the one dump policy)."""
        data = proposal_document(proposal)
        options = data.pop("options", [])
        draft = cls(key=proposal.id, doc=data, version=version, status=status, owner=owner)
        for option in options:
            draft._append(option)
        draft.mark_saved(proposal.model_dump(mode="json"))
        return draft

    def mark_saved(self, canonical: Any) -> None:
        """What is in the draft now is what is stored (or, for a new draft, the empty form): `canonical` is
        its validation's canonical form (ui.forms.validation.Validation.canonical)."""
        self.baseline = canonical

    # Options -----------------------------------------------------------------------------------
    def _append(self, option: dict[str, Any], *, at: int | None = None) -> int:
        uid = self.next_uid
        self.next_uid += 1
        option = dict(option)
        option["_uid"] = uid
        if at is None:
            self.options.append(option)
        else:
            self.options.insert(at, option)
        return uid

    def uids(self) -> list[int]:
        return [int(option["_uid"]) for option in self.options]

    def option(self, uid: int) -> dict[str, Any]:
        for option in self.options:
            if option["_uid"] == uid:
                return option
        raise KeyError(uid)

    def index_of(self, uid: int) -> int:
        return self.uids().index(uid)

    def add_option(self, kind: OptionKind, *, name: str = "") -> int:
        return self._append({"name": name, "kind": kind.value})

    def duplicate_option(self, uid: int, *, suffix: str) -> int:
        source = copy.deepcopy(self.option(uid))
        source.pop("_uid", None)
        names = {str(option.get("name", "")) for option in self.options}
        base = str(source.get("name") or "").strip()
        name = f"{base} {suffix}".strip()
        number = 2
        while name in names:
            name = f"{base} {suffix} {number}".strip()
            number += 1
        source["name"] = name
        return self._append(source, at=self.index_of(uid) + 1)

    def remove_option(self, uid: int) -> None:
        self.options = [option for option in self.options if option["_uid"] != uid]

    def change_kind(self, uid: int, kind: OptionKind) -> list[str]:
        """Set an option's kind and drop the fields that mean nothing for it; returns the dropped paths."""
        option = self.option(uid)
        option["kind"] = kind.value
        dropped = [key for key in list(option) if not key.startswith("_") and key not in KIND_FIELDS[kind]]
        for key in dropped:
            option.pop(key)
        usage = option.get("usage")
        if isinstance(usage, dict):
            for key in list(usage):
                if key not in usage_fields(kind):
                    usage.pop(key)
                    dropped.append(f"usage.{key}")
        return dropped

    # Paths -------------------------------------------------------------------------------------
    def get(self, path: str) -> Any:
        located = split_option_path(path)
        if located is None:
            return get_dotted(self.doc, path)
        uid, dotted = located
        return get_dotted(self.option(uid), dotted)

    def set(self, path: str, value: Any) -> None:
        located = split_option_path(path)
        target = self.doc if located is None else self.option(located[0])
        dotted = path if located is None else located[1]
        set_dotted(target, dotted, value)

    def delete(self, path: str) -> None:
        located = split_option_path(path)
        if located is None:
            _delete(self.doc, path)
        else:
            _delete(self.option(located[0]), located[1])

    # Documents ---------------------------------------------------------------------------------
    def suggested_id(self) -> str:
        return slugify(str(self.doc.get("title") or ""))

    def document(self) -> dict[str, Any]:
        """The proposal as a plain document, ready for validation (blank texts normalised)."""
        doc = copy.deepcopy(self.doc)
        if not str(doc.get("id") or "").strip() and self.is_new:
            doc["id"] = self.suggested_id()
        options = []
        for option in self.options:
            clean = {key: copy.deepcopy(value) for key, value in option.items() if not key.startswith("_")}
            options.append(normalise(Option, clean))
        doc = normalise(Proposal, doc)
        doc["options"] = options
        return doc


# Session -----------------------------------------------------------------------------------------
def session_dict(session: MutableMapping[Any, Any], key: str) -> dict[Any, Any]:
    """The dict the session holds under `key`, made empty when missing (or not a dict)."""
    store = session.get(key)
    if not isinstance(store, dict):
        store = {}
        session[key] = store
    return store


def drafts(session: MutableMapping[Any, Any]) -> dict[str, Draft]:
    return session_dict(session, DRAFTS_KEY)


def sync_widgets(session: MutableMapping[Any, Any], draft: Draft) -> None:
    """Copy the values of this draft's widgets (already updated by the browser) into the draft."""
    prefix = widget_key(draft.key, "")
    uids = set(draft.uids())
    for key in list(session):
        if not isinstance(key, str) or not key.startswith(prefix):
            continue
        path = key[len(prefix):]
        located = split_option_path(path)
        if located is not None and located[0] not in uids:
            continue
        if path.endswith(":kind") or "@" in path or path == "":
            continue  # kind changes and block toggles go through callbacks
        draft.set(path, typed_value(session, key))  # a number's text read, or kept as typed (ui.forms.numbers)


def forget_widgets(session: MutableMapping[Any, Any], draft_key: str, *, uid: int | None = None) -> None:
    """Drop widget states of a draft (or of one option) so they are seeded again from the draft."""
    prefix = widget_key(draft_key, "" if uid is None else option_path(uid))
    for key in [key for key in session if isinstance(key, str) and key.startswith(prefix)]:
        del session[key]


def settle_widgets(session: MutableMapping[Any, Any]) -> None:
    """Before the language changes: copy every draft's widgets into its draft, then drop the widget states,
    so that the widgets are drawn anew from the drafts. A selector's state is its label in the browser:
    kept across a change of language, it would be read back as a value ("Autre" instead of "autre")."""
    for draft in drafts(session).values():
        with contextlib.suppress(KeyError, ValueError):  # an option removed meanwhile: the draft keeps its values
            sync_widgets(session, draft)
        forget_widgets(session, draft.key)
