"""What the Revue and Décision pages check and write: opinions per option, the checklist items a
decision must acknowledge, the frozen evaluation, and the calls to the workflow.

The workflow service (evaluation.workflow) enforces the rules when it exists; these functions then
only call it. Without it they call the repository, after the same checks. No Streamlit import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evaluation.storage import Opinion, Outcome, Repository, Status

APPROVALS = frozenset({Outcome.APPROUVE, Outcome.APPROUVE_SOUS_CONDITIONS})
# Opinions that need a comment saying why (or under which reserve).
OPINIONS_NEEDING_COMMENT = frozenset({Opinion.FAVORABLE_SOUS_RESERVE, Opinion.DEFAVORABLE})
REVIEW_QUEUE = (Status.SOUMIS, Status.EN_REVUE)
DECISION_QUEUE = (Status.AVIS_RENDU,)
MOTIVATION_MIN_CHARS = 10


def _service() -> Any:
    try:
        from evaluation import workflow  # type: ignore[attr-defined]
    except ImportError:
        return None
    return workflow


@dataclass(frozen=True)
class OpinionInput:
    """One option's opinion as typed in the review form."""

    option: str
    opinion: Opinion | None
    comment: str


def opinion_problems(inputs: Sequence[OpinionInput]) -> dict[str, str]:
    """Option name -> French message for each opinion that cannot be recorded as typed."""
    problems: dict[str, str] = {}
    for item in inputs:
        if item.opinion is None:
            problems[item.option] = "choisissez un avis pour cette option"
        elif item.opinion in OPINIONS_NEEDING_COMMENT and not item.comment.strip():
            problems[item.option] = "un commentaire est obligatoire pour un avis réservé ou défavorable"
    return problems


def start_review(repo: Repository, proposal_id: str, *, actor: str, expected_version: int) -> None:
    """soumis -> en_revue: the DSI takes the proposal."""
    service = _service()
    if service is not None and hasattr(service, "start_review"):
        service.start_review(repo, proposal_id, actor=actor, expected_version=expected_version)
        return
    repo.set_status(proposal_id, Status.EN_REVUE, actor=actor, expected_version=expected_version)


def give_opinions(repo: Repository, proposal_id: str, inputs: Sequence[OpinionInput], *, actor: str,
                  expected_version: int) -> None:
    """Record one opinion per option; the proposal moves to avis_rendu with the last one."""
    problems = opinion_problems(inputs)
    if problems:
        raise ValueError("; ".join(f"{option} : {message}" for option, message in problems.items()))
    service = _service()
    if service is not None and hasattr(service, "give_opinions"):
        service.give_opinions(repo, proposal_id, [(i.option, i.opinion, i.comment) for i in inputs], actor=actor,
                              expected_version=expected_version)
        return
    version: int | None = expected_version
    for index, item in enumerate(inputs):
        last = index == len(inputs) - 1
        assert item.opinion is not None
        repo.add_review(proposal_id, option=item.option, opinion=item.opinion, comment=item.comment.strip(),
                        actor=actor, expected_version=version,
                        status=Status.AVIS_RENDU if last else Status.EN_REVUE)
        version = repo.get_proposal(proposal_id).version


@dataclass(frozen=True)
class ChecklistItem:
    """A rule an option fails or warns on."""

    rule: str
    status: str  # fail or warn
    blocking: bool
    message: str
    source: str


def checklist_items(records: Sequence[Mapping[str, Any]]) -> list[ChecklistItem]:
    """Failures first (blocking ones at the top), then warnings, from checklist_record's items."""
    items = [ChecklistItem(rule=str(r["id"]), status=str(r["status"]), blocking=bool(r["blocking"]),
                           message=str(r.get("message") or ""), source=str(r.get("source") or ""))
             for r in records if r.get("status") in ("fail", "warn")]
    order = {("fail", True): 0, ("fail", False): 1, ("warn", True): 2, ("warn", False): 2}
    return sorted(items, key=lambda item: order[(item.status, item.blocking)])


def blocking_rules(items: Sequence[ChecklistItem]) -> list[str]:
    return [item.rule for item in items if item.status == "fail" and item.blocking]


def to_acknowledge(items: Sequence[ChecklistItem]) -> list[str]:
    """Rules an approval must acknowledge: every non-blocking failure and every warning."""
    return [item.rule for item in items if not (item.status == "fail" and item.blocking)]


def decision_problems(*, outcome: Outcome | None, motivation: str, items: Sequence[ChecklistItem],
                      acknowledged: Sequence[str], chosen_option: str | None) -> dict[str, str]:
    """Field -> French message for each reason the decision cannot be recorded as typed."""
    problems: dict[str, str] = {}
    if outcome is None:
        problems["outcome"] = "choisissez une décision"
    if len(motivation.strip()) < MOTIVATION_MIN_CHARS:
        problems["motivation"] = (f"la motivation est obligatoire (au moins {MOTIVATION_MIN_CHARS} caractères) : "
                                  "elle est conservée au registre des décisions")
    if outcome in APPROVALS:
        if not chosen_option:
            problems["option"] = "indiquez l'option approuvée"
        blocking = blocking_rules(items)
        if blocking:
            problems["outcome"] = ("approbation impossible : l'option enfreint une règle bloquante ("
                                   + ", ".join(blocking) + ") ; rejetez ou ajournez le dossier")
        missing = [rule for rule in to_acknowledge(items) if rule not in acknowledged]
        if missing:
            problems["acknowledged"] = ("cochez chaque point de la grille pour attester qu'il a été pris en compte ("
                                        + ", ".join(missing) + ")")
    return problems


def method_versions(rows: Sequence[Mapping[str, Any]], *, matrix: str, rules: str) -> dict[str, str]:
    """The versions an evaluation depends on, frozen with the decision."""
    import evaluation

    ecologits = next((str(row["fp.ecologits_version"]) for row in rows if row.get("fp.ecologits_version")), "")
    versions = {"jauge": evaluation.__version__, "matrix": matrix, "rules": rules}
    if ecologits:
        versions["ecologits"] = ecologits
    return versions


def decide(repo: Repository, proposal_id: str, *, outcome: Outcome, motivation: str, acknowledged: Sequence[str],
           evaluation: Any, settings: Mapping[str, Any], versions: Mapping[str, str], actor: str,
           expected_version: int) -> None:
    service = _service()
    if service is not None and hasattr(service, "decide"):
        service.decide(repo, proposal_id, outcome=outcome, motivation=motivation, acknowledged=list(acknowledged),
                       evaluation=evaluation, settings=dict(settings), method_versions=dict(versions), actor=actor,
                       expected_version=expected_version)
        return
    repo.add_decision(proposal_id, outcome=outcome, motivation=motivation.strip(), acknowledged=list(acknowledged),
                      evaluation=evaluation, settings=dict(settings), method_versions=dict(versions), actor=actor,
                      expected_version=expected_version)
