"""The public register of algorithms and AI: an entry's statuses, what the DSI completes, its figures, and
the public document (the only shape an entry takes outside the house).

An entry is made from an approved proposal's retained option; the DSI or an administrator completes what a
citizen needs and the proposal lacks (fields drawn from the Etalab inventory of the main algorithmic
treatments and from the UK Algorithmic Transparency Recording Standard, tiers 1 and 2: docs/register.md).
Its path: brouillon -> relue -> publiée (each new publication is a new revision) -> retirée.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from evaluation.domain.fields import STRICT, field
from evaluation.domain.governance import DecisionRole


class RegisterStatus(StrEnum):
    BROUILLON = "brouillon"   # being written (also after a publication, until published again)
    RELUE = "relue"           # read again and found complete by a second person
    PUBLIEE = "publiee"       # its last revision is public
    RETIREE = "retiree"       # withdrawn: nothing of it is public any more


REGISTER_STATUS_LABELS_FR: dict[RegisterStatus, str] = {
    RegisterStatus.BROUILLON: "Brouillon",
    RegisterStatus.RELUE: "Relue",
    RegisterStatus.PUBLIEE: "Publiée",
    RegisterStatus.RETIREE: "Retirée",
}

DECISION_ROLE_LABELS_FR: dict[DecisionRole, str] = {
    DecisionRole.NONE: "Aucun rôle dans les décisions individuelles",
    DecisionRole.ASSISTS: "Aide à la décision : un agent décide",
    DecisionRole.AUTOMATED: "Décision entièrement automatisée",
}

_URL = re.compile(r"^https?://[^\s<>\"']+$")


class RegisterContent(BaseModel):
    """What the register needs and the proposal lacks, completed by the DSI or an administrator."""

    model_config = STRICT

    title: str = field(..., fr="Nom public", en="Public name", min_length=1, max_length=200,
                       fr_help="Le nom sous lequel les habitants connaîtront l'outil.",
                       en_help="The name citizens will know the tool by.")
    department: str = field("", fr="Direction ou service", en="Department", max_length=200)
    purpose: str = field("", fr="Finalité (pour les habitants)", en="Purpose (for citizens)", max_length=2000,
                         fr_help="Ce que fait l'outil et pourquoi, en mots simples (Etalab : finalité ; ATRS 1.2).",
                         en_help="What the tool does and why, in plain words (Etalab: purpose; ATRS 1.2).")
    legal_basis: str = field("", fr="Base juridique", en="Legal basis", max_length=1000,
                             fr_help="Le texte qui fonde la décision ou le traitement (Etalab : fondement juridique).",
                             en_help="The text the decision or processing rests on (Etalab: legal basis).")
    decision_role: DecisionRole = field(DecisionRole.NONE, fr="Rôle dans les décisions", en="Role in decisions",
                                        fr_help="Repris du dossier : aucun, aide à la décision ou décision "
                                                "automatisée (CRPA L311-3-1).",
                                        en_help="From the proposal: none, decision support or automated decision.")
    decision_process: str = field("", fr="Place dans la décision", en="Place in the decision", max_length=2000,
                                  fr_help="Comment le résultat de l'outil entre dans la décision (ATRS 2.3).",
                                  en_help="How the tool's output enters the decision (ATRS 2.3).")
    decisions_per_year: int | None = field(None, fr="Décisions par an", en="Decisions per year", ge=0,
                                           le=100_000_000)
    people_affected: str = field("", fr="Personnes concernées", en="People affected", max_length=1000,
                                 fr_help="Qui est concerné et combien (Etalab : public concerné).",
                                 en_help="Who is affected and how many (Etalab: people concerned).")
    data_sources: list[str] = field(default_factory=list, fr="Données utilisées et sources",
                                    en="Data used and sources", max_length=30,
                                    fr_help="Une ligne par donnée, avec sa source (ATRS 2.4).",
                                    en_help="One line per data item, with its source (ATRS 2.4).")
    human_oversight: str = field("", fr="Contrôle humain", en="Human oversight", max_length=2000,
                                 fr_help="Qui vérifie, quand, et ce qu'il peut changer (ATRS 2.3).",
                                 en_help="Who checks, when, and what they can change (ATRS 2.3).")
    how_to_contest: str = field("", fr="Comment contester", en="How to contest", max_length=2000,
                                fr_help="Le recours ouvert et à qui l'adresser (CRPA R311-3-1-2).",
                                en_help="The appeal available and where to send it.")
    risks: str = field("", fr="Risques", en="Risks", max_length=2000, fr_help="ATRS 2.5.", en_help="ATRS 2.5.")
    mitigations: str = field("", fr="Mesures d'atténuation", en="Mitigations", max_length=2000,
                             fr_help="ATRS 2.5.", en_help="ATRS 2.5.")
    supplier: str = field("", fr="Fournisseur", en="Supplier", max_length=200,
                          fr_help="Le prestataire qui fournit ou héberge l'outil (ATRS 2.1.4).",
                          en_help="The company that supplies or hosts the tool (ATRS 2.1.4).")
    rules_url: str = field("", fr="Règles publiées ou code source", en="Published rules or source code",
                           max_length=500,
                           fr_help="Lien (https://) vers les règles de l'algorithme ou son code source.",
                           en_help="Link (https://) to the algorithm's rules or its source code.")
    contact: str = field("", fr="Contact", en="Contact", max_length=200,
                         fr_help="Une adresse de service (pas celle d'un agent) : elle est publiée.",
                         en_help="A service address (not an agent's): it is published.")
    in_service_since: dt.date | None = field(None, fr="En service depuis", en="In service since")

    @field_validator("title", "department", "purpose", "legal_basis", "decision_process", "people_affected",
                     "human_oversight", "how_to_contest", "risks", "mitigations", "supplier", "rules_url",
                     "contact")
    @classmethod
    def _stripped(cls, value: str) -> str:
        return value.strip()

    @field_validator("data_sources")
    @classmethod
    def _lines(cls, value: list[str]) -> list[str]:
        lines = [line.strip() for line in value if line.strip()]
        if any(len(line) > 500 for line in lines):
            raise PydanticCustomError("line_too_long", "une ligne de données dépasse 500 caractères")
        return lines

    @field_validator("rules_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not _URL.match(value):
            raise PydanticCustomError(
                "link_scheme", "le lien doit commencer par https:// ou http:// et ne contenir aucun espace")
        return value


# Fields a citizen needs: an entry missing one of them can be neither reviewed nor published.
REQUIRED_TO_PUBLISH: tuple[str, ...] = (
    "purpose", "legal_basis", "people_affected", "data_sources", "human_oversight", "how_to_contest", "contact",
)


def missing_fields(content: RegisterContent) -> dict[str, str]:
    """Field -> French message, for each field a publication needs and the entry leaves empty."""
    fields = RegisterContent.model_fields
    return {name: f"« {fields[name].title} » est à renseigner avant la publication."
            for name in REQUIRED_TO_PUBLISH if not getattr(content, name)}


class RegisterFigures(BaseModel):
    """The retained option's figures, as the élus approved them (from the decision's frozen evaluation)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    option: str
    kind: str
    models: list[str]  # "provider/model", or the model alone; empty for an option without a named model
    hosting_zone: str | None
    annual_gwp_kgco2eq_min: float | None
    annual_gwp_kgco2eq_max: float | None
    annual_cost_eur: float | None
    tco_eur: float | None
    footprint_method: str | None  # "ecologits 0.11.3"...
    evaluated_on: str | None  # the evaluation's date (ISO)


