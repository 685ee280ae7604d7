"""The bilan's tables as a workbook (openpyxl): one sheet per table, figures as numbers (min and max in
their own columns), so that the DSI can sum and chart them again."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from evaluation.bilan.model import CRITERIA, Bilan, Group, Range
from evaluation.bilan.outline import xml_text
from evaluation.bilan.reference import bilan_reference

Cell = str | int | float | dt.date | None


def _criteria_headers() -> list[str]:
    criteria = bilan_reference().labels.criteria
    return [f"{criteria[c].name} {bound} ({criteria[c].unit})" for c in CRITERIA for bound in ("min", "max")]


def _bounds(figures: dict[str, Range] | object) -> list[Cell]:
    assert isinstance(figures, dict)
    return [value for c in CRITERIA for value in (figures[c].min, figures[c].max)]


def _groups(groups: Sequence[Group], labels: dict[str, str] | None = None) -> list[list[Cell]]:
    return [[(labels or {}).get(g.key, g.key), len(g.projects), ", ".join(g.projects), *_bounds(dict(g.annual))]
            for g in groups]


def sheets(bilan: Bilan) -> list[tuple[str, list[str], list[list[Cell]]]]:
    """(sheet name, headers, rows) of every table of the bilan."""
    labels = bilan_reference().labels
    counts = bilan.counts
    count_rows: list[list[Cell]] = [["Dossiers reçus", counts.received], ["Dossiers évalués", counts.evaluated]]
    count_rows += [[f"Décisions : {labels.outcomes[k].lower()}", n] for k, n in counts.decided.items()]
    count_rows += [["Options mises en service", counts.put_in_service if bilan.lifecycle_available else None],
                   ["Options arrêtées", counts.stopped if bilan.lifecycle_available else None],
                   ["Options en service dans l'année", len(bilan.projects) if bilan.lifecycle_available else None]]
    group_headers = ["Groupe", "Projets", "Identifiants", *_criteria_headers()]
    return [
        ("Dossiers", ["Indicateur", str(bilan.year)], count_rows),
        ("Projets", ["Identifiant", "Projet", "Option", "Type", "Direction", "Catégorie", "Objectif SNR", "Décision",
                     "Statut au 31/12", "Jours en service", "Jours réels", "Base", *_criteria_headers(),
                     "Dépense (€)", "Base de la dépense", "VAN (€)"],
         [[line.id, line.title, line.option, labels.kinds.get(line.kind, line.kind), line.direction,
           labels.categories.get(line.category, line.category), line.objective,
           labels.outcomes.get(line.decision, line.decision), labels.statuses.get(line.status, line.status),
           line.in_service_days, line.actual_days, labels.bases[line.basis], *_bounds(dict(line.annual)),
           line.spend_eur, labels.bases[line.spend_basis], line.npv] for line in bilan.projects]),
        ("Totaux", ["Critère", "Minimum", "Maximum", "Unité", "Projets exclus (sans estimation)"],
         [[labels.criteria[c].name, bilan.totals[c].min, bilan.totals[c].max, labels.criteria[c].unit,
           ", ".join(bilan.left_out[c])] for c in CRITERIA]),
        ("Par objectif SNR", group_headers, _groups(bilan.by_objective)),
        ("Par direction", group_headers, _groups(bilan.by_direction)),
        ("Par catégorie", group_headers, _groups(bilan.by_category, labels.categories)),
        ("Évité", ["Identifiant", "Projet", "Option retenue", "Option d'IA écartée", "Jours en service",
                   *_criteria_headers(), "Coûts évités (€, négatif : surcoût)"],
         [[a.id, a.title, a.chosen, a.instead_of, a.in_service_days, *_bounds(dict(a.footprint)), a.annual_cost_eur]
          for a in bilan.avoided]),
        ("Conformité", ["Dossier", "Règle", "Statut", "Pris en compte par les élus", "Message"],
         [[r.proposal_id, r.rule, r.status, "oui" if r.acknowledged else "non", r.message]
          for r in bilan.compliance.rules]),
        ("Conditions ouvertes", ["Dossier", "Condition", "Responsable", "Échéance", "Échue"],
         [[c.proposal_id, c.text, c.owner, c.due, "oui" if c.past_due else "non"]
          for c in bilan.compliance.open_conditions or ()]),
        ("Indicateurs", ["Indicateur", "Unité", "Définition"],
         [[i.name, i.unit, i.definition] for i in bilan_reference().indicators]),
    ]


def xlsx_bytes(bilan: Bilan) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE9EC")
    for name, headers, rows in sheets(bilan):
        sheet = workbook.create_sheet(name)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        for row in rows:
            sheet.append([xml_text(value) if isinstance(value, str) else value for value in row])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # typed text starting with '=' stays text, never a formula
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(12, len(header) + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
