"""People, evaluation records and a helper that drives a proposal along the workflow, for tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher

from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import Opinion, Outcome, Status
from evaluation.services.workflow import Workflow
from evaluation.storage import ReviewInput


@dataclass(frozen=True)
class Someone:
    """A signed-in person as the services see it (login and roles)."""

    login: str
    roles: tuple[str, ...]


PORTEUR = Someone("porteur.a", ("porteur",))
OTHER_PORTEUR = Someone("porteur.b", ("porteur",))
DSI = Someone("dsi.martin", ("dsi",))
ELU = Someone("elu.durand", ("elu",))
ADMIN = Someone("admin", ("admin",))
NOBODY = Someone("sans.role", ())


def cheap_hasher() -> PasswordHasher:
    """argon2id with tiny costs: tests stay fast (production uses the library's defaults)."""
    return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


Issue = tuple[str, str, bool]  # rule id, status (fail/warn), blocking


def records_for(proposal: Proposal, issues: Mapping[str, Sequence[Issue]] | None = None) -> list[dict[str, Any]]:
    """format.md-shaped evaluation records, one per option, with the given checklist issues."""
    issues = issues or {}
    records = []
    for index, option in enumerate(proposal.options):
        checklist = [{"id": rule, "status": status, "blocking": blocking, "message": f"{rule} {status}",
                      "source": "test"} for rule, status, blocking in issues.get(option.name, ())]
        checklist.append({"id": "OK-1", "status": "pass", "blocking": True, "message": "", "source": "test"})
        verdict = ("bloquant" if any(s == "fail" and b for _, s, b in issues.get(option.name, ()))
                   else "a_corriger" if issues.get(option.name) else "conforme")
        records.append({
            "proposal": proposal.id, "option": option.name, "kind": option.kind.value,
            "footprint": {"annual": {"gwp_kgco2eq": {"min": 10.0 * index, "max": 12.0 * index}},
                          "method": {"ecologits": "0.11.3", "zone": option.zone}},
            "finance": {"npv": 1000.0 * (index + 1), "irr": None},
            "matrix": {"value": 2.0, "cost": 1.0, "quadrant": "a_prioriser", "matrix": "default@1"},
            "checklist": checklist, "verdict": verdict,
        })
    return records


def drive(workflow: Workflow, proposal_id: str, target: Status, *, owner: Someone = PORTEUR) -> None:
    """Move a draft owned by `owner` to `target` through the service functions."""
    order = [Status.BROUILLON, Status.SOUMIS, Status.EN_REVUE, Status.AVIS_RENDU, Status.DECIDE]
    for status in order[1:order.index(target) + 1]:
        if status is Status.SOUMIS:
            workflow.submit(proposal_id, user=owner)
        elif status is Status.EN_REVUE:
            workflow.start_review(proposal_id, user=DSI)
        elif status is Status.AVIS_RENDU:
            proposal = workflow.repository.get_proposal(proposal_id).proposal
            workflow.give_opinions(proposal_id, [ReviewInput(option=o.name, opinion=Opinion.FAVORABLE)
                                                 for o in proposal.options], user=DSI)
        else:
            proposal = workflow.repository.get_proposal(proposal_id).proposal
            workflow.decide(proposal_id, user=ELU, outcome=Outcome.REJETE, motivation="Rejeté pour le test.",
                            records=records_for(proposal), settings={"rules": "rules"})
