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
