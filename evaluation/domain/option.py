"""One way of meeting a proposal's need: its kind, usage, compute, costs and benefits."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, model_validator
from pydantic_core import PydanticCustomError

from evaluation.domain.fields import STRICT, field


class OptionKind(StrEnum):
    NON_AI = "non_ai"
    GENAI_API = "genai_api"
    GENAI_SELF_HOSTED = "genai_self_hosted"
    ML = "ml"
    VISION = "vision"
    RULES = "rules"


GENAI_KINDS = frozenset({OptionKind.GENAI_API, OptionKind.GENAI_SELF_HOSTED})
AI_KINDS = frozenset(OptionKind) - {OptionKind.NON_AI, OptionKind.RULES}


class Usage(BaseModel):
    """Expected usage of an option."""

    model_config = STRICT

    users: int = field(0, fr="Utilisateurs", en="Users", ge=0, le=10_000_000,
                       fr_help="Nombre d'agents ou d'usagers qui utilisent l'option.",
                       en_help="Number of agents or citizens using the option.")
    requests_per_user_per_day: float = field(
        0.0, fr="Requêtes par utilisateur et par jour", en="Requests per user per day", ge=0, le=100_000)
    days_per_year: int = field(
        210, fr="Jours d'utilisation par an", en="Days of use per year", ge=0, le=366,
        fr_help="210 jours ouvrés environ pour un agent à temps plein.",
        en_help="About 210 working days for a full-time agent.")
    output_tokens_per_request: float = field(
        0.0, fr="Jetons générés par requête", en="Output tokens per request", ge=0, le=10_000_000,
        fr_help="Environ 0,75 mot par jeton en français ; une réponse d'une page fait environ 400 jetons.",
        en_help="About 0.75 word per token; a one-page answer is about 400 tokens.")
    input_tokens_per_request: float = field(
        0.0, fr="Jetons en entrée par requête", en="Input tokens per request", ge=0, le=10_000_000,
        fr_help="Consigne et contexte ; EcoLogits ne les compte pas (l'estimation les ignore).",
        en_help="Prompt and context; EcoLogits ignores them (the estimate does not count them).")


class Compute(BaseModel):
    """Hardware and hours for compute estimated with Green Algorithms' method."""

    model_config = STRICT

    gpu: str | None = field(None, fr="Modèle de GPU", en="GPU model", max_length=100)
    gpu_count: int = field(0, fr="Nombre de GPU", en="GPU count", ge=0, le=10_000)
    gpu_power_w: float | None = field(
        None, fr="Puissance d'un GPU (W)", en="GPU power (W)", ge=0, le=5_000,
        fr_help="Puissance nominale (TDP) ; à défaut, celle du modèle de GPU dans les données de référence.",
        en_help="Rated power (TDP); defaults to the GPU model's value in the reference data.")
    cpu_cores: int = field(0, fr="Cœurs de processeur", en="CPU cores", ge=0, le=100_000)
    core_power_w: float = field(12.0, fr="Puissance par cœur (W)", en="Power per core (W)", ge=0, le=500)
    memory_gb: float = field(0.0, fr="Mémoire (Go)", en="Memory (GB)", ge=0, le=1_000_000)
    hours_per_year: float = field(0.0, fr="Heures de calcul par an", en="Compute hours per year", ge=0, le=8_784 * 1000)
    utilisation: float = field(
        1.0, fr="Taux d'utilisation", en="Utilisation", ge=0, le=1,
        fr_help="Entre 0 et 1 ; 1 par défaut, ce qui majore l'estimation.",
        en_help="Between 0 and 1; 1 by default, an upper bound.")
    pue: float | None = field(None, fr="PUE", en="PUE", ge=1, le=5,
                              fr_help="Efficacité énergétique du centre de données ; 1,56 par défaut.",
                              en_help="Datacenter power usage effectiveness; 1.56 by default.")


