"""What the Import / export page reads and writes: refused rows as a table, the import plan, the
portfolio and results in every format, and the format's example as a template. No Streamlit import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from evaluation.domain.proposal import Proposal
from evaluation.exchange.errors import FieldError
from evaluation.exchange.files import FORMATS, dump_proposals, load_proposals
from evaluation.resources import DATA_DIR

TEMPLATE_FILE = DATA_DIR / "templates" / "dossiers-exemple.yaml"

MIME_TYPES = {
    "yaml": "application/yaml",
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Export formats in the order the page offers them (spreadsheets first: what most people open).
EXPORT_FORMATS = ("xlsx", "csv", "json", "yaml")
RESULT_FORMATS = ("csv", "json")
ERROR_COLUMNS = ("file", "line", "proposal", "option", "field", "message")


def error_rows(errors: Sequence[FieldError]) -> list[dict[str, Any]]:
    """One row per refused item: file, line (or row of a spreadsheet), proposal, option, field, message; the
    column of a syntax error (character of the line, cell of the row) ends the message."""
    rows = []
    for error in errors:
        line = error.row if error.row is not None else error.line
        where = f" (colonne {error.column})" if error.column is not None and line is not None else ""
        rows.append({
            "file": error.file,
            "line": line,
            "proposal": error.proposal or "",
            "option": error.option or "",
            "field": error.field or "",
            "message": error.message + where,
        })
    return rows


@dataclass(frozen=True)
class PlannedImport:
    """One proposal of a valid file and what importing it would do."""

    id: str
    title: str
    options: int
    action: str  # "create", "replace" (a draft), "new_version" (a decided one: a new linked draft),
    # "refuse" (already stored, replacing not asked) or "in_review" (submitted, in review or reviewed: refused)


def import_plan(proposals: Sequence[Proposal], stored: Mapping[str, str], *, replace: bool) -> list[PlannedImport]:
    """What importing each proposal would do, given the stored ids and their statuses (the repository's rule:
    a draft is replaced, a decided proposal reopened as a new version, one in the review refused)."""
    plan = []
    for proposal in proposals:
        status = stored.get(proposal.id)
        if status is None:
            action = "create"
        elif not replace:
            action = "refuse"
        else:
            action = {"brouillon": "replace", "decide": "new_version"}.get(str(status), "in_review")
        plan.append(PlannedImport(id=proposal.id, title=proposal.title, options=len(proposal.options), action=action))
    return plan


def export_name(stem: str, fmt: str, *, today: dt.date | None = None) -> str:
    """`jauge-dossiers-2026-11-21.xlsx`."""
    day = (today or dt.date.today()).isoformat()
    return f"jauge-{stem}-{day}.{fmt}"


def portfolio_file(proposals: Sequence[Proposal], fmt: str) -> bytes:
    """The proposals in one of the exchange formats (what the import reads back)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return dump_proposals(proposals, fmt)


def results_file(records: Sequence[dict[str, Any]], fmt: str) -> bytes:
    """The evaluation results (format.md's JSON, one object per option) as JSON or CSV."""
    if fmt == "json":
        return orjson.dumps(list(records), option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY)
    if fmt == "csv":
        from evaluation.pipeline.evaluate import records_to_csv

        return records_to_csv(records)
    raise ValueError(fmt)


def template_proposals() -> list[Proposal]:
    """The exchange format's example (spec/format.md): a proposal with four kinds of options."""
    return load_proposals(TEMPLATE_FILE)


def template_file(fmt: str) -> bytes:
    """The example in a format; the YAML one is the commented file itself."""
    if fmt == "yaml":
        return TEMPLATE_FILE.read_bytes()
    return portfolio_file(template_proposals(), fmt)
