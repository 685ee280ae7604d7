"""`python -m evaluation demo`: one account per role and the sample portfolio taken along the workflow, so
that every queue and every kind of decision has something in it.

The story is data (`DEMO_DECISIONS`, `DEMO_STAGES`, `DEMO_TECHNICAL_EDITS`): a proposal named there is
taken to that step through the workflow service, as people would (the porteur submits, the DSI reviews and
may correct the options, the élu decides); every other proposal of the sample file takes the step of
`DEFAULT_STAGES` in turn (sorted by id). To add a step to the demo, add an entry: the function that plays it
is `play`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from evaluation.domain.workflow import Opinion, Outcome, Status

if TYPE_CHECKING:
    from evaluation.services.workflow import Workflow
    from evaluation.storage import Repository, StoredUser

DEMO_ACCOUNTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("admin", "Administrateur (démo)", ("admin",)),
    ("porteur", "Porteur de projet (démo)", ("porteur",)),
    ("dsi", "Référent DSI (démo)", ("dsi",)),
    ("elu", "Élu au numérique (démo)", ("elu",)),
)
RESERVED_COMMENT = "Hypothèses de volume à confirmer pendant l'expérimentation."


@dataclass(frozen=True)
class DemoCondition:
    """A condition of an approval under conditions; its due date is `due_in_days` from the demo's day
    (negative: already past); `met` (a comment) has the DSI mark it met."""

    text: str
    owner: str
    due_in_days: int
    met: str | None = None


@dataclass(frozen=True)
class DemoDecision:
    """The élu's decision on a proposal, after the DSI's opinions (the checklist points of the option are
    acknowledged, as the decision form requires)."""

    outcome: Outcome
    motivation: str
    option: str | None = None  # the option approved (approvals only)
    conditions: tuple[DemoCondition, ...] = field(default_factory=tuple)


# Decided proposals: one of each outcome, opinions and decisions as a committee would write them.
DEMO_DECISIONS: Mapping[str, DemoDecision] = {
    "prevision-repas-cantines": DemoDecision(
        Outcome.APPROUVE, option="Prévision des effectifs par apprentissage automatique",
        motivation="Gaspillage alimentaire réduit à coût modéré ; le modèle reste sous la main des "
                   "gestionnaires de cantine, qui ajustent les commandes."),
    "assistant-courriers": DemoDecision(
        Outcome.APPROUVE_SOUS_CONDITIONS, option="Mistral Small par API (hébergement en France)",
        motivation="Le délai de réponse aux courriers justifie l'expérimentation, sous réserve de "
                   "protéger les données des administrés et d'en mesurer l'effet.",
        conditions=(
            DemoCondition("Analyse d'impact (AIPD) signée par le délégué à la protection des données avant la "
                          "mise en service.", owner="DPO", due_in_days=-20),
            DemoCondition("Mention sur chaque courrier rédigé avec l'aide de l'IA.", owner="Service courrier",
                          due_in_days=-40, met="Mention ajoutée au modèle de courrier le 4 novembre (réf. "
                                               "COUR-2026-12)."),
            DemoCondition("Bilan à six mois : délais de réponse, volumes, retours des agents.", owner="DSI",
                          due_in_days=180),
        )),
    "attribution-logements-sociaux": DemoDecision(
        Outcome.REJETE,
        motivation="Un score à apprentissage continu ne peut pas fonder seul une décision d'attribution "
                   "(règles bloquantes) ; la cotation publique reste la référence."),
    "chatbot-touristique-hors-ue": DemoDecision(
        Outcome.AJOURNE,
        motivation="Ajourné : l'office de tourisme doit proposer une offre hébergée dans l'Union "
                   "européenne avant un nouvel examen."),
}
# Proposals taken to a given step other than a decision.
DEMO_STAGES: Mapping[str, Status] = {"synthese-participation-citoyenne": Status.EN_REVUE}
# The DSI's corrections of technical assumptions during the review (traced field by field in the Historique):
# proposal id -> option name -> dotted path in the option -> new value.
DEMO_TECHNICAL_EDITS: Mapping[str, Mapping[str, Mapping[str, Any]]] = {
    "synthese-participation-citoyenne": {
        "Synthèse thématique par Gemini 2.5 Flash (région UE)": {"usage.users": 6,
                                                                   "usage.requests_per_user_per_day": 6},
    },
}
# The step each other proposal of the sample file takes, in turn, sorted by id.
DEFAULT_STAGES: Sequence[Status] = (Status.BROUILLON, Status.SOUMIS, Status.EN_REVUE, Status.AVIS_RENDU)


def _opinions(workflow: Workflow, proposal_id: str, dsi: StoredUser) -> None:
    """The DSI's opinions on every option: favourable for the option without AI, reserved for the others."""
    from evaluation.storage import ReviewInput

    proposal = workflow.repository.get_proposal(proposal_id).proposal
    workflow.give_opinions(proposal_id, [
        ReviewInput(option=option.name, opinion=Opinion.FAVORABLE) if option.kind.value == "non_ai"
        else ReviewInput(option=option.name, opinion=Opinion.FAVORABLE_SOUS_RESERVE, comment=RESERVED_COMMENT)
        for option in proposal.options], user=dsi)