class Training(BaseModel):
    """Training or fine-tuning compute, which EcoLogits does not cover."""

    model_config = STRICT

    gpu_hours: float = field(0.0, fr="Heures GPU par entraînement", en="GPU hours per run", ge=0, le=10_000_000)
    runs_per_year: float = field(1.0, fr="Entraînements par an", en="Runs per year", ge=0, le=10_000)
    gpu: str | None = field(None, fr="Modèle de GPU", en="GPU model", max_length=100)
    gpu_power_w: float | None = field(None, fr="Puissance d'un GPU (W)", en="GPU power (W)", ge=0, le=5_000)


class OneOffCosts(BaseModel):
    """Costs paid once, at year 0 (euros)."""

    model_config = STRICT

    development: float = field(0.0, fr="Développement (€)", en="Development (EUR)", ge=0, le=1e9)
    training: float = field(0.0, fr="Formation des agents (€)", en="Staff training (EUR)", ge=0, le=1e9)
    hardware: float = field(0.0, fr="Matériel (€)", en="Hardware (EUR)", ge=0, le=1e9)
    internal_hours: float = field(0.0, fr="Temps interne de mise en place (h)", en="Internal set-up time (h)",
                                  ge=0, le=1e7,
                                  fr_help="Valorisé au coût horaire chargé.", en_help="Valued at the loaded hourly cost.")
    other: float = field(0.0, fr="Autres (€)", en="Other (EUR)", ge=0, le=1e9)


class AnnualCosts(BaseModel):
    """Costs paid every year of the horizon (euros per year)."""

    model_config = STRICT

    licences: float = field(0.0, fr="Licences (€/an)", en="Licences (EUR/yr)", ge=0, le=1e9)
    api: float = field(0.0, fr="API (€/an)", en="API (EUR/yr)", ge=0, le=1e9)
    hosting: float = field(0.0, fr="Hébergement (€/an)", en="Hosting (EUR/yr)", ge=0, le=1e9)
    maintenance: float = field(0.0, fr="Maintenance (€/an)", en="Maintenance (EUR/yr)", ge=0, le=1e9)
    support_hours: float = field(0.0, fr="Temps interne de suivi (h/an)", en="Internal support time (h/yr)",
                                 ge=0, le=1e7,
                                 fr_help="Valorisé au coût horaire chargé.", en_help="Valued at the loaded hourly cost.")
    other: float = field(0.0, fr="Autres (€/an)", en="Other (EUR/yr)", ge=0, le=1e9)


class Costs(BaseModel):
    model_config = STRICT

    one_off: OneOffCosts = field(default_factory=OneOffCosts, fr="Coûts ponctuels", en="One-off costs")
    annual: AnnualCosts = field(default_factory=AnnualCosts, fr="Coûts annuels", en="Annual costs")


class Qualitative(BaseModel):
    """Qualitative value scores, 0 (none) to 4 (very high)."""

    model_config = STRICT

    usagers: int = field(0, fr="Service aux usagers (0-4)", en="Service to citizens (0-4)", ge=0, le=4)
    agents: int = field(0, fr="Conditions de travail des agents (0-4)", en="Working conditions (0-4)", ge=0, le=4)
    inclusion: int = field(0, fr="Inclusion et accessibilité (0-4)", en="Inclusion and accessibility (0-4)", ge=0, le=4)
    strategie: int = field(0, fr="Alignement stratégique (0-4)", en="Strategic alignment (0-4)", ge=0, le=4)


class Benefits(BaseModel):
    model_config = STRICT

    hours_saved_per_user_per_week: float = field(
        0.0, fr="Heures gagnées par utilisateur et par semaine", en="Hours saved per user per week", ge=0, le=60)
    adoption_rate: float = field(1.0, fr="Taux d'adoption", en="Adoption rate", ge=0, le=1,
                                 fr_help="Part des utilisateurs qui s'en servent réellement (0 à 1).",
                                 en_help="Share of users who actually use it (0 to 1).")
    hourly_cost: float | None = field(
        None, fr="Coût horaire chargé (€/h)", en="Loaded hourly cost (EUR/h)", ge=0, le=1_000,
        fr_help="À défaut, celui de la catégorie d'agents dans les paramètres.",
        en_help="Defaults to the staff category's value in the settings.")
    staff_category: str = field("B", fr="Catégorie des agents", en="Staff category", pattern="^[ABC]$")
    other_annual_savings: float = field(0.0, fr="Autres économies ou recettes (€/an)",
                                        en="Other savings or revenues (EUR/yr)", ge=0, le=1e9)
    qualitative: Qualitative = field(default_factory=Qualitative, fr="Valeur qualitative", en="Qualitative value")


