"""The audit trail written out for people and other tools: CSV (one event a row) or JSON, and the fields an
event changed as people read them (`change_rows`: field label, before, after)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import orjson
from pydantic import BaseModel

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.domain.workflow import OPINION_LABELS_FR, OUTCOME_LABELS_FR, STATUS_LABELS_FR, EntityType
from evaluation.exchange.changes import Lang, field_enum, field_label
from evaluation.exchange.csv_cells import spreadsheet_safe
from evaluation.storage.stored import AuditEvent

COLUMNS = ("id", "at", "actor", "entity_type", "entity_id", "proposal_id", "action", "changes", "before", "after")
LONG_VALUE = 120  # characters of a value shown in a change, beyond which it is cut with "…"
# The model whose field titles name an entity's changes (None: the keys of its snapshot, see SNAPSHOT_LABELS).
MODELS: Mapping[EntityType, type[BaseModel] | None] = {EntityType.PROPOSAL: Proposal,
                                                       EntityType.SETTINGS: Settings}
_FRENCH_CODES: Mapping[str, Mapping[str, str]] = {
    "status": {k.value: v for k, v in STATUS_LABELS_FR.items()},
    "outcome": {k.value: v for k, v in OUTCOME_LABELS_FR.items()},
    "opinion": {k.value: v for k, v in OPINION_LABELS_FR.items()},
}
_WORDS = {"fr": {True: "oui", False: "non", None: "(vide)"}, "en": {True: "yes", False: "no", None: "(empty)"}}

# How to name a coded value: (the field's path, the enumeration's name or None, the value) -> label or None.
CodeLabel = Callable[[str, str | None, Any], str | None]


class ChangeRow(NamedTuple):
    """One field an event changed, for people: its label and its values before and after, as text."""

    field: str
    label: str
    before: str
    after: str


def french_code(path: str, enum_name: str | None, value: Any) -> str | None:
    """French labels of the workflow codes (status, outcome, opinion); others stay as they are."""
    return _FRENCH_CODES.get(path, {}).get(value) if isinstance(value, str) else None


def _text(value: Any, path: str, enum_name: str | None, lang: Lang, code_label: CodeLabel) -> str:
    if value is None or isinstance(value, bool):
        return _WORDS[lang][value]
    if isinstance(value, int | float):
        text = f"{value:,.15g}"  # 6.0 -> 6, 2.1 -> 2.1, 1200 -> 1,200
        return text.replace(",", "\u202f").replace(".", ",") if lang == "fr" else text
    named = code_label(path, enum_name, value)
    if named is not None:
        return named
    if isinstance(value, Mapping) and value.get("name"):
        return f"« {value['name']} »" if lang == "fr" else f"\"{value['name']}\""
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(str(item) for item in value) or _WORDS[lang][None]
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    return text if len(text) <= LONG_VALUE else text[:LONG_VALUE - 1] + "…"


def _documents(event: AuditEvent) -> Mapping[str, Any] | None:
    """The snapshot that names an event's list items (a proposal's content: its options' names)."""
    for side in (event.after, event.before):
        if isinstance(side, Mapping):
            content = side.get("content")
            return content if isinstance(content, Mapping) else side
    return None


def change_rows(event: AuditEvent, *, lang: Lang = "fr", code_label: CodeLabel = french_code) -> list[ChangeRow]:
    """The fields an event changed, named with the models' titles (`Option 2 « Chatbot » › Usage prévu ›
    Utilisateurs`), with their values before and after as text."""
    model = MODELS.get(event.entity_type)
    document = _documents(event)
    rows = []
    for change in event.changes:
        enum_name = field_enum(change.field, model)
        rows.append(ChangeRow(
            field=change.field, label=field_label(change.field, model, lang=lang, document=document),
            before=_text(change.before, change.field, enum_name, lang, code_label),
            after=_text(change.after, change.field, enum_name, lang, code_label)))
    return rows


def changes_text(event: AuditEvent, *, lang: Lang = "fr", code_label: CodeLabel = french_code) -> str:
    """The changes on one line: `Usage prévu › Utilisateurs : 20 → 40 | Intitulé : … → …`."""
    separator = " : " if lang == "fr" else ": "
    return " | ".join(f"{row.label}{separator}{row.before} → {row.after}"
                      for row in change_rows(event, lang=lang, code_label=code_label))


def audit_json(events: Sequence[AuditEvent]) -> bytes:
    """Every event as a JSON object, oldest first (before/after kept as structured values; `changes` lists
    the fields changed by path: [{"field": "options[1].usage.users", "before": 20, "after": 40}, ...])."""
    return orjson.dumps([event.model_dump(mode="json") for event in events], option=orjson.OPT_INDENT_2)


def audit_csv(events: Sequence[AuditEvent], *, lang: Lang = "fr", code_label: CodeLabel = french_code) -> bytes:
    """One row per event: `changes` readable (field labels, before → after), `before` and `after` as compact
    JSON text; text a spreadsheet would run as a formula starts with `'`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in events:
        row = event.model_dump(mode="json", exclude={"changes"})
        row["changes"] = changes_text(event, lang=lang, code_label=code_label)
        writer.writerow([
            spreadsheet_safe(orjson.dumps(row[column]).decode() if column in ("before", "after") else row[column])
            for column in COLUMNS
        ])
    return buffer.getvalue().encode("utf-8")
