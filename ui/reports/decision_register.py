"""The decisions register: one entry per decided proposal, with everything its decision says (outcome, date,
decider by name, option retained, motivation, conditions met or not, the DSI's opinions, points acknowledged,
frozen versions), as JSON (structured) or CSV (one row per proposal, lists joined with " | "; text a
spreadsheet would run as a formula quoted: evaluation.exchange.csv_cells)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import orjson

from evaluation.domain.workflow import Status
from evaluation.exchange.csv_cells import spreadsheet_safe
from evaluation.services.decision_file import DecisionFile, decision_file
from evaluation.storage import Repository

COLUMNS = ("proposal", "title", "version", "outcome", "decided_at", "decided_by", "option", "motivation",
           "conditions", "opinions", "acknowledged", "versions")


def decided_files(repo: Repository) -> list[DecisionFile]:
    """The decision file of every decided proposal, by id."""
    files = [decision_file(repo, summary.id) for summary in repo.list_proposals(statuses=[Status.DECIDE])]
    return sorted((file for file in files if file is not None), key=lambda file: file.proposal.id)


def register_entry(file: DecisionFile) -> dict[str, Any]:
    return {
        "proposal": file.proposal.id, "title": file.proposal.title, "version": file.decision.proposal_version,
        "outcome": file.outcome.value, "decided_at": file.decision.created_at.isoformat(),
        "decided_by": file.decided_by, "option": file.retained, "motivation": file.decision.motivation,
        "conditions": [{"text": c.text, "owner": c.owner, "due_date": c.due_date.isoformat() if c.due_date else None,
                        "met": c.met, "met_at": c.met_at.isoformat() if c.met_at else None, "met_by": c.met_by,
                        "met_comment": c.met_comment} for c in file.conditions],
        "opinions": [{"option": o.option, "opinion": o.opinion.value, "comment": o.comment, "author": o.author,
                      "at": o.at.isoformat()} for o in file.opinions],
        "acknowledged": [{"rule": a.rule, "status": a.status, "message": a.message, "source": a.source}
                         for a in file.acknowledged],
        "versions": file.versions,
    }


def register_json(files: Sequence[DecisionFile]) -> bytes:
    return orjson.dumps([register_entry(file) for file in files], option=orjson.OPT_INDENT_2)


def _joined(key: str, entry: dict[str, Any]) -> str:
    value = entry[key]
    if key == "conditions":
        return " | ".join(f"{c['text']} — {c['owner']} — {c['due_date'] or ''} — "
                          + (f"levée le {c['met_at'][:10]} par {c['met_by']} : {c['met_comment']}" if c["met"]
                             else "ouverte") for c in value)
    if key == "opinions":
        return " | ".join(f"{o['option']} : {o['opinion']}" + (f" ({o['comment']})" if o["comment"] else "")
                          + f" — {o['author']}" for o in value)
    if key == "acknowledged":
        return " | ".join(f"{a['rule']} ({a['status']})" for a in value)
    if key == "versions":
        return " | ".join(f"{name} {version}" for name, version in value.items())
    return "" if value is None else str(value)


def register_csv(files: Sequence[DecisionFile]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for file in files:
        entry = register_entry(file)
        writer.writerow([spreadsheet_safe(_joined(column, entry)) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8")
