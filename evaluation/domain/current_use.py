"""The map of current uses: AI a service already uses without an evaluation (shadow AI: its own ChatGPT
accounts, a vendor's embedded assistant...), declared in a few fields. Listed as « non évalué » in the
internal inventory, never published; one action turns it into a proposal to evaluate, keeping what was
declared."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, field_validator, model_validator
from pydantic_core import PydanticCustomError

from evaluation.domain.fields import STRICT, field
from evaluation.domain.option import GENAI_KINDS, OptionKind


class CurrentUseStatus(StrEnum):
    NON_EVALUE = "non_evalue"        # declared, never evaluated
    EN_EVALUATION = "en_evaluation"  # turned into a proposal (its id is kept)


CURRENT_USE_STATUS_LABELS_FR: dict[CurrentUseStatus, str] = {
    CurrentUseStatus.NON_EVALUE: "Non évalué",
    CurrentUseStatus.EN_EVALUATION: "En évaluation",
}


class CurrentUse(BaseModel):
    """What a service declares of an AI it already uses."""

    model_config = STRICT

    service: str = field(..., fr="Service", en="Department", min_length=1, max_length=200)
    tool: str = field(..., fr="Outil utilisé", en="Tool used", min_length=1, max_length=200,
                      fr_help="Ex. ChatGPT (comptes personnels), assistant intégré au logiciel de courrier.",
                      en_help="E.g. ChatGPT (personal accounts), the mail software's embedded assistant.")
    usage: str = field(..., fr="Usage", en="Use", min_length=1, max_length=2000,
                       fr_help="Ce que le service en fait, et à quelle fréquence.",
                       en_help="What the department does with it, and how often.")
    data: str = field("", fr="Données confiées", en="Data given to it", max_length=1000)
    users: int | None = field(None, fr="Agents qui l'utilisent", en="Staff using it", ge=0, le=100_000)
    personal_data: bool = field(False, fr="Données personnelles", en="Personal data")
    kind: OptionKind = field(OptionKind.GENAI_API, fr="Type", en="Kind",
                             fr_help="genai_api (service en ligne), genai_self_hosted, ml, vision ou rules.",
                             en_help="genai_api (online service), genai_self_hosted, ml, vision or rules.")
    provider: str | None = field(None, fr="Fournisseur (EcoLogits)", en="Provider (EcoLogits)", max_length=100)
    model: str | None = field(None, fr="Modèle", en="Model", max_length=200)

    @field_validator("service", "tool", "usage", "data")
    @classmethod
    def _stripped(cls, value: str) -> str:
        return value.strip()

    @field_validator("provider", "model")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _an_evaluable_kind(self) -> CurrentUse:
        if self.kind is OptionKind.NON_AI:
            raise PydanticCustomError("non_ai_use", "un usage actuel déclaré est un usage d'IA ou d'automatisation")
        if self.kind in GENAI_KINDS and not self.model:
            raise PydanticCustomError("model_required",
                                      "précisez le modèle (ex. gpt-4o, mistral-small-latest) d'une IA générative")
        if self.kind is OptionKind.GENAI_API and not self.provider:
            raise PydanticCustomError("provider_required",
                                      "précisez le fournisseur (ex. openai, mistralai) d'un service d'IA en ligne")
        return self
