"""Who may do what: the permission table of the roles, and the errors of the service layer.

The table is enforced by the services (evaluation.services.workflow, accounts, settings), not only by
the pages that hide buttons. A person may hold several roles: an action is allowed when one of them
allows it. Some actions of the porteur apply to its own proposals only (OWN_ONLY).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from typing import Protocol

from evaluation.domain.workflow import ROLE_LABELS_FR, Role


class Person(Protocol):
    """Who acts: a signed-in account (StoredUser, or the dashboard's session user)."""

    @property
    def login(self) -> str: ...

    @property
    def roles(self) -> Collection[str]: ...


class Action(StrEnum):
    VIEW_PORTFOLIO = "view_portfolio"        # the portfolio summary (list, matrix, key figures)
    VIEW_PROPOSAL = "view_proposal"          # a proposal's content, fiche and history
    COMPARE = "compare"                      # options side by side
    EXPORT = "export"                        # the whole portfolio's content to a file
    CREATE_PROPOSAL = "create_proposal"
    IMPORT_PROPOSALS = "import_proposals"
    EDIT_DRAFT = "edit_draft"
    SUBMIT = "submit"
    NEW_VERSION = "new_version"              # reopen a decided proposal as a linked draft
    START_REVIEW = "start_review"
    EDIT_TECHNICAL = "edit_technical"        # the DSI edits the options (technical assumptions), traced
    GIVE_OPINION = "give_opinion"
    DECIDE = "decide"
    MARK_CONDITION_MET = "mark_condition_met"  # a condition of an "approuvé sous conditions" is met
    EDIT_SETTINGS = "edit_settings"          # profile, reference values, matrix weights, rules
    MANAGE_ACCOUNTS = "manage_accounts"
    VIEW_AUDIT = "view_audit"                # the whole audit trail (a proposal's history is VIEW_PROPOSAL)
    VIEW_BILAN = "view_bilan"                # the SNR annual bilan of the AI projects and its documents
    FOLLOW_SERVICE = "follow_service"        # an approved option's service status and its actual usage
    MANAGE_REGISTER = "manage_register"      # the public register: draft, complete, review, publish, withdraw
    DECLARE_CURRENT_USE = "declare_current_use"  # declare an AI already in use (shadow AI); see the inventory


P, D, E, A = Role.PORTEUR, Role.DSI, Role.ELU, Role.ADMIN

PERMISSIONS: Mapping[Action, frozenset[Role]] = {
    Action.VIEW_PORTFOLIO: frozenset({P, D, E, A}),
    Action.VIEW_PROPOSAL: frozenset({P, D, E, A}),
    Action.COMPARE: frozenset({P, D, E, A}),
    Action.EXPORT: frozenset({D, E, A}),
    Action.CREATE_PROPOSAL: frozenset({P}),
    Action.IMPORT_PROPOSALS: frozenset({P, A}),
    Action.EDIT_DRAFT: frozenset({P}),
    Action.SUBMIT: frozenset({P}),
    Action.NEW_VERSION: frozenset({P}),
    Action.START_REVIEW: frozenset({D}),
    Action.EDIT_TECHNICAL: frozenset({D}),
    Action.GIVE_OPINION: frozenset({D}),
    Action.DECIDE: frozenset({E}),
    Action.MARK_CONDITION_MET: frozenset({D, E, A}),
    Action.EDIT_SETTINGS: frozenset({A}),
    Action.MANAGE_ACCOUNTS: frozenset({A}),
    Action.VIEW_AUDIT: frozenset({A}),
    Action.VIEW_BILAN: frozenset({D, E, A}),
    Action.FOLLOW_SERVICE: frozenset({D, A}),
    Action.MANAGE_REGISTER: frozenset({D, A}),
    Action.DECLARE_CURRENT_USE: frozenset({P, D, A}),
}

# Actions a porteur may take on its own proposals only (created_by == its login); the other roles
# that hold them act on every proposal.
OWN_ONLY: frozenset[Action] = frozenset({
    Action.VIEW_PROPOSAL, Action.COMPARE, Action.EDIT_DRAFT, Action.SUBMIT, Action.NEW_VERSION,
    Action.IMPORT_PROPOSALS,
})

ACTION_LABELS_FR: Mapping[Action, str] = {
    Action.VIEW_PORTFOLIO: "consulter le portefeuille",
    Action.VIEW_PROPOSAL: "consulter un dossier",
    Action.COMPARE: "comparer des options",
    Action.EXPORT: "exporter le portefeuille",
    Action.CREATE_PROPOSAL: "créer un dossier",
    Action.IMPORT_PROPOSALS: "importer des dossiers",
    Action.EDIT_DRAFT: "modifier un brouillon",
    Action.SUBMIT: "soumettre un dossier",
    Action.NEW_VERSION: "créer une nouvelle version d'un dossier",
    Action.START_REVIEW: "prendre un dossier en revue",
    Action.EDIT_TECHNICAL: "modifier les hypothèses techniques",
    Action.GIVE_OPINION: "rendre un avis",
    Action.DECIDE: "décider",
    Action.MARK_CONDITION_MET: "marquer une condition comme levée",
    Action.EDIT_SETTINGS: "modifier les paramètres",
    Action.MANAGE_ACCOUNTS: "gérer les comptes",
    Action.VIEW_AUDIT: "consulter le journal d'audit",
    Action.VIEW_BILAN: "consulter le bilan numérique responsable",
    Action.FOLLOW_SERVICE: "suivre la mise en service et importer l'usage réel",
    Action.MANAGE_REGISTER: "gérer le registre public des algorithmes",
    Action.DECLARE_CURRENT_USE: "déclarer un usage actuel de l'IA",
}


class WorkflowError(Exception):
    """A refusal of the service layer; the message is French, for people."""


class PermissionDenied(WorkflowError, PermissionError):
    """The person's roles (or ownership) do not allow the action."""


class InvalidTransition(WorkflowError, ValueError):
    """The proposal's status does not allow the action."""


def roles_of(person: Person) -> frozenset[Role]:
    """The person's roles that Jauge knows (unknown strings are ignored)."""
    known = {role.value for role in Role}
    return frozenset(Role(role) for role in person.roles if role in known)


def allowed(person: Person, action: Action) -> bool:
    """Whether one of the person's roles allows the action (ownership aside)."""
    return bool(roles_of(person) & PERMISSIONS[action])


def unrestricted(person: Person, action: Action) -> bool:
    """Whether the person may take the action on every proposal, not only on its own."""
    granting = roles_of(person) & PERMISSIONS[action]
    return bool(granting) and (action not in OWN_ONLY or bool(granting - {Role.PORTEUR}))


def may(person: Person, action: Action, *, owner: str | None = None) -> bool:
    """Whether the person may take the action on a proposal created by `owner` (None: not about one)."""
    if not allowed(person, action):
        return False
    return owner is None or unrestricted(person, action) or person.login == owner


def require(person: Person, action: Action, *, owner: str | None = None) -> None:
    """Raise PermissionDenied (French) unless the person may take the action."""
    if may(person, action, owner=owner):
        return
    label = ACTION_LABELS_FR[action]
    if allowed(person, action):
        raise PermissionDenied(f"Action refusée : un porteur de projet ne peut {label} que pour ses propres dossiers.")
    roles = ", ".join(ROLE_LABELS_FR[role] for role in sorted(PERMISSIONS[action], key=list(Role).index))
    raise PermissionDenied(f"Action refusée : {label} est réservé aux rôles suivants : {roles}.")
