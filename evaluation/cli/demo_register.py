"""The demo's public register and map of current uses (`python -m evaluation demo`): entries for the
approved proposals the demo decided, and one declared current use. Kept apart from evaluation.cli.demo so
that each part of the demo merges on its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evaluation.storage import Repository, StoredUser


def demo_register(repo: Repository, people: Mapping[str, StoredUser]) -> dict[str, int]:
    """Register entries for the demo's approved proposals (three at most): each completed by the DSI, reviewed
    by the administrator and published, but the last one left as a draft when there are two or more (one
    approved: one published; two: one published, one draft; three: two published, one draft). Nothing when
    no proposal is approved."""
    from evaluation.domain.register import RegisterContent
    from evaluation.services.register import Register

    register = Register(repo)
    dsi, admin = people["dsi"], people["admin"]
    made = {"publiees": 0, "brouillons": 0}
    candidates = register.candidates(user=dsi)[:3]
    to_publish = max(1, len(candidates) - 1)
    for index, stored in enumerate(candidates):
        entry = register.create_from_decision(stored.proposal.id, user=dsi)
        if index >= to_publish:
            made["brouillons"] += 1
            continue
        completed = entry.content.model_dump() | {
            "purpose": f"{stored.proposal.title} : un outil qui aide les agents du service "
                       f"« {stored.proposal.direction or 'concerné'} » ; il ne prend aucune décision seul.",
            "legal_basis": "Code général des collectivités territoriales, art. L2121-29 (affaires de la commune) ; "
                           "RGPD art. 6.1.e (mission d'intérêt public).",
            "decision_process": "L'outil propose ; un agent vérifie, corrige et décide.",
            "people_affected": entry.content.people_affected or "Habitants en relation avec le service.",
            "data_sources": ["Demandes reçues par le service (usagers)", "Référentiels internes du service"],
            "human_oversight": "Chaque résultat est relu par un agent avant tout envoi ou décision.",
            "how_to_contest": "Recours gracieux auprès du maire dans les deux mois, puis tribunal administratif.",
            "risks": "Résultat inexact ou incomplet ; données personnelles dans les demandes.",
            "mitigations": "Relecture systématique ; données hébergées en France ; contrôle trimestriel par la DSI.",
            "contact": "registre-algorithmes@collectivite.example",
        }
        entry = register.save(entry.id, RegisterContent.model_validate(completed), user=dsi,
                              expected_version=entry.version)
        register.review(entry.id, user=admin)
        register.publish(entry.id, user=admin)
        made["publiees"] += 1
    return made


def demo_current_uses(repo: Repository, people: Mapping[str, StoredUser]) -> int:
    """One AI already in use without an evaluation, declared by the porteur (the map of current uses)."""
    from evaluation.domain.current_use import CurrentUse
    from evaluation.domain.option import OptionKind
    from evaluation.services.current_uses import CurrentUses

    CurrentUses(repo).declare(CurrentUse(
        service="Accueil et relations usagers", tool="ChatGPT (comptes personnels des agents)",
        usage="Reformuler les réponses aux courriels des usagers, plusieurs fois par jour.",
        data="Extraits de courriels d'usagers (noms, adresses)", users=6, personal_data=True,
        kind=OptionKind.GENAI_API, provider="openai", model="gpt-4o-mini"), user=people["porteur"])
    return 1
