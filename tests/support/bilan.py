"""Hand-made decisions and records for the bilan's tests: every figure chosen so that the expected result
can be worked out on paper."""

from __future__ import annotations

import datetime as dt
from typing import Any

from evaluation.bilan.model import CRITERIA, BilanSource, ServicePeriod
from evaluation.domain.actuals import ActualPeriod, ActualSource, ServiceStatus
from evaluation.domain.settings import Settings
from evaluation.domain.workflow import Outcome
from evaluation.storage import AuditEvent, Repository, StoredDecision
from tests.support.actuals import API_OPTION, approve, openai_proposal
from tests.support.proposals import full_proposal

NON_AI = "Modèles de courriers (sans IA)"


def record(option: str, kind: str, *, low: float | None, high: float | None, rank: int = 1,
           annual_cost: float = 1000.0, one_off: float = 5000.0, npv: float = 20000.0,
           checklist: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """An evaluation record (format.md) whose annual footprint is [low, high] times the criterion's position
    (energy x1, carbon x2, water x3, resources x4, primary energy x5)."""
    annual = {criterion: {"min": None if low is None else low * (i + 1), "max": None if high is None else high * (i + 1)}
              for i, criterion in enumerate(CRITERIA)}
    return {"proposal": "x", "option": option, "kind": kind,
            "footprint": {"annual": annual},
            "finance": {"annual_cost": annual_cost, "one_off": one_off, "npv": npv},
            "matrix": {"rank": rank}, "checklist": checklist or []}


def decision(proposal_id: str, options: list[dict[str, Any]], chosen: str | None, *, at: dt.datetime,
             outcome: Outcome = Outcome.APPROUVE, decision_id: int = 1, objective: str | None = "Sobriété",
             direction: str = "Relation usagers", category: str = "relation_usagers",
             acknowledged: list[str] | None = None) -> StoredDecision:
    proposal = {"id": proposal_id, "title": f"Projet {proposal_id}", "direction": direction, "category": category,
                "governance": {"snr_objective": objective} if objective else {}}
    return StoredDecision(
        id=decision_id, proposal_id=proposal_id, proposal_version=4, outcome=outcome, chosen_option=chosen,
        motivation="Motivation de la décision des élus.", acknowledged=acknowledged or [],
        evaluation={"chosen_option": chosen, "options": options, "proposal": proposal, "proposal_version": 4},
        settings={}, method_versions={}, author="elu", created_at=at)


def status_event(event_id: int, proposal_id: str, status: str, at: dt.datetime) -> AuditEvent:
    return AuditEvent(id=event_id, at=at, actor="porteur", entity_type="proposal", entity_id=proposal_id,
                      proposal_id=proposal_id, action="status", before={"status": "brouillon"},
                      after={"status": status})


def utc(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 10, 0, tzinfo=dt.UTC)


D = dt.date


def hand_source(**extra: object) -> BilanSource:
    """Four decisions: alpha (IA, in service from 1 April 2026), beta (non-AI chosen over a heavy AI option, in
    service June 2025 to March 2026), gamma (footprint unknown, under conditions), delta (rejected)."""
    a = decision("alpha", [record("IA", "genai_api", low=10, high=20)], "IA", at=utc(2026, 3, 15), decision_id=1)
    b = decision("beta", [record("Sans IA", "non_ai", low=0, high=0, rank=2),
                          record("IA lourde", "genai_self_hosted", low=100, high=300, rank=1, annual_cost=9000)],
                 "Sans IA", at=utc(2025, 5, 2), decision_id=2, objective=None, direction="Finances",
                 category="finances")
    c = decision("gamma", [record("Vision", "vision", low=None, high=None)], "Vision", at=utc(2026, 1, 10),
                 decision_id=3, outcome=Outcome.APPROUVE_SOUS_CONDITIONS)
    rejected = decision("delta", [record("IA", "genai_api", low=1, high=2)], None, at=utc(2026, 6, 1),
                        decision_id=4, outcome=Outcome.REJETE)
    service = {("alpha", "IA"): [ServicePeriod(D(2026, 4, 1))],
               ("beta", "Sans IA"): [ServicePeriod(D(2025, 6, 1), D(2026, 3, 1))],
               ("gamma", "Vision"): [ServicePeriod(D(2026, 2, 1))]}
    events = [status_event(1, "alpha", "soumis", utc(2025, 12, 20)), status_event(2, "alpha", "avis_rendu", utc(2026, 2, 1)),
              status_event(3, "gamma", "soumis", utc(2026, 1, 2)), status_event(4, "gamma", "soumis", utc(2026, 1, 5)),
              status_event(5, "delta", "soumis", utc(2026, 4, 2)), status_event(6, "beta", "soumis", utc(2025, 2, 2))]
    return BilanSource(decisions=[a, b, c, rejected], status_events=events, service=service,
                       lifecycle_available=True, **extra)  # type: ignore[arg-type]


# -- a year of projects in a real database, through the workflow (integration and browser tests) --------

def month(year: int, number: int, requests: int, cost: float) -> ActualPeriod:
    """One month of gpt-4o-mini usage, as the generic CSV would give it."""
    start = dt.datetime(year, number, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=dt.UTC)
    return ActualPeriod(source=ActualSource.CSV, key=f"{start.date()}|gpt-4o-mini", start=start, end=end,
                        model="gpt-4o-mini", requests=requests, input_tokens=requests * 900,
                        output_tokens=requests * 350, cost_eur=cost)


def build_year(repository: Repository, settings: Settings, year: int) -> None:
    """Two approved proposals: the API option in service from 1 March, two months of usage imported; the
    non-AI option chosen over AI ones, in service from 1 February to 1 June (stopped), its months not imported."""
    api = openai_proposal("courriers-api")
    approve(repository, api, API_OPTION, settings)
    repository.record_service_change(api.id, API_OPTION, status=ServiceStatus.EN_SERVICE, on=dt.date(year, 3, 1),
                                     actor="dsi.martin")
    repository.import_actual_periods(api.id, API_OPTION, [month(year, 3, 4000, 41.0), month(year, 4, 5000, 52.0)],
                                     source=ActualSource.CSV, file_name="usage.csv", content_sha256="a" * 64,
                                     actor="dsi.martin")
    frugal = full_proposal("courriers-sobres").model_copy(update={"title": "Modèles de réponses aux courriers"})
    approve(repository, frugal, NON_AI, settings)
    repository.record_service_change(frugal.id, NON_AI, status=ServiceStatus.EN_SERVICE, on=dt.date(year, 2, 1),
                                     actor="dsi.martin")
    repository.record_service_change(frugal.id, NON_AI, status=ServiceStatus.ARRETE, on=dt.date(year, 6, 1),
                                     reason="Remplacé par le nouveau logiciel courrier", actor="dsi.martin")
