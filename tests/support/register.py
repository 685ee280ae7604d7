"""Approved proposals and register entries at every status, for the register's tests."""

from __future__ import annotations

from evaluation.domain.register import RegisterContent
from evaluation.domain.workflow import Outcome, Status
from evaluation.services.register import Register
from evaluation.services.workflow import Workflow
from evaluation.storage import StoredRegisterEntry
from tests.support.proposals import small_proposal
from tests.support.workflow import ADMIN, DSI, ELU, PORTEUR, drive, records_for

# Typed markup in every text a citizen reads: it must come out escaped (HTML) or inert everywhere.
MARKUP = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def approve(workflow: Workflow, proposal_id: str, *, title: str = "Petit dossier",
            outcome: Outcome = Outcome.APPROUVE) -> None:
    """A new proposal driven to a decision; approved ones retain their AI option."""
    workflow.create_draft(small_proposal(proposal_id, title=title), user=PORTEUR)
    drive(workflow, proposal_id, Status.AVIS_RENDU)
    proposal = workflow.repository.get_proposal(proposal_id).proposal
    approved = outcome in (Outcome.APPROUVE, Outcome.APPROUVE_SOUS_CONDITIONS)
    workflow.decide(proposal_id, user=ELU, outcome=outcome, motivation="Motivation détaillée pour le test.",
                    records=records_for(proposal), settings={"rules": "rules"},
                    chosen_option="Avec IA" if approved else None)


def complete(title: str, **changes: object) -> RegisterContent:
    """A content with every field a publication needs."""
    data: dict[str, object] = {
        "title": title, "department": "Direction des finances",
        "purpose": "Pré-remplir les réponses aux courriers des habitants.",
        "legal_basis": "Code général des collectivités territoriales, art. L2121-29.",
        "decision_process": "Un agent relit chaque réponse avant envoi.", "decisions_per_year": 1200,
        "people_affected": "Habitants qui écrivent à la mairie (environ 1 200 par an).",
        "data_sources": ["Courriers reçus (service courrier)", "Modèles de réponses (direction)"],
        "human_oversight": "Chaque réponse est relue et signée par un agent.",
        "how_to_contest": "Recours gracieux auprès du maire, puis tribunal administratif.",
        "risks": "Réponse inexacte.", "mitigations": "Relecture systématique.", "supplier": "Mistral AI",
        "rules_url": "https://example.org/regles", "contact": "numerique@ville.example",
        "in_service_since": "2026-10-01",
    }
    data.update(changes)
    return RegisterContent.model_validate(data)


def published(register: Register, proposal_id: str, *, title: str, **changes: object) -> StoredRegisterEntry:
    """An approved proposal's entry, completed by the DSI, reviewed by the administrator and published."""
    approve(register_workflow(register), proposal_id, title=title)
    entry = register.create_from_decision(proposal_id, user=DSI)
    entry = register.save(entry.id, complete(title, **changes), user=DSI, expected_version=entry.version)
    register.review(entry.id, user=ADMIN)
    return register.publish(entry.id, user=ADMIN)


def register_workflow(register: Register) -> Workflow:
    return Workflow(register.repository)