# The public document's keys, in order: the ONLY fields that leave the house (page, site, JSON, CSV).
PUBLIC_KEYS: tuple[str, ...] = (
    "id", "title", "department", "purpose", "legal_basis", "decision_role", "decision_process",
    "decisions_per_year", "people_affected", "data_sources", "human_oversight", "how_to_contest", "risks",
    "mitigations", "supplier", "models", "hosting_zone", "annual_gwp_kgco2eq", "annual_cost_eur", "tco_eur",
    "footprint_method", "evaluated_on", "contact", "status", "revision", "in_service_since", "rules_url",
    "first_published", "last_updated",
)


def public_document(entry_id: str, content: RegisterContent, figures: RegisterFigures, *, revision: int,
                    first_published: dt.date, last_updated: dt.date) -> dict[str, Any]:
    """The published shape of an entry: its content and figures, and nothing about who wrote it."""
    document: dict[str, Any] = {
        "id": entry_id,
        **content.model_dump(mode="json"),
        "models": list(figures.models),
        "hosting_zone": figures.hosting_zone,
        "annual_gwp_kgco2eq": {"min": figures.annual_gwp_kgco2eq_min, "max": figures.annual_gwp_kgco2eq_max},
        "annual_cost_eur": figures.annual_cost_eur,
        "tco_eur": figures.tco_eur,
        "footprint_method": figures.footprint_method,
        "evaluated_on": figures.evaluated_on,
        "status": "publiee" if revision == 1 else "mise_a_jour",
        "revision": revision,
        "first_published": first_published.isoformat(),
        "last_updated": last_updated.isoformat(),
    }
    return {key: document[key] for key in PUBLIC_KEYS}
