"""A proposal (dossier): the need, its options and the governance answers."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, field_validator, model_validator
from pydantic_core import PydanticCustomError

from evaluation.domain.fields import STRICT, field
from evaluation.domain.governance import Governance
from evaluation.domain.option import AI_KINDS, GENAI_KINDS, Option, OptionKind

__all__ = ["Category", "Proposal", "ProposalFile", "GENAI_KINDS", "AI_KINDS", "OptionKind", "Option"]


class Category(StrEnum):
    RELATION_USAGERS = "relation_usagers"
    RH = "rh"
    FINANCES = "finances"
    COMMANDE_PUBLIQUE = "commande_publique"
    JURIDIQUE = "juridique"
    URBANISME = "urbanisme"
    ENVIRONNEMENT_ENERGIE = "environnement_energie"
    DECHETS_PROPRETE = "dechets_proprete"
    EDUCATION_CULTURE = "education_culture"
    SOCIAL_SANTE = "social_sante"
    COMMUNICATION = "communication"
    SYSTEMES_INFORMATION = "systemes_information"
    MOBILITE = "mobilite"
    AUTRE = "autre"


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Proposal(BaseModel):
    """A proposed AI project and its options, as exchanged in YAML, JSON, CSV or XLSX."""

    model_config = STRICT

    id: str = field(..., fr="Identifiant", en="Identifier", pattern=SLUG_PATTERN, min_length=1, max_length=80,
                    fr_help="Minuscules, chiffres et tirets, unique (ex. assistant-courriers).",
                    en_help="Lower case letters, digits and hyphens, unique (e.g. assistant-courriers).")
    title: str = field(..., fr="Intitulé", en="Title", min_length=1, max_length=200)
    direction: str = field("", fr="Direction ou service", en="Department", max_length=200)
    sponsor: str = field("", fr="Porteur", en="Sponsor", max_length=200)
    category: Category = field(Category.AUTRE, fr="Catégorie", en="Category")
    need: str = field("", fr="Besoin", en="Need", max_length=4000,
                      fr_help="Le problème à résoudre, mesuré si possible (délai, volume, coût).",
                      en_help="The problem to solve, measured where possible (delay, volume, cost).")
    target_users: str = field("", fr="Utilisateurs visés", en="Target users", max_length=1000)
    horizon_years: int | None = field(
        None, fr="Horizon (années)", en="Horizon (years)", ge=1, le=30,
        fr_help="Durée d'analyse ; à défaut, celle des paramètres (5 ans).",
        en_help="Analysis period; defaults to the settings' value (5 years).")
    governance: Governance = field(default_factory=Governance, fr="Gouvernance", en="Governance")
    options: list[Option] = field(..., fr="Options", en="Options", min_length=1, max_length=20)

    @field_validator("options")
    @classmethod
    def _unique_option_names(cls, options: list[Option]) -> list[Option]:
        seen: set[str] = set()
        for option in options:
            if option.name in seen:
                raise PydanticCustomError(
                    "duplicate_option", "deux options portent le même nom « {name} »", {"name": option.name}
                )
            seen.add(option.name)
        return options

    @model_validator(mode="after")
    def _needs_an_ai_option(self) -> Proposal:
        if not any(option.kind in AI_KINDS or option.kind is OptionKind.RULES for option in self.options):
            raise PydanticCustomError(
                "no_ai_option", "le dossier doit comporter au moins une option avec IA ou automatisation"
            )
        return self

    def has_non_ai_option(self) -> bool:
        return any(option.kind is OptionKind.NON_AI for option in self.options)


class ProposalFile(BaseModel):
    """A file of proposals: `proposals:` holds the list."""

    model_config = STRICT

    proposals: list[Proposal] = field(..., fr="Dossiers", en="Proposals")

    @field_validator("proposals")
    @classmethod
    def _unique_ids(cls, proposals: list[Proposal]) -> list[Proposal]:
        seen: set[str] = set()
        for proposal in proposals:
            if proposal.id in seen:
                raise PydanticCustomError(
                    "duplicate_id", "l'identifiant « {id} » apparaît deux fois", {"id": proposal.id}
                )
            seen.add(proposal.id)
        return proposals
