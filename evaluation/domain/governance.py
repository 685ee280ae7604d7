"""Governance answers of a proposal: every field read by the alignment checklist."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from evaluation.domain.fields import STRICT, field


class DecisionRole(StrEnum):
    NONE = "none"
    ASSISTS = "assists"
    AUTOMATED = "automated"


class AnnexIII(StrEnum):
    NONE = "none"
    A5A = "5a"
    A5B = "5b"
    A5C = "5c"
    A5D = "5d"
    OTHER = "other"


class Assessment(StrEnum):
    NONE = "none"
    PLANNED = "planned"
    DONE = "done"


class Governance(BaseModel):
    """Answers to the governance questions (checklist.md); missing booleans are false."""

    model_config = STRICT

    personal_data: bool = field(
        False, fr="Données personnelles traitées", en="Personal data processed",
        fr_help="Le système traite des données à caractère personnel (RGPD art. 4).",
        en_help="The system processes personal data (GDPR art. 4).",
    )
    transfer_safeguards: bool = field(
        False, fr="Garanties de transfert hors UE (RGPD chapitre V)", en="Transfer safeguards (GDPR chapter V)",
        fr_help="Un transfert de données personnelles hors de l'UE/EEE sans décision d'adéquation est encadré par "
                "des garanties de l'article 46 du RGPD (clauses contractuelles types, règles d'entreprise "
                "contraignantes...), avec l'analyse d'impact du transfert.",
        en_help="A transfer of personal data outside the EU/EEA without an adequacy decision is framed by GDPR "
                "art. 46 safeguards (standard contractual clauses, binding corporate rules...), with the "
                "transfer impact assessment.",
    )
    sensitive_data: bool = field(
        False, fr="Données sensibles", en="Sensitive data",
        fr_help="Catégories particulières (RGPD art. 9 : santé, origine, opinions...) ou situation sociale.",
        en_help="Special categories (GDPR art. 9: health, origin, opinions...) or social situation data.",
    )
    decision_role: DecisionRole = field(
        DecisionRole.NONE, fr="Rôle dans les décisions individuelles",
        en="Role in individual decisions",
        fr_help="none : aucun ; assists : aide à la décision ; automated : décision entièrement automatisée.",
        en_help="none; assists: decision support; automated: fully automated decision.",
    )
    self_learning: bool = field(
        False, fr="Apprentissage continu", en="Self-learning",
        fr_help="Le modèle révise lui-même ses règles en cours d'utilisation.",
        en_help="The model revises its own rules while in use.",
    )
    explicit_mention: bool = field(
        False, fr="Mention explicite sur les décisions", en="Explicit mention on decisions",
        fr_help="Les décisions portent la mention prévue à l'article L311-3-1 du CRPA.",
        en_help="Decisions carry the mention required by CRPA art. L311-3-1.",
    )
    explanation_on_request: bool = field(
        False, fr="Explication sur demande", en="Explanation on request",
        fr_help="Les quatre informations de l'article R311-3-1-2 du CRPA peuvent être communiquées.",
        en_help="The four items of CRPA art. R311-3-1-2 can be given on request.",
    )
    appeal_possible: bool = field(
        False, fr="Recours possible", en="Appeal possible",
        fr_help="Un recours administratif contre la décision existe.",
        en_help="An administrative appeal against the decision exists.",
    )
    algorithm_published: bool = field(
        False, fr="Algorithme publié", en="Algorithm published",
        fr_help="Inscrit à l'inventaire publié des principaux algorithmes (CRPA L312-1-3).",
        en_help="Listed in the published inventory of main algorithms (CRPA L312-1-3).",
    )
    public_facing: bool = field(
        False, fr="En contact avec le public", en="Public facing",
        fr_help="Des personnes extérieures à l'administration interagissent directement avec le système.",
        en_help="People outside the administration interact with it directly (chatbot, voice).",
    )
    publishes_generated_content: bool = field(
        False, fr="Publie du contenu généré", en="Publishes generated content",
        fr_help="Du texte, de l'image ou du son généré est publié.",
        en_help="Generated text, image or sound is published.",
    )
    human_editorial_review: bool = field(
        False, fr="Relecture humaine avant publication", en="Human editorial review",
        fr_help="Une personne relit le contenu généré avant sa publication.",
        en_help="A person reviews generated content before publication.",
    )
    ai_disclosure: bool = field(
        False, fr="Information sur l'usage de l'IA", en="AI disclosure",
        fr_help="Les personnes savent qu'elles échangent avec une IA ; le contenu généré est signalé.",
        en_help="People are told they deal with AI; generated content is marked.",
    )
    annex_iii: AnnexIII = field(
        AnnexIII.NONE, fr="Usage de l'annexe III de l'AI Act", en="AI Act Annex III use",
        fr_help="5a : éligibilité aux prestations et services publics ; none si aucun.",
        en_help="5a: eligibility for public benefits and services; none if not applicable.",
    )
    art6_3_exemption: bool = field(
        False, fr="Exemption de l'article 6(3) documentée", en="Documented art. 6(3) exemption",
        fr_help="Tâche procédurale étroite, sans profilage, exemption documentée (AI Act art. 6(3)).",
        en_help="Narrow procedural task, no profiling, documented exemption (AI Act art. 6(3)).",
    )
    prohibited_practice: bool = field(
        False, fr="Pratique interdite", en="Prohibited practice",
        fr_help="Pratique de l'article 5 de l'AI Act (notation sociale, manipulation, collecte non ciblée "
                "d'images faciales... et, depuis le 2 décembre 2026, production de contenus intimes non "
                "consentis ou pédopornographiques).",
        en_help="An AI Act art. 5 practice (social scoring, manipulation, untargeted facial scraping... and, "
                "since 2 December 2026, producing non-consensual intimate or child sexual abuse material).",
    )
    dpia: Assessment = field(
        Assessment.NONE, fr="Analyse d'impact (AIPD)", en="Data protection impact assessment",
        fr_help="Analyse d'impact relative à la protection des données (RGPD art. 35).",
        en_help="GDPR art. 35 impact assessment.",
    )
    fria: Assessment = field(
        Assessment.NONE, fr="Analyse d'impact sur les droits fondamentaux", en="Fundamental-rights impact assessment",
        fr_help="AI Act art. 27.", en_help="AI Act art. 27.",
    )
    eu_registration: bool = field(
        False, fr="Enregistrement dans la base de l'UE", en="EU database registration",
        fr_help="Enregistrement de l'utilisation par le déployeur public (AI Act art. 49(3)).",
        en_help="Public deployer's registration (AI Act art. 49(3)).",
    )
    human_oversight: bool = field(
        False, fr="Contrôle humain", en="Human oversight",
        fr_help="Une personne nommée et formée peut corriger ou arrêter le système (AI Act art. 26).",
        en_help="A named, trained person can override or stop it (AI Act art. 26).",
    )
    staff_training: bool = field(
        False, fr="Agents formés", en="Staff trained",
        fr_help="Les agents utilisateurs sont formés (AI Act art. 4, maîtrise de l'IA).",
        en_help="Agents using it are trained (AI Act art. 4, AI literacy).",
    )
    reduction_objectives: bool = field(
        False, fr="Objectifs de réduction avec indicateurs", en="Reduction objectives with indicators",
        fr_help="Le projet se fixe des objectifs de réduction de ses impacts environnementaux, suivis par des "
                "indicateurs (énergie, gaz à effet de serre, eau, ressources) : RGESN 1.5.",
        en_help="The project sets objectives to reduce its environmental impacts, followed with indicators "
                "(energy, greenhouse gases, water, resources): RGESN 1.5.",
    )
    training_justified: bool = field(
        False, fr="Entraînement justifié", en="Training justified",
        fr_help="La phase d'entraînement ou d'affinage est justifiée face aux modèles pré-entraînés.",
        en_help="A training or fine-tuning phase was justified against pre-trained or classic methods.",
    )
    supplier_commitments: bool = field(
        False, fr="Engagements du fournisseur", en="Supplier commitments",
        fr_help="Le fournisseur s'engage contractuellement à mesurer et réduire ses impacts.",
        en_help="The supplier commits contractually to measure and reduce impacts.",
    )
    snr_objective: str | None = field(
        None, fr="Objectif de la SNR servi", en="SNR objective served", max_length=500,
        fr_help="Objectif de la stratégie numérique responsable que ce projet sert.",
        en_help="The objective of the collectivité's responsible digital strategy this project serves.",
    )
    end_of_life_plan: bool = field(
        False, fr="Fin de vie prévue", en="End-of-life plan",
        fr_help="Le démantèlement et la suppression des données sont prévus.",
        en_help="Decommissioning and data deletion are planned.",
    )
    new_hardware: bool = field(
        False, fr="Achat de matériel", en="New hardware",
        fr_help="Le projet achète des équipements.", en_help="The project buys equipment.",
    )
    repairability_considered: bool = field(
        False, fr="Indices de réparabilité pris en compte", en="Repairability considered",
        fr_help="Les indices de réparabilité et de durabilité sont utilisés à l'achat.",
        en_help="Repairability and durability indices are used in the purchase.",
    )
    no_alternative_justification: str | None = field(
        None, fr="Justification de l'absence d'alternative sans IA", en="Why no non-AI alternative",
        max_length=2000,
        fr_help="Si aucune option sans IA n'est proposée, pourquoi (RGESN 1.1).",
        en_help="If no non-AI option is given, why not (RGESN 1.1).",
    )