def _edit_technical(workflow: Workflow, proposal_id: str, dsi: StoredUser) -> None:
    """The DSI's corrections of DEMO_TECHNICAL_EDITS, through `Workflow.edit_technical`."""
    from evaluation.domain.proposal import Proposal
    from evaluation.exchange.dotted_paths import set_dotted

    stored = workflow.repository.get_proposal(proposal_id)
    document = stored.proposal.model_dump(mode="json", exclude_unset=True)
    for option in document["options"]:
        for path, value in DEMO_TECHNICAL_EDITS[proposal_id].get(option["name"], {}).items():
            set_dotted(option, path, value)
    workflow.edit_technical(Proposal.model_validate(document), user=dsi, expected_version=stored.version)


def _decide(workflow: Workflow, proposal_id: str, decision: DemoDecision, people: Mapping[str, StoredUser],
            today: dt.date) -> None:
    from evaluation.exchange.settings_file import load_settings
    from evaluation.pipeline.evaluate import evaluate_proposals
    from evaluation.services.decision_checks import checklist_issues, to_acknowledge
    from evaluation.storage import ConditionInput

    repo = workflow.repository
    stored_settings = repo.get_settings()
    settings = stored_settings.settings() if stored_settings else load_settings(None)
    records = evaluate_proposals([repo.get_proposal(proposal_id).proposal], settings)
    acknowledged = to_acknowledge(checklist_issues(records, option=decision.option)) if decision.option else []
    workflow.decide(
        proposal_id, user=people["elu"], outcome=decision.outcome, motivation=decision.motivation, records=records,
        settings=settings, acknowledged=acknowledged, chosen_option=decision.option,
        conditions=[ConditionInput(text=c.text, owner=c.owner, due_date=today + dt.timedelta(days=c.due_in_days))
                    for c in decision.conditions])
    for stored, condition in zip(repo.conditions_of(proposal_id), decision.conditions, strict=True):
        if condition.met:
            workflow.mark_condition_met(stored.id, user=people["dsi"], comment=condition.met)


def play(workflow: Workflow, proposal_id: str, target: Status | DemoDecision, people: Mapping[str, StoredUser],
         today: dt.date) -> Status:
    """Take a draft to its step of the demo through the service functions; returns the status reached."""
    status = Status.DECIDE if isinstance(target, DemoDecision) else target
    order = list(Status)
    if order.index(status) >= order.index(Status.SOUMIS):
        workflow.submit(proposal_id, user=people["porteur"])
    if order.index(status) >= order.index(Status.EN_REVUE):
        workflow.start_review(proposal_id, user=people["dsi"])
        if proposal_id in DEMO_TECHNICAL_EDITS:
            _edit_technical(workflow, proposal_id, people["dsi"])
    if order.index(status) >= order.index(Status.AVIS_RENDU):
        _opinions(workflow, proposal_id, people["dsi"])
    if isinstance(target, DemoDecision):
        _decide(workflow, proposal_id, target, people, today)
    return status


def advance_portfolio(repo: Repository, people: Mapping[str, StoredUser], *, today: dt.date | None = None
                      ) -> Counter[Status]:
    """Every stored proposal taken to its step of the demo; how many reached each status."""
    from evaluation.services.workflow import Workflow

    workflow = Workflow(repo)
    today = today or dt.date.today()
    reached: Counter[Status] = Counter()
    others = 0
    for summary in sorted(repo.list_proposals(), key=lambda s: s.id):
        target: Status | DemoDecision
        if summary.id in DEMO_DECISIONS:
            target = DEMO_DECISIONS[summary.id]
        elif summary.id in DEMO_STAGES:
            target = DEMO_STAGES[summary.id]
        else:
            target = DEFAULT_STAGES[others % len(DEFAULT_STAGES)]
            others += 1
        reached[play(workflow, summary.id, target, people, today)] += 1
    return reached
