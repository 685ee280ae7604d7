"""Proposals for storage and workflow tests."""

from __future__ import annotations

from functools import cache
from typing import Any

from evaluation.domain.proposal import Proposal
from evaluation.exchange.files import load_proposals
from evaluation.resources import SAMPLES_DIR

SAMPLE_PORTFOLIO = SAMPLES_DIR / "portfolio.yaml"


def full_proposal_data(proposal_id: str = "dossier-complet", **changes: Any) -> dict[str, Any]:
    """A proposal using every kind of option and most optional fields."""
    data: dict[str, Any] = {
        "id": proposal_id,
        "title": "Dossier complet : tri et réponse aux courriers",
        "direction": "Relation usagers",
        "sponsor": "Service courrier",
        "category": "relation_usagers",
        "need": "Réduire le délai de réponse aux courriers (6 semaines aujourd'hui).",
        "target_users": "12 agents du service courrier",
        "horizon_years": 6,
        "governance": {
            "personal_data": True, "sensitive_data": False, "decision_role": "assists",
            "explicit_mention": True, "explanation_on_request": True, "appeal_possible": True,
            "public_facing": True, "ai_disclosure": True, "annex_iii": "none", "dpia": "done", "fria": "planned",
            "human_oversight": True, "staff_training": True, "snr_objective": "Sobriété numérique",
        },
        "options": [
            {"name": "Modèles de courriers (sans IA)", "kind": "non_ai",
             "description": "Bibliothèque de modèles relus par le service juridique.",
             "costs": {"one_off": {"development": 6000, "internal_hours": 40}, "annual": {"maintenance": 1000}},
             "benefits": {"hours_saved_per_user_per_week": 0.5, "adoption_rate": 0.8, "staff_category": "C"},
             "usage": {"users": 12}},
            {"name": "Mistral Small par API", "kind": "genai_api", "provider": "mistralai",
             "model": "mistral-small-latest", "zone": "FRA",
             "usage": {"users": 12, "requests_per_user_per_day": 15, "days_per_year": 210,
                       "output_tokens_per_request": 400, "input_tokens_per_request": 1500},
             "costs": {"one_off": {"development": 15000, "training": 3000},
                       "annual": {"api": 600, "maintenance": 3000, "support_hours": 40}},
             "benefits": {"hours_saved_per_user_per_week": 2.0, "adoption_rate": 0.7, "hourly_cost": 32,
                          "qualitative": {"usagers": 3, "agents": 3, "inclusion": 1, "strategie": 2}}},
            {"name": "Modèle ouvert auto-hébergé", "kind": "genai_self_hosted", "provider": "huggingface_hub",
             "model": "mistralai/Mistral-7B-Instruct-v0.3", "zone": "FRA", "pue": 1.4, "wue": 0.5,
             "parameters": {"total_b": 7.3, "active_b": 7.3},
             "usage": {"users": 12, "requests_per_user_per_day": 15, "output_tokens_per_request": 400}},
            {"name": "Classement automatique", "kind": "ml", "zone": "DEU",
             "compute": {"cpu_cores": 4, "memory_gb": 16, "hours_per_year": 2000, "utilisation": 0.3}},
            {"name": "Lecture des enveloppes", "kind": "vision", "zone": "FRA",
             "compute": {"gpu": "NVIDIA T4", "gpu_count": 1, "gpu_power_w": 70, "cpu_cores": 8, "core_power_w": 12,
                         "memory_gb": 32, "hours_per_year": 1200, "utilisation": 0.6, "pue": 1.3},
             "training": {"gpu_hours": 40, "runs_per_year": 2, "gpu": "NVIDIA T4"}},
            {"name": "Règles de routage", "kind": "rules",
             "costs": {"one_off": {"development": 2000, "hardware": 500, "other": 100},
                       "annual": {"licences": 200, "hosting": 120, "other": 50}},
             "benefits": {"other_annual_savings": 300}},
        ],
    }
    data.update(changes)
    return data


def full_proposal(proposal_id: str = "dossier-complet", **changes: Any) -> Proposal:
    return Proposal.model_validate(full_proposal_data(proposal_id, **changes))


def small_proposal(proposal_id: str, *, title: str = "Petit dossier", direction: str = "Finances",
                   category: str = "finances") -> Proposal:
    return Proposal.model_validate({
        "id": proposal_id, "title": title, "direction": direction, "category": category,
        "options": [{"name": "Sans IA", "kind": "non_ai"},
                    {"name": "Avec IA", "kind": "genai_api", "provider": "mistralai",
                     "model": "mistral-small-latest", "zone": "FRA"}],
    })


def sample_portfolio() -> list[Proposal]:
    """data/samples/portfolio.yaml, the realistic sample portfolio (a new list of the cached parse)."""
    return list(_sample_portfolio())


@cache
def _sample_portfolio() -> tuple[Proposal, ...]:
    return tuple(load_proposals(SAMPLE_PORTFOLIO))
