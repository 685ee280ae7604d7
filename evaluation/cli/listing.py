"""`python -m evaluation list`: the stored proposals, one line each, with the decision on those decided."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from typing import TYPE_CHECKING, Any

import orjson

from evaluation.exchange.csv_cells import spreadsheet_safe

if TYPE_CHECKING:
    from evaluation.storage import Repository

EXIT_OK = 0
COLUMNS = ("id", "title", "status", "version", "outcome", "option", "decided_at", "decided_by", "motivation")


def listing(repo: Repository) -> list[dict[str, Any]]:
    """Every stored proposal (ordered by id): id, title, status, version and, when decided, its latest decision
    (outcome, option approved, date, who, motivation); `decision` is None otherwise."""
    decisions = repo.decision_summaries()
    rows = []
    for summary in sorted(repo.list_proposals(), key=lambda s: s.id):
        decision = decisions.get(summary.id) if summary.status.value == "decide" else None
        rows.append({
            "id": summary.id, "title": summary.title, "status": summary.status.value, "version": summary.version,
            "decision": None if decision is None else {
                "outcome": decision.outcome.value, "option": decision.chosen_option,
                "date": decision.created_at.isoformat(), "by": decision.author,
                "motivation": decision.motivation},
        })
    return rows


def listing_csv(rows: list[dict[str, Any]]) -> bytes:
    """One line per proposal; the decision's fields empty when there is none; text a spreadsheet would run as
    a formula starts with `'`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        decision = row["decision"] or {}
        writer.writerow([spreadsheet_safe(cell) for cell in (
            row["id"], row["title"], row["status"], row["version"], decision.get("outcome", ""),
            decision.get("option") or "", decision.get("date", ""), decision.get("by", ""),
            decision.get("motivation", ""))])
    return buffer.getvalue().encode("utf-8")


def cmd_list(args: argparse.Namespace) -> int:
    from evaluation.cli.database import repository

    with repository(args.database) as repo:
        rows = listing(repo)
    data = listing_csv(rows) if args.format == "csv" else orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b"\n"
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    if not rows:
        sys.stderr.write("Aucun dossier enregistré.\n")
    return EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `list` to the command line."""
    from evaluation.cli.database import _database_option, _guarded

    lister = commands.add_parser(
        "list", help="liste les dossiers enregistrés (statut, version, décision)",
        description="Liste les dossiers de la base, par identifiant : intitulé, statut, version et, pour un "
                    "dossier décidé, la décision (issue, option retenue, date, auteur, motivation).")
    lister.add_argument("--format", choices=("json", "csv"), default="json", help="format (json par défaut)")
    _database_option(lister)
    lister.set_defaults(handler=_guarded(cmd_list))
