"""The proposal workflow's vocabulary: statuses, DSI opinions, élus' outcomes, roles, audited entity types."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    BROUILLON = "brouillon"
    SOUMIS = "soumis"
    EN_REVUE = "en_revue"
    AVIS_RENDU = "avis_rendu"
    DECIDE = "decide"


class Outcome(StrEnum):
    APPROUVE = "approuve"
    APPROUVE_SOUS_CONDITIONS = "approuve_sous_conditions"
    REJETE = "rejete"
    AJOURNE = "ajourne"


class Opinion(StrEnum):
    FAVORABLE = "favorable"
    FAVORABLE_SOUS_RESERVE = "favorable_sous_reserve"
    DEFAVORABLE = "defavorable"


class EntityType(StrEnum):
    PROPOSAL = "proposal"
    REVIEW = "review"
    DECISION = "decision"
    SETTINGS = "settings"
    USER = "user"
    REGISTER_ENTRY = "register_entry"
    CURRENT_USE = "current_use"


# Every action an audit event may name, by the type of what it changed: evaluation.storage's audit.event
# refuses any other, and the dashboard's Historique has a French and an English label for each
# (app.fiche.history.action.<entity type>.<action>, tests/unit/ui/test_audit_action_labels.py).
AUDIT_ACTIONS: dict[EntityType, frozenset[str]] = {
    EntityType.PROPOSAL: frozenset({"create", "update", "status", "import_create", "import_replace",
                                    "import_new_version", "new_version", "service", "actuals_import",
                                    "create_from_current_use"}),
    EntityType.REVIEW: frozenset({"create"}),
    EntityType.DECISION: frozenset({"create", "condition_met"}),
    EntityType.SETTINGS: frozenset({"update"}),
    EntityType.USER: frozenset({"create", "update", "password", "sign_in", "sign_in_failed"}),
    EntityType.REGISTER_ENTRY: frozenset({"create", "update", "review", "publish", "withdraw"}),
    EntityType.CURRENT_USE: frozenset({"declare", "convert"}),
}


class Role(StrEnum):
    """What an account may do (evaluation.services.permissions); one person may hold several."""

    PORTEUR = "porteur"
    DSI = "dsi"
    ELU = "elu"
    ADMIN = "admin"


ROLE_LABELS_FR: dict[Role, str] = {
    Role.PORTEUR: "Porteur de projet",
    Role.DSI: "DSI / référent numérique responsable",
    Role.ELU: "Élu / comité",
    Role.ADMIN: "Administrateur",
}
STATUS_LABELS_FR: dict[Status, str] = {
    Status.BROUILLON: "Brouillon",
    Status.SOUMIS: "Soumis",
    Status.EN_REVUE: "En revue",
    Status.AVIS_RENDU: "Avis rendu",
    Status.DECIDE: "Décidé",
}
OUTCOME_LABELS_FR: dict[Outcome, str] = {
    Outcome.APPROUVE: "Approuvé",
    Outcome.APPROUVE_SOUS_CONDITIONS: "Approuvé sous conditions",
    Outcome.REJETE: "Rejeté",
    Outcome.AJOURNE: "Ajourné",
}
OPINION_LABELS_FR: dict[Opinion, str] = {
    Opinion.FAVORABLE: "Favorable",
    Opinion.FAVORABLE_SOUS_RESERVE: "Favorable sous réserve",
    Opinion.DEFAVORABLE: "Défavorable",
}
