"""The map of current uses (shadow AI) on SQLite and PostgreSQL: declared in a few fields, listed as non
évalué, turned into a draft proposal keeping what was declared, audited, never published."""

from __future__ import annotations

import pytest

from evaluation.domain.current_use import CurrentUse, CurrentUseStatus
from evaluation.domain.workflow import EntityType, Status
from evaluation.services.current_uses import CurrentUses, declaration_problems
from evaluation.services.permissions import PermissionDenied
from evaluation.services.register import Register, public_register
from evaluation.storage import AlreadyExists, Repository
from tests.support.register import published
from tests.support.workflow import ADMIN, DSI, ELU, PORTEUR


def _chatgpt(**changes: object) -> CurrentUse:
    data: dict[str, object] = {
        "service": "État civil", "tool": "ChatGPT (comptes personnels)",
        "usage": "SECRET-USAGE : rédiger des réponses aux demandes d'actes.", "data": "Noms et dates de naissance",
        "users": 4, "personal_data": True, "kind": "genai_api", "provider": "openai", "model": "gpt-4o",
    }
    data.update(changes)
    return CurrentUse.model_validate(data)


def test_a_declaration_needs_what_makes_it_evaluable() -> None:
    declared, problems = declaration_problems({"service": "État civil", "tool": "ChatGPT", "usage": "Courriers",
                                               "kind": "genai_api"})
    assert declared is None and "précisez le modèle" in next(iter(problems.values()))
    declared, problems = declaration_problems({"service": "", "tool": "Outil", "usage": "u", "kind": "ml"})
    assert declared is None and problems["service"].startswith("« Service » :")
    declared, problems = declaration_problems({"service": "S", "tool": "Tri", "usage": "u", "kind": "ml"})
    assert declared is not None and problems == {}


@pytest.mark.parametrize("person", [PORTEUR, DSI, ADMIN])
def test_a_porteur_the_dsi_or_an_administrator_declares_a_use(repository: Repository, person: object) -> None:
    uses = CurrentUses(repository)
    declared = uses.declare(_chatgpt(), user=person)  # type: ignore[arg-type]
    assert declared.status is CurrentUseStatus.NON_EVALUE and declared.proposal_id is None
    assert [use.id for use in uses.inventory(user=ELU)] == [declared.id]
    event = repository.audit_events(entity_type=EntityType.CURRENT_USE)[-1]
    assert (event.action, event.actor, event.after["tool"]) == ("declare", person.login, "ChatGPT (comptes personnels)")  # type: ignore[attr-defined]


def test_an_elu_declares_nothing(repository: Repository) -> None:
    with pytest.raises(PermissionDenied, match="déclarer un usage actuel"):
        CurrentUses(repository).declare(_chatgpt(), user=ELU)
    assert repository.current_uses() == []


def test_one_action_turns_a_use_into_a_draft_keeping_what_was_declared(repository: Repository) -> None:
    uses = CurrentUses(repository)
    declared = uses.declare(_chatgpt(), user=DSI)
    for refused in (DSI, ELU, ADMIN):
        with pytest.raises(PermissionDenied):
            uses.to_proposal(declared.id, user=refused)

    converted = uses.to_proposal(declared.id, user=PORTEUR)

    assert converted.status is CurrentUseStatus.EN_EVALUATION and converted.proposal_id == "usage-chatgpt-comptes-personnels"
    stored = repository.get_proposal(converted.proposal_id)
    assert stored.status is Status.BROUILLON and stored.created_by == PORTEUR.login
    proposal = stored.proposal
    assert proposal.direction == "État civil" and proposal.governance.personal_data
    assert "SECRET-USAGE" in proposal.need and "Noms et dates de naissance" in proposal.need
    assert [(o.name, o.kind.value, o.provider, o.model) for o in proposal.options] == [
        ("ChatGPT (comptes personnels)", "genai_api", "openai", "gpt-4o")]
    assert proposal.target_users == "4 agent(s) du service"
    events = repository.audit_events(proposal_id=converted.proposal_id)
    assert {(e.entity_type, e.action) for e in events} == {
        (EntityType.PROPOSAL, "create_from_current_use"), (EntityType.CURRENT_USE, "convert")}
    with pytest.raises(AlreadyExists, match="déjà en évaluation"):
        uses.to_proposal(declared.id, user=PORTEUR)
    # a second use of the same tool gets its own proposal id
    second = uses.to_proposal(uses.declare(_chatgpt(service="Urbanisme"), user=PORTEUR).id, user=PORTEUR)
    assert second.proposal_id == "usage-chatgpt-comptes-personnels-2"


def test_a_declared_use_is_never_published(repository: Repository) -> None:
    published(Register(repository), "publie", title="Publié")
    uses = CurrentUses(repository)
    uses.declare(_chatgpt(), user=PORTEUR)
    uses.to_proposal(uses.declare(_chatgpt(tool="SECRET-OUTIL"), user=PORTEUR).id, user=PORTEUR)

    everything = repr(public_register(repository))
    assert "SECRET" not in everything and "ChatGPT" not in everything
    assert repository.count_published_register_entries() == 1
