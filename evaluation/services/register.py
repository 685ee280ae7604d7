"""The public register of algorithms and AI, enforced: who drafts, completes, reviews, publishes and
withdraws an entry (the DSI or an administrator: Action.MANAGE_REGISTER), from which proposals (decided and
approved, with a retained option), and what a publication needs (every field a citizen needs, a review by a
second person). Each step is one write with its audit event (evaluation.storage.repositories.register).

`public_register(repository)` is what the public sees: the published documents only, no permission.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from evaluation.domain.register import (
    PUBLIC_KEYS,
    REGISTER_STATUS_LABELS_FR,
    RegisterContent,
    RegisterFigures,
    RegisterStatus,
    missing_fields,
    public_document,
)
from evaluation.domain.workflow import OUTCOME_LABELS_FR, Status
from evaluation.services.decision_checks import APPROVALS, frozen_records
from evaluation.services.permissions import Action, InvalidTransition, Person, WorkflowError, require
from evaluation.storage import Repository, StoredProposal, StoredRegisterEntry

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class RegisterIncomplete(WorkflowError, ValueError):
    """Fields a publication needs are empty; `problems` maps each field to its French message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("L'entrée ne peut être relue ni publiée : " + " ".join(self.problems.values()))


def figures_of(stored: StoredProposal, option_name: str, records: Sequence[Mapping[str, Any]]) -> RegisterFigures:
    """The retained option's figures: its model and zone from the proposal, its footprint and costs from
    the evaluation records frozen with the decision."""
    option = next(o for o in stored.proposal.options if o.name == option_name)
    record: Mapping[str, Any] = next((r for r in records if r.get("option") == option_name), {})
    footprint = record.get("footprint") or {}
    gwp = (footprint.get("annual") or {}).get("gwp_kgco2eq") or {}
    method = footprint.get("method") or {}
    finance = record.get("finance") or {}
    method_name = method.get("name")
    method_version = method.get(str(method_name)) if method_name else None
    models = [f"{option.provider}/{option.model}" if option.provider else option.model] if option.model else []
    return RegisterFigures(
        option=option.name, kind=option.kind.value, models=models,
        hosting_zone=option.zone or method.get("zone"),
        annual_gwp_kgco2eq_min=_number(gwp.get("min")), annual_gwp_kgco2eq_max=_number(gwp.get("max")),
        annual_cost_eur=_number(finance.get("annual_cost")), tco_eur=_number(finance.get("tco")),
        footprint_method=" ".join(str(part) for part in (method_name, method_version) if part) or None,
        evaluated_on=str(record["evaluated_on"]) if record.get("evaluated_on") else None,
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def draft_content(stored: StoredProposal) -> RegisterContent:
    """What the proposal already says, as the starting point of its entry."""
    proposal = stored.proposal
    return RegisterContent(title=proposal.title, department=proposal.direction, purpose=proposal.need[:2000],
                           decision_role=proposal.governance.decision_role,
                           people_affected=proposal.target_users[:1000])


def content_problems(data: Mapping[str, Any], lang: str = "fr") -> tuple[RegisterContent | None, dict[str, str]]:
    """The content typed in a form, validated: (content, {}) or (None, field -> message naming it, in `lang`)."""
    from pydantic import ValidationError

    from evaluation.domain.fields import field_title
    from evaluation.exchange.error_messages import error_message

    try:
        return RegisterContent.model_validate(dict(data)), {}
    except ValidationError as exc:
        problems: dict[str, str] = {}
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "content"
            title = field_title(RegisterContent, name, lang) or name
            problems.setdefault(name, f"{title}: {error_message(error, lang)}" if lang == "en" else (
                f"« {title} » : {error_message(error, lang)}"))
        return None, problems


_SEARCHED = ("title", "department", "purpose", "legal_basis", "people_affected", "supplier", "contact")


def search_public_register(documents: Sequence[Mapping[str, Any]], query: str) -> list[Mapping[str, Any]]:
    """The documents whose text holds every word of `query`, case ignored; an empty query keeps them all."""
    words = query.casefold().split()
    if not words:
        return list(documents)
    found = []
    for document in documents:
        haystack = " ".join([*(str(document.get(key) or "") for key in _SEARCHED),
                             *(str(item) for item in document.get("data_sources") or []),
                             *(str(item) for item in document.get("models") or [])]).casefold()
        if all(word in haystack for word in words):
            found.append(document)
    return found


def public_register(repository: Repository) -> list[dict[str, Any]]:
    """The public documents of the published entries (no permission: this is what citizens read), each with
    the public keys only, in their order (JSONB does not keep the order)."""
    return [{key: publication.document.get(key) for key in PUBLIC_KEYS}
            for publication in repository.published_register()]


def collectivite_name(repository: Repository) -> str:
    """The collectivité's name from its saved settings, else from the default settings."""
    saved = repository.get_settings()
    if saved is not None:
        name = (saved.document.get("profile") or {}).get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    from evaluation.exchange.settings_file import load_settings

    return load_settings().profile.name


class Register:
    """The register's service functions, bound to a repository."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository

    def entries(self, *, user: Person) -> list[StoredRegisterEntry]:
        """Every entry, whatever its status (the internal inventory)."""
        require(user, Action.MANAGE_REGISTER)
        return self.repository.register_entries()

    def candidates(self, *, user: Person) -> list[StoredProposal]:
        """Decided and approved proposals with a retained option and no entry yet, by id."""
        require(user, Action.MANAGE_REGISTER)
        taken = self.repository.register_entry_ids_by_proposal()
        found = []
        for summary in sorted(self.repository.list_proposals(statuses=[Status.DECIDE]), key=lambda s: s.id):
            if summary.outcome in APPROVALS and summary.id not in taken:
                decision = self.repository.latest_decision(summary.id)
                if decision is not None and decision.chosen_option:
                    found.append(self.repository.get_proposal(summary.id))
        return found

    def create_from_decision(self, proposal_id: str, *, user: Person) -> StoredRegisterEntry:
        """A draft entry from an approved proposal's retained option."""
        require(user, Action.MANAGE_REGISTER)
        stored = self.repository.get_proposal(proposal_id)
        if stored.status is not Status.DECIDE or stored.outcome not in APPROVALS:
            outcome = OUTCOME_LABELS_FR[stored.outcome] if stored.outcome else "non décidé"
            raise InvalidTransition(f"Le dossier « {proposal_id} » n'est pas approuvé ({outcome}) : seul un dossier "
                                    "approuvé entre au registre.")
        decision = self.repository.latest_decision(proposal_id)
        if decision is None or not decision.chosen_option:
            raise InvalidTransition(f"La décision sur « {proposal_id} » ne retient aucune option.")
        figures = figures_of(stored, decision.chosen_option, frozen_records(decision))
        return self.repository.create_register_entry(
            self._entry_id(proposal_id), proposal_id=proposal_id, option_name=decision.chosen_option,
            content=draft_content(stored), figures=figures, actor=user.login)

    @staticmethod
    def _entry_id(proposal_id: str) -> str:
        return _NOT_SLUG.sub("-", proposal_id.lower()).strip("-")[:80] or "entree"

    def save(self, entry_id: str, content: RegisterContent, *, user: Person,
             expected_version: int | None) -> StoredRegisterEntry:
        """New content (a withdrawn entry stays withdrawn); the entry goes back to brouillon."""
        require(user, Action.MANAGE_REGISTER)
        entry = self.repository.register_entry(entry_id)
        if entry.status is RegisterStatus.RETIREE:
            raise InvalidTransition(f"L'entrée « {entry_id} » est retirée : elle ne se modifie plus.")
        return self.repository.save_register_entry(entry_id, content, actor=user.login,
                                                   expected_version=expected_version)

    def review(self, entry_id: str, *, user: Person, expected_version: int | None = None) -> StoredRegisterEntry:
        """brouillon -> relue, by someone other than its last author, once complete."""
        require(user, Action.MANAGE_REGISTER)
        entry = self._expect(entry_id, RegisterStatus.BROUILLON, "relire")
        if entry.updated_by == user.login:
            raise InvalidTransition("Une entrée est relue par une autre personne que celle qui l'a écrite "
                                    f"(dernière modification : {entry.updated_by}).")
        problems = missing_fields(entry.content)
        if problems:
            raise RegisterIncomplete(problems)
        return self.repository.set_register_status(entry_id, RegisterStatus.RELUE, actor=user.login, action="review",
                                                   expected_version=expected_version or entry.version)

    def publish(self, entry_id: str, *, user: Person, expected_version: int | None = None,
                on: dt.date | None = None) -> StoredRegisterEntry:
        """relue -> publiée: the public document becomes the entry's next revision (an update when one was
        published before)."""
        require(user, Action.MANAGE_REGISTER)
        entry = self._expect(entry_id, RegisterStatus.RELUE, "publier")
        problems = missing_fields(entry.content)
        if problems:
            raise RegisterIncomplete(problems)
        today = on or dt.datetime.now(dt.UTC).date()
        publications = self.repository.register_publications(entry_id)
        first = dt.date.fromisoformat(publications[0].document["first_published"]) if publications else today
        document = public_document(entry.id, entry.content, entry.figures, revision=len(publications) + 1,
                                   first_published=first, last_updated=today)
        return self.repository.publish_register_entry(entry_id, document, actor=user.login,
                                                      expected_version=expected_version or entry.version)

    def withdraw(self, entry_id: str, *, user: Person, reason: str,
                 expected_version: int | None = None) -> StoredRegisterEntry:
        """Take an entry out of the public register (the reason goes to the audit trail)."""
        require(user, Action.MANAGE_REGISTER)
        entry = self.repository.register_entry(entry_id)
        if entry.status is RegisterStatus.RETIREE:
            raise InvalidTransition(f"L'entrée « {entry_id} » est déjà retirée.")
        if not reason.strip():
            raise RegisterIncomplete({"reason": "Le motif du retrait est à renseigner."})
        return self.repository.withdraw_register_entry(entry_id, reason=reason.strip(), actor=user.login,
                                                       expected_version=expected_version or entry.version)

    def _expect(self, entry_id: str, status: RegisterStatus, what: str) -> StoredRegisterEntry:
        entry = self.repository.register_entry(entry_id)
        if entry.status is not status:
            raise InvalidTransition(
                f"Impossible de {what} l'entrée « {entry_id} » : elle est au statut "
                f"« {REGISTER_STATUS_LABELS_FR[entry.status]} » (elle doit être "
                f"« {REGISTER_STATUS_LABELS_FR[status]} »).")
        return entry