class Parameters(BaseModel):
    """Parameter counts of a self-hosted model absent from EcoLogits' repository (billions)."""

    model_config = STRICT

    total_b: float = field(..., fr="Paramètres totaux (milliards)", en="Total parameters (billions)", gt=0, le=10_000)
    active_b: float | None = field(None, fr="Paramètres actifs (milliards)", en="Active parameters (billions)",
                                   gt=0, le=10_000)


class Option(BaseModel):
    """One way of meeting the need."""

    model_config = STRICT

    name: str = field(..., fr="Nom de l'option", en="Option name", min_length=1, max_length=200)
    kind: OptionKind = field(..., fr="Type", en="Kind",
                             fr_help="non_ai, genai_api, genai_self_hosted, ml, vision ou rules.",
                             en_help="non_ai, genai_api, genai_self_hosted, ml, vision or rules.")
    description: str | None = field(None, fr="Description", en="Description", max_length=4000)
    provider: str | None = field(None, fr="Fournisseur (EcoLogits)", en="Provider (EcoLogits)", max_length=100,
                                 fr_help="Nom du fournisseur dans EcoLogits : mistralai, openai, anthropic...",
                                 en_help="EcoLogits provider name: mistralai, openai, anthropic...")
    model: str | None = field(None, fr="Modèle", en="Model", max_length=200)
    zone: str | None = field(
        None, fr="Zone d'hébergement", en="Hosting zone", pattern="^[A-Z]{3}$",
        fr_help="Mix électrique du centre de données : code ISO alpha-3 (FRA, DEU...), WOR (monde) ou EEE (Europe).",
        en_help="Electricity mix of the datacenter: ISO alpha-3 (FRA, DEU...), WOR (world) or EEE (Europe).")
    data_location: str | None = field(
        None, fr="Pays de traitement des données", en="Where data are processed", pattern="^[A-Z]{3}$",
        fr_help="Pays où les données sont traitées et stockées, code ISO 3166 alpha-3 (FRA, CHE, USA...) ; "
                "par défaut la zone d'hébergement. La règle SOV-1 (transferts hors UE/EEE) le lit.",
        en_help="Country where data are processed and stored, ISO 3166 alpha-3 (FRA, CHE, USA...); "
                "defaults to the hosting zone. Rule SOV-1 (transfers outside the EU/EEA) reads it.")
    pue: float | None = field(None, fr="PUE", en="PUE", ge=1, le=5)
    wue: float | None = field(None, fr="WUE (L/kWh)", en="WUE (L/kWh)", ge=0, le=20)
    parameters: Parameters | None = field(None, fr="Taille du modèle", en="Model size")
    usage: Usage = field(default_factory=Usage, fr="Usage prévu", en="Expected usage")
    compute: Compute | None = field(None, fr="Calcul", en="Compute")
    training: Training | None = field(None, fr="Entraînement", en="Training")
    costs: Costs = field(default_factory=Costs, fr="Coûts", en="Costs")
    benefits: Benefits = field(default_factory=Benefits, fr="Bénéfices", en="Benefits")

    @model_validator(mode="after")
    def _genai_needs_model(self) -> Option:
        if self.kind in GENAI_KINDS and not self.model:
            raise PydanticCustomError(
                "model_required", "le champ « model » est obligatoire pour une option d'IA générative"
            )
        if self.kind is OptionKind.GENAI_API and not self.provider:
            raise PydanticCustomError(
                "provider_required", "le champ « provider » est obligatoire pour une option genai_api"
            )
        return self
