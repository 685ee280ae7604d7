"""The map of current uses, enforced: a porteur, the DSI or an administrator declares an AI the service
already uses (Action.DECLARE_CURRENT_USE); everyone who reads the portfolio sees the internal inventory
(« non évalué »); a porteur turns a declared use into a draft proposal to evaluate (Action.CREATE_PROPOSAL),
keeping what was declared. Never published."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from evaluation.domain.current_use import CurrentUse
from evaluation.domain.governance import Governance
from evaluation.domain.option import Option
from evaluation.domain.proposal import Proposal
from evaluation.services.permissions import Action, Person, require
from evaluation.storage import Repository, StoredCurrentUse

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_ACCENTS = str.maketrans("àâäçéèêëîïôöùûüÿœæ", "aaaceeeeiioouuuyoa")


def declaration_problems(data: Mapping[str, Any], lang: str = "fr") -> tuple[CurrentUse | None, dict[str, str]]:
    """A declaration typed in a form: (declaration, {}) or (None, field -> message naming it, in `lang`)."""
    from pydantic import ValidationError

    from evaluation.domain.fields import field_title
    from evaluation.exchange.error_messages import error_message

    try:
        return CurrentUse.model_validate(dict(data)), {}
    except ValidationError as exc:
        problems: dict[str, str] = {}
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "model"
            title = field_title(CurrentUse, name, lang) or ("Declaration" if lang == "en" else "Déclaration")
            problems.setdefault(name, f"{title}: {error_message(error, lang)}" if lang == "en" else (
                f"« {title} » : {error_message(error, lang)}"))
        return None, problems


def proposal_from(use: StoredCurrentUse, proposal_id: str) -> Proposal:
    """The draft proposal a declared use becomes: its service, its use as the need, its tool as the option."""
    declared = use.declaration
    need = (f"Usage actuel déclaré le {use.declared_at:%d/%m/%Y} : {declared.usage}"
            + (f"\nDonnées confiées : {declared.data}" if declared.data else ""))
    return Proposal(
        id=proposal_id, title=f"{declared.tool} ({declared.service})"[:200], direction=declared.service,
        need=need[:4000],
        target_users=f"{declared.users} agent(s) du service" if declared.users is not None else "",
        governance=Governance(personal_data=declared.personal_data),
        options=[Option(name=declared.tool, kind=declared.kind, provider=declared.provider, model=declared.model,
                        description="Usage actuel, déclaré avant toute évaluation.")],
    )


class CurrentUses:
    """The map of current uses, bound to a repository."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository

    def declare(self, declaration: CurrentUse, *, user: Person) -> StoredCurrentUse:
        require(user, Action.DECLARE_CURRENT_USE)
        return self.repository.declare_current_use(declaration, actor=user.login)

    def inventory(self, *, user: Person) -> list[StoredCurrentUse]:
        """Every declared use, newest first (internal: never published)."""
        require(user, Action.VIEW_PORTFOLIO)
        return self.repository.current_uses()

    def to_proposal(self, use_id: int, *, user: Person) -> StoredCurrentUse:
        """Turn a declared use into a draft proposal owned by the person (a porteur)."""
        require(user, Action.CREATE_PROPOSAL)
        use = self.repository.current_use(use_id)
        return self.repository.convert_current_use(use_id, proposal_from(use, self._free_id(use)), actor=user.login,
                                                   expected_version=use.version)

    def _free_id(self, use: StoredCurrentUse) -> str:
        base = _NOT_SLUG.sub("-", f"usage-{use.declaration.tool}".lower().translate(_ACCENTS)).strip("-")[:70]
        candidate, number = base, 2
        while self.repository.exists(candidate):
            candidate, number = f"{base}-{number}", number + 1
        return candidate
