"""The bilan as JSON (`python -m evaluation bilan --format json`).

The keys the issue fixes come first and keep their names: `year`, `projects` (each with `id`, `title`,
`status`, `decision`, `in_service_days`, `basis` and `annual` {criterion: {"min", "max"}}), `totals` (the
same keys, sums of the projects'), `by_objective`, `by_direction`, `by_category`. More keys follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evaluation.bilan.model import CRITERIA, Bilan, Counts, Group, Range
from evaluation.bilan.reference import bilan_reference


def _ranges(figures: Mapping[str, Range]) -> dict[str, dict[str, float | None]]:
    return {criterion: figures[criterion].as_json() for criterion in CRITERIA}


def _group(group: Group) -> dict[str, Any]:
    return {"key": group.key, "projects": list(group.projects), "annual": _ranges(group.annual)}


def _counts(counts: Counts) -> dict[str, Any]:
    return {"received": counts.received, "evaluated": counts.evaluated, "decided": dict(counts.decided),
            "put_in_service": counts.put_in_service, "stopped": counts.stopped}


def bilan_json(bilan: Bilan) -> dict[str, Any]:
    """The bilan as plain JSON values."""
    reference = bilan_reference()
    return {
        "year": bilan.year,
        "projects": [
            {
                "id": line.id, "title": line.title, "status": line.status, "decision": line.decision,
                "in_service_days": line.in_service_days, "basis": line.basis, "annual": _ranges(line.annual),
                "option": line.option, "kind": line.kind, "direction": line.direction, "category": line.category,
                "objective": line.objective, "decided_on": line.decided_on.isoformat(),
                "days_in_year": line.days_in_year, "actual_days": line.actual_days,
                "actual_left_out": list(line.actual_left_out),
                "estimated_criteria": list(line.estimated_criteria),
                "estimate_full_year": _ranges(line.estimate_full_year),
                "spend_eur": line.spend_eur, "spend_actual_eur": line.spend_actual_eur,
                "spend_basis": line.spend_basis, "npv": line.npv,
            }
            for line in bilan.projects
        ],
        "totals": _ranges(bilan.totals),
        "by_objective": [_group(group) for group in bilan.by_objective],
        "by_direction": [_group(group) for group in bilan.by_direction],
        "by_category": [_group(group) for group in bilan.by_category],
        "left_out": {criterion: list(bilan.left_out[criterion]) for criterion in CRITERIA},
        "collectivite": bilan.collectivite,
        "counts": _counts(bilan.counts),
        "avoided": {
            "projects": [
                {"id": item.id, "title": item.title, "chosen": item.chosen, "chosen_kind": item.chosen_kind,
                 "instead_of": item.instead_of, "instead_of_kind": item.instead_of_kind,
                 "in_service_days": item.in_service_days, "footprint": _ranges(item.footprint),
                 "cost_eur": item.annual_cost_eur}
                for item in bilan.avoided
            ],
            "totals": _ranges(bilan.avoided_totals),
            "cost_eur": bilan.avoided_cost_eur,
        },
        "budget": {
            "npv_approved": bilan.budget.npv_approved,
            "npv_approved_projects": list(bilan.budget.npv_approved_projects),
            "npv_unknown": list(bilan.budget.npv_unknown),
            "spend_total": bilan.budget.spend_total, "spend_actual": bilan.budget.spend_actual,
            "spend_unknown": list(bilan.budget.spend_unknown),
        },
        "compliance": {
            "rules": [{"proposal": issue.proposal_id, "rule": issue.rule, "status": issue.status,
                       "message": issue.message, "acknowledged": issue.acknowledged}
                      for issue in bilan.compliance.rules],
            # null: not held by Jauge (decision conditions, public register), never a zero.
            "open_conditions": (None if bilan.compliance.open_conditions is None else [
                {"proposal": c.proposal_id, "text": c.text, "owner": c.owner, "due": c.due.isoformat(),
                 "past_due": c.past_due}
                for c in bilan.compliance.open_conditions]),
            "register_published": bilan.compliance.register_published,
        },
        "lifecycle_available": bilan.lifecycle_available,
        "previous": (None if bilan.previous is None else {
            "year": bilan.previous.year, "projects": bilan.previous.projects,
            "counts": _counts(bilan.previous.counts), "totals": _ranges(bilan.previous.totals)}),
        "indicators": [indicator.model_dump() for indicator in reference.indicators],
        "legal_frame": [text.model_dump(mode="json") for text in reference.legal_frame],
    }
