"""Synthetic portfolios for benchmarks and equivalence tests: realistic mixes, fixed seed."""

from __future__ import annotations

import random
from typing import Any

from evaluation.domain.proposal import Category, Proposal

# Realistic mixes: most options are API calls to a few popular models hosted in France or Europe.
GENAI_API_MODELS = (
    ("mistralai", "mistral-small-latest"), ("mistralai", "mistral-medium-latest"),
    ("mistralai", "mistral-large-latest"), ("mistralai", "ministral-8b-latest"),
    ("openai", "gpt-4o-mini"), ("openai", "gpt-4o"), ("openai", "gpt-4.1"),
    ("anthropic", "claude-haiku-4-5-20251001"), ("anthropic", "claude-sonnet-4-5-20250929"),
    ("google_genai", "gemini-2.5-flash"), ("google_genai", "gemini-2.5-pro"),
    ("cohere", "command-r-08-2024"),
)
SELF_HOSTED_MODELS = (
    "mistralai/Mistral-7B-Instruct-v0.3", "mistralai/Mixtral-8x7B-Instruct-v0.1",
    "meta-llama/Meta-Llama-3.1-8B-Instruct", "meta-llama/Meta-Llama-3.1-70B-Instruct",
)
ZONES = ("FRA", "FRA", "FRA", "EEE", "DEU", "SWE", "IRL", "USA", "WOR")
KINDS = ("genai_api",) * 5 + ("genai_self_hosted", "ml", "ml", "vision", "rules")


def _option(rng: random.Random, kind: str, index: int) -> dict[str, Any]:
    users = rng.choice((5, 12, 30, 80, 250, 1200))
    option: dict[str, Any] = {
        "name": f"Option {index + 1} ({kind})",
        "kind": kind,
        "usage": {"users": users, "requests_per_user_per_day": rng.choice((2, 5, 15, 40)),
                  "days_per_year": rng.choice((200, 210, 250, 365)),
                  "output_tokens_per_request": rng.choice((150, 400, 1000, 3000))},
        "costs": {"one_off": {"development": rng.choice((0, 5000, 15000, 60000)), "training": rng.choice((0, 2000))},
                  "annual": {"licences": rng.choice((0, 1200, 9000)), "api": rng.choice((0, 300, 2500)),
                             "maintenance": rng.choice((500, 3000, 8000)), "support_hours": rng.choice((0, 40, 120))}},
        "benefits": {"hours_saved_per_user_per_week": rng.choice((0.25, 0.5, 1.0, 2.0, 4.0)),
                     "adoption_rate": rng.choice((0.4, 0.6, 0.8, 1.0)),
                     "staff_category": rng.choice("ABC"),
                     "qualitative": {key: rng.randint(0, 4) for key in ("usagers", "agents", "inclusion", "strategie")}},
    }
    if kind == "genai_api":
        provider, model = rng.choice(GENAI_API_MODELS)
        option.update(provider=provider, model=model, zone=rng.choice(ZONES))
    elif kind == "genai_self_hosted":
        option.update(provider="huggingface_hub", model=rng.choice(SELF_HOSTED_MODELS), zone=rng.choice(ZONES[:7]),
                      pue=rng.choice((1.2, 1.4, 1.56)))
    elif kind in ("ml", "vision"):
        option["zone"] = rng.choice(ZONES[:7])
        option["compute"] = {"gpu": "NVIDIA T4" if kind == "vision" else None,
                             "gpu_count": 1 if kind == "vision" else 0, "gpu_power_w": 70 if kind == "vision" else None,
                             "cpu_cores": rng.choice((4, 8, 16)), "memory_gb": rng.choice((8, 16, 32)),
                             "hours_per_year": rng.choice((200, 1200, 4000, 8760)), "utilisation": rng.choice((0.3, 0.6, 1.0)),
                             "pue": rng.choice((1.2, 1.56))}
        if rng.random() < 0.5:
            option["training"] = {"gpu_hours": rng.choice((5, 40, 300)), "runs_per_year": rng.choice((1, 2, 12))}
    if kind in ("non_ai", "rules"):
        option["usage"] = {"users": users}
    return option


def synthetic_documents(option_count: int, *, seed: int = 20261121) -> list[dict[str, Any]]:
    """About option_count options in proposal documents of 2 to 4 options, each with a non-AI baseline."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    categories = list(Category)
    documents: list[dict[str, Any]] = []
    made = 0
    number = 0
    while made < option_count:
        size = min(rng.randint(2, 4), max(option_count - made, 2))
        options = [_option(rng, "non_ai", 0)]
        options += [_option(rng, rng.choice(KINDS), index) for index in range(1, size)]
        governance = {
            "personal_data": rng.random() < 0.5, "dpia": rng.choice(("none", "planned", "done")),
            "staff_training": rng.random() < 0.7, "public_facing": rng.random() < 0.2,
            "ai_disclosure": rng.random() < 0.7, "decision_role": rng.choice(("none",) * 8 + ("assists", "automated")),
            "end_of_life_plan": rng.random() < 0.5,
        }
        documents.append({
            "id": f"synthetique-{number:06d}", "title": f"Projet synthétique {number}",
            "direction": rng.choice(("Relation usagers", "Ressources humaines", "Finances", "Environnement", "DSI")),
            "category": rng.choice(categories).value, "governance": governance, "options": options,
        })
        made += size
        number += 1
    return documents


def synthetic_proposals(option_count: int, *, seed: int = 20261121) -> list[Proposal]:
    """The synthetic documents, validated."""
    return [Proposal.model_validate(document) for document in synthetic_documents(option_count, seed=seed)]


def synthetic_rows(option_count: int, *, seed: int = 20261121) -> list[dict[str, Any]]:
    """The synthetic documents as flat rows (no pydantic objects: cheap for large benchmarks)."""
    from evaluation.exchange.flat import document_to_rows

    rows: list[dict[str, Any]] = []
    for document in synthetic_documents(option_count, seed=seed):
        rows.extend(document_to_rows(document))
    return rows
