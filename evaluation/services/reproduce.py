"""A decision reproduced: its frozen inputs (the proposal document and the settings frozen with it) evaluated
again with today's engine on the day the frozen evaluation was made (the law in force that day), and the figures compared with the ones the élus decided on.

Compared: every figure of each option's record (footprint, finance, matrix scores and quadrant, checklist
statuses, verdict), not the texts (checklist messages and sources are written in the decider's language)
nor `matrix.rank`, the option's place in the whole portfolio at the time (it depends on the other
proposals). Numbers are equal when they agree to 12 significant digits (the same computation on another
processor may differ in the last bit). When figures differ, the method versions frozen with the decision
(Jauge, EcoLogits, matrix, rules) are compared with today's to say why.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from evaluation.exchange.dotted_paths import flatten
from evaluation.services.decision_checks import frozen_records, method_versions_of
from evaluation.services.evaluated import evaluated_options, frozen_date, frozen_inputs
from evaluation.storage import StoredDecision, plain_json

NOT_COMPARED = frozenset({"matrix.rank"})
TEXT_FIELDS = frozenset({"message", "source", "label"})
RELATIVE_TOLERANCE = 1e-12
FROZEN = ConfigDict(extra="forbid", frozen=True)


class FigureDifference(BaseModel):
    """One figure of one option that is not the same today."""

    model_config = FROZEN

    option: str
    field: str  # dotted path in the record (docs/format.md), checklist items by rule id: checklist.AIA-3.status
    frozen: Any
    recomputed: Any


class VersionChange(BaseModel):
    """A method version frozen with the decision that is not today's."""

    model_config = FROZEN

    name: str  # jauge, ecologits, matrix, rules
    frozen: str | None
    current: str | None


class Reproduction(BaseModel):
    """The outcome of reproducing a decision's evaluation."""

    model_config = FROZEN

    proposal_id: str
    decision_id: int
    compared: int  # figures compared
    differences: list[FigureDifference]
    version_changes: list[VersionChange]
    frozen_versions: dict[str, str]
    current_versions: dict[str, str]

    @property
    def identical(self) -> bool:
        return not self.differences

    @property
    def explained(self) -> bool:
        """Figures differ and a method version changed since the decision (the likely reason)."""
        return bool(self.differences and self.version_changes)


def _figures(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record's figures by dotted path; checklist items keyed by rule id, texts left out."""
    plain = dict(record)
    checklist = plain.pop("checklist", None) or []
    figures = {path: value for path, value in flatten(plain).items()
               if path not in NOT_COMPARED and path.rsplit(".", 1)[-1] not in TEXT_FIELDS}
    for item in checklist:
        for key, value in item.items():
            if key not in TEXT_FIELDS and key != "id":
                figures[f"checklist.{item.get('id')}.{key}"] = value
    return figures


def _same(frozen: Any, recomputed: Any) -> bool:
    if isinstance(frozen, bool) or isinstance(recomputed, bool):
        return bool(frozen == recomputed)
    if isinstance(frozen, int | float) and isinstance(recomputed, int | float):
        a, b = float(frozen), float(recomputed)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)
    return bool(frozen == recomputed)


def compare_records(frozen: Sequence[Mapping[str, Any]], recomputed: Sequence[Mapping[str, Any]]
                    ) -> tuple[int, list[FigureDifference]]:
    """(figures compared, the differences) between two lists of records of the same proposal, by option."""
    again = {str(record.get("option")): _figures(record) for record in recomputed}
    compared, differences = 0, []
    for record in frozen:
        option = str(record.get("option"))
        before = _figures(record)
        after = again.pop(option, None)
        if after is None:
            differences.append(FigureDifference(option=option, field="option", frozen=option, recomputed=None))
            continue
        for field in list(dict.fromkeys([*before, *after])):
            compared += 1
            if not _same(before.get(field), after.get(field)):
                differences.append(FigureDifference(option=option, field=field, frozen=before.get(field),
                                                    recomputed=after.get(field)))
    differences += [FigureDifference(option=option, field="option", frozen=None, recomputed=option)
                    for option in again]
    return compared, differences


def reproduction(decision: StoredDecision, recomputed: Sequence[Mapping[str, Any]]) -> Reproduction:
    """Compare records recomputed from the decision's frozen inputs with the frozen ones, and the versions."""
    recomputed = plain_json(list(recomputed))
    compared, differences = compare_records(frozen_records(decision), recomputed)
    frozen_versions = {str(k): str(v) for k, v in decision.method_versions.items()}
    current = method_versions_of(recomputed, decision.settings)
    changes = [VersionChange(name=name, frozen=frozen_versions.get(name), current=current.get(name))
               for name in sorted(set(frozen_versions) | set(current))
               if frozen_versions.get(name) != current.get(name)]
    return Reproduction(proposal_id=decision.proposal_id, decision_id=decision.id, compared=compared,
                        differences=differences, version_changes=changes, frozen_versions=frozen_versions,
                        current_versions=current)


def reproduce_decision(decision: StoredDecision) -> Reproduction:
    """Evaluate the decision's frozen proposal with its frozen settings and compare with the frozen records."""
    from evaluation.pipeline.evaluate import evaluation_records

    proposal, settings = frozen_inputs(decision)
    frame, context = evaluated_options(proposal, settings, on=frozen_date(decision))
    return reproduction(decision, evaluation_records(frame, context))
