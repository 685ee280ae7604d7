"""What a decision by the élus must satisfy, and what it freezes; no storage here.

The checklist issues of the evaluation records (format.md) an approval must respect, the French
problems that refuse a decision (`decision_problems`, also used by the form), the method versions
and the evaluation frozen with it (`frozen_evaluation`, read back by `frozen_records`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import Outcome
from evaluation.exchange.documents import proposal_document
from evaluation.services.permissions import WorkflowError

if TYPE_CHECKING:
    from evaluation.storage import ConditionInput, StoredDecision, StoredProposal

APPROVALS = frozenset({Outcome.APPROUVE, Outcome.APPROUVE_SOUS_CONDITIONS})
MOTIVATION_MIN_CHARS = 10
CONDITION_TEXT_MAX_CHARS = 2000
CONDITION_OWNER_MAX_CHARS = 200


class DecisionRefused(WorkflowError, ValueError):
    """A decision that cannot be stored as given; `problems` maps a field to a French message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("Décision refusée : " + " ; ".join(self.problems.values()) + ".")


class ChecklistIssue(BaseModel):
    """A rule an option fails or warns on, from an evaluation record's checklist."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    option: str
    rule: str
    status: str  # fail or warn
    blocking: bool


def checklist_issues(records: Sequence[Mapping[str, Any]], *, option: str | None = None) -> list[ChecklistIssue]:
    """Failures and warnings of the records (of one option when given), blocking failures first."""
    issues = [
        ChecklistIssue(option=str(record["option"]), rule=str(item["id"]), status=str(item["status"]),
                       blocking=bool(item.get("blocking")))
        for record in records if option is None or record.get("option") == option
        for item in record.get("checklist") or [] if item.get("status") in ("fail", "warn")
    ]
    rank = {("fail", True): 0, ("fail", False): 1}
    return sorted(issues, key=lambda issue: rank.get((issue.status, issue.blocking), 2))


def blocking_failures(issues: Iterable[ChecklistIssue]) -> list[str]:
    """Rule ids that make approval impossible."""
    return sorted({issue.rule for issue in issues if issue.status == "fail" and issue.blocking})


def to_acknowledge(issues: Iterable[ChecklistIssue]) -> list[str]:
    """Rule ids an approval must acknowledge: every non-blocking failure and every warning."""
    return sorted({issue.rule for issue in issues if not (issue.status == "fail" and issue.blocking)})


def _approval_problems(names: Sequence[str], records: Sequence[Mapping[str, Any]], acknowledged: Iterable[str],
                       chosen_option: str | None) -> dict[str, str]:
    if not chosen_option:
        return {"chosen_option": "indiquez l'option approuvée"}
    if chosen_option not in names:
        return {"chosen_option": f"l'option « {chosen_option} » n'existe pas dans ce dossier"}
    problems: dict[str, str] = {}
    issues = checklist_issues(records, option=chosen_option)
    blocking = blocking_failures(issues)
    if blocking:
        problems["outcome"] = ("approbation impossible : l'option enfreint une règle bloquante ("
                               + ", ".join(blocking) + ") ; rejetez ou ajournez le dossier")
    missing = [rule for rule in to_acknowledge(issues) if rule not in set(acknowledged)]
    if missing:
        problems["acknowledged"] = ("chaque échec et chaque avertissement de la grille doit être pris en "
                                    "compte dans la décision (" + ", ".join(missing) + ")")
    return problems


def _condition_value(condition: ConditionInput | Mapping[str, Any], name: str) -> Any:
    return condition.get(name) if isinstance(condition, Mapping) else getattr(condition, name, None)


def condition_problems(outcome: Outcome, conditions: Sequence[ConditionInput | Mapping[str, Any]]
                       ) -> dict[str, str]:
    """Field (`conditions`, `conditions[0].text`, `.owner`, `.due_date`) -> French message: an "approuvé sous
    conditions" needs at least one condition, each with a text, an owner and a due date; other outcomes none."""
    if outcome is not Outcome.APPROUVE_SOUS_CONDITIONS:
        return {"conditions": "des conditions ne s'appliquent qu'à une décision « approuvé sous conditions »"} \
            if conditions else {}
    if not conditions:
        return {"conditions": "indiquez au moins une condition (texte, responsable, échéance) pour une décision "
                              "« approuvé sous conditions »"}
    problems: dict[str, str] = {}
    for index, condition in enumerate(conditions):
        number, field = index + 1, f"conditions[{index}]"
        text = str(_condition_value(condition, "text") or "").strip()
        owner = str(_condition_value(condition, "owner") or "").strip()
        if not text:
            problems[f"{field}.text"] = f"condition {number} : le texte de la condition est obligatoire"
        elif len(text) > CONDITION_TEXT_MAX_CHARS:
            problems[f"{field}.text"] = (f"condition {number} : le texte dépasse {CONDITION_TEXT_MAX_CHARS} "
                                         f"caractères ({len(text)})")
        if not owner:
            problems[f"{field}.owner"] = (f"condition {number} : le responsable (personne ou service chargé de "
                                          "la lever) est obligatoire")
        elif len(owner) > CONDITION_OWNER_MAX_CHARS:
            problems[f"{field}.owner"] = (f"condition {number} : le responsable dépasse "
                                          f"{CONDITION_OWNER_MAX_CHARS} caractères ({len(owner)})")
        if not isinstance(_condition_value(condition, "due_date"), dt.date):
            problems[f"{field}.due_date"] = f"condition {number} : l'échéance (une date) est obligatoire"
    return problems


def decision_problems(proposal: Proposal, *, outcome: Outcome, motivation: str,
                      records: Sequence[Mapping[str, Any]], acknowledged: Iterable[str],
                      chosen_option: str | None,
                      conditions: Sequence[ConditionInput | Mapping[str, Any]] = ()) -> dict[str, str]:
    """Field -> French message for every reason the decision cannot be stored."""
    problems: dict[str, str] = condition_problems(outcome, conditions)
    names = [option.name for option in proposal.options]
    evaluated = [str(record.get("option")) for record in records]
    others = sorted({str(r.get("proposal")) for r in records if r.get("proposal") not in (None, proposal.id)})
    if others or sorted(evaluated) != sorted(names):
        problems["records"] = ("l'évaluation transmise ne correspond pas aux options du dossier (une "
                               "évaluation par option est attendue)")
    if len(motivation.strip()) < MOTIVATION_MIN_CHARS:
        problems["motivation"] = (f"la motivation est obligatoire (au moins {MOTIVATION_MIN_CHARS} caractères) : "
                                  "elle est conservée au registre des décisions")
    if outcome in APPROVALS:
        problems.update(_approval_problems(names, records, acknowledged, chosen_option))
    return problems


def method_versions_of(records: Sequence[Mapping[str, Any]], settings: Mapping[str, Any]) -> dict[str, str]:
    """Versions the evaluation depends on: Jauge, EcoLogits, matrix and rules."""
    import evaluation

    versions = {"jauge": evaluation.__version__}
    for record in records:
        ecologits = ((record.get("footprint") or {}).get("method") or {}).get("ecologits")
        if ecologits and "ecologits" not in versions:
            versions["ecologits"] = str(ecologits)
        matrix = (record.get("matrix") or {}).get("matrix")
        if matrix and "matrix" not in versions:
            versions["matrix"] = str(matrix)
    if "ecologits" not in versions:
        from contextlib import suppress
        from importlib.metadata import PackageNotFoundError, version

        with suppress(PackageNotFoundError):  # ecologits is a pinned dependency
            versions["ecologits"] = version("ecologits")
    rules = settings.get("rules")
    if rules:
        try:
            from evaluation.checklist import load_rules

            versions["rules"] = load_rules(str(rules)).reference
        except Exception:  # a rules file that no longer loads: keep its name
            versions["rules"] = str(rules)
    return versions


def frozen_evaluation(stored: StoredProposal, records: Sequence[Mapping[str, Any]], chosen_option: str | None
                      ) -> dict[str, Any]:
    """What a decision freezes of the evaluation: enough to draw the fiche again from the decision alone."""
    return {
        "chosen_option": chosen_option,
        "options": records,
        "proposal": proposal_document(stored.proposal),
        "proposal_version": stored.version,
    }


def frozen_records(decision: StoredDecision) -> list[dict[str, Any]]:
    """The evaluation records a decision was taken on, as frozen with it."""
    evaluation = decision.evaluation
    if isinstance(evaluation, dict):
        return list(evaluation.get("options") or [])
    return list(evaluation or [])
