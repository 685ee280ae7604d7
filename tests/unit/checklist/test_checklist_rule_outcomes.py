"""Every rule, every outcome it can give: one case each at least (checked by the last test)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from checklist_helpers import EVALUATION_DAY, frame_of, option, outcome_codes, proposal, with_settings

from evaluation.checklist import LOGIC, RuleSet, add_checklist
from evaluation.checklist.rules import status_of
from evaluation.domain.settings import Settings
from evaluation.table.columns import rule_message, rule_status

FOOTPRINT = {"fp.estimated": True, "fp.best_alternative_gwp_saving": 0.1, "fp.uncovered_phases": ()}
API_ONLY = [option("genai_api")]
WITH_BASELINE = [option("non_ai"), option("genai_api")]


@dataclass(frozen=True)
class Case:
    rule: str
    code: str
    title: str
    options: list[dict[str, Any]] = field(default_factory=lambda: list(WITH_BASELINE))
    governance: dict[str, Any] = field(default_factory=dict)
    target: str = "API"  # the option whose outcome is checked
    columns: dict[str, Any] = field(default_factory=lambda: dict(FOOTPRINT))
    settings: dict[str, Any] = field(default_factory=dict)
    horizon: int | None = None
    says: tuple[str, ...] = ()  # fragments the French message must contain

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.code}:{self.title}"


SMALL_COMMUNE = {"profile": {"kind": "commune", "population": 8_000, "snr_adopted": False}}
PERSONAL = {"personal_data": True}

CASES = [
    # NR-01: the collectivité's SNR (settings profile)
    Case("NR-01", "pass", "epci over 50,000 with an SNR"),
    Case("NR-01", "warn", "epci over 50,000 without SNR", settings={"profile": {"snr_adopted": False}},
         says=("plus de 50\u202f000 habitants", "1er janvier 2025")),
    Case("NR-01", "na", "small commune", settings=SMALL_COMMUNE),
    Case("NR-01", "na", "exactly 50,000 inhabitants is not over 50,000",
         settings={"profile": {"kind": "commune", "population": 50_000, "snr_adopted": False}}),
    Case("NR-01", "na", "a département is not subject", settings={"profile": {"kind": "departement",
                                                                             "population": 900_000}}),
    Case("NR-01", "warn", "same result on the non-AI option", target="Sans IA",
         settings={"profile": {"snr_adopted": False}}),
    # NR-02: the SNR objective the project serves
    Case("NR-02", "pass", "objective given", governance={"snr_objective": "Écoconception des services"}),
    Case("NR-02", "warn", "objective missing", says=("Objectif de la SNR servi",)),
    Case("NR-02", "warn", "blank objective counts as missing", governance={"snr_objective": "   "}),
    Case("NR-02", "na", "small commune without SNR", settings=SMALL_COMMUNE),
    Case("NR-02", "warn", "small commune with a voluntary SNR",
         settings={"profile": {"kind": "commune", "population": 8_000, "snr_adopted": True}}),
    # NR-03: repairability of new equipment
    Case("NR-03", "na", "no equipment bought"),
    Case("NR-03", "fail", "hardware cost without the indices",
         options=[option("non_ai"), option("genai_api", costs={"one_off": {"hardware": 5000}})],
         says=("indice de réparabilité", "AGEC")),
    Case("NR-03", "pass", "hardware cost with the indices", governance={"repairability_considered": True},
         options=[option("non_ai"), option("genai_api", costs={"one_off": {"hardware": 5000}})]),
    Case("NR-03", "fail", "governance declares new hardware for the AI option", governance={"new_hardware": True}),
    Case("NR-03", "na", "declared new hardware is not the non-AI option's", governance={"new_hardware": True},
         target="Sans IA"),
    # NR-04: end of life
    Case("NR-04", "pass", "end of life planned", governance={"end_of_life_plan": True}),
    Case("NR-04", "warn", "end of life not planned"),
    Case("NR-04", "na", "the non-AI option", target="Sans IA"),
    # RG-1.1: alternative studied
    Case("RG-1.1", "pass", "a non-AI option exists"),
    Case("RG-1.1", "pass", "a rule-based option counts as alternative", options=[option("rules"), option("genai_api")]),
    Case("RG-1.1", "pass_justified", "written justification", options=API_ONLY,
         governance={"no_alternative_justification": "Aucun outil existant ne lit les PDF scannés."}),
    Case("RG-1.1", "fail", "no alternative, no justification", options=API_ONLY,
         says=("ajoutez au dossier une option sans IA",)),
    Case("RG-1.1", "na", "the non-AI option itself", target="Sans IA"),
    Case("RG-1.1", "na", "a rule-based option is not AI", options=[option("rules"), option("genai_api")],
         target="Règles"),
    # RG-1.5: reduction objectives with indicators (RGESN 1.5): an estimate alone does not pass
    Case("RG-1.5", "pass", "objectives with indicators declared", governance={"reduction_objectives": True}),
    Case("RG-1.5", "pass", "objectives declared, footprint step not run", governance={"reduction_objectives": True},
         columns={}),
    Case("RG-1.5", "warn_estimate_only", "footprint estimated but no objectives",
         says=("une estimation n'est pas un objectif", "RGESN 1.5")),
    Case("RG-1.5", "warn", "footprint not estimated", columns={**FOOTPRINT, "fp.estimated": False},
         says=("EcoLogits", "zone d'hébergement")),
    Case("RG-1.5", "warn_no_figure", "footprint step not run", columns={}),
    Case("RG-1.5", "na", "the non-AI option", target="Sans IA"),
    # RG-2.8: supplier commitments
    Case("RG-2.8", "pass", "API supplier committed", governance={"supplier_commitments": True}),
    Case("RG-2.8", "warn", "API supplier not committed"),
    Case("RG-2.8", "warn", "ml option with licences", options=[option("non_ai"), option(
        "ml", costs={"annual": {"licences": 1200}})], target="Apprentissage"),
    Case("RG-2.8", "na", "in-house ml option", options=[option("non_ai"), option("ml")], target="Apprentissage"),
    Case("RG-2.8", "na", "the non-AI option, even with licences", options=[option(
        "non_ai", costs={"annual": {"licences": 500}}), option("genai_api")], target="Sans IA"),
    # RG-9.1: training justified
    Case("RG-9.1", "na", "no training"),
    Case("RG-9.1", "fail", "training not justified",
         options=[option("non_ai"), option("vision", training={"gpu_hours": 40})], target="Vision",
         says=("modèle pré-entraîné",)),
    Case("RG-9.1", "pass", "training justified", governance={"training_justified": True},
         options=[option("non_ai"), option("vision", training={"gpu_hours": 40})], target="Vision"),
    # RG-9.7: frugal alternative
    Case("RG-9.7", "pass", "best alternative saves 30 %", says=("50 %",)),
    Case("RG-9.7", "warn", "best alternative saves 62 %",
         columns={**FOOTPRINT, "fp.best_alternative_gwp_saving": 0.62}, says=("62 %",)),
    Case("RG-9.7", "warn", "exactly half is enough", columns={**FOOTPRINT, "fp.best_alternative_gwp_saving": 0.5}),
    Case("RG-9.7", "pass", "no alternative found (NaN) for an estimated option",
         columns={**FOOTPRINT, "fp.best_alternative_gwp_saving": float("nan")}),
    Case("RG-9.7", "na_not_estimated", "no estimate, no alternative",
         columns={**FOOTPRINT, "fp.estimated": False, "fp.best_alternative_gwp_saving": float("nan")}),
    Case("RG-9.7", "warn_no_figure", "footprint step not run", columns={}),
    Case("RG-9.7", "na", "the non-AI option", target="Sans IA"),
    # AF-1: need for AI demonstrated
    Case("AF-1", "pass", "positive net gain over the baseline", columns={**FOOTPRINT, "fin.delta_npv": 12_000.0}),
    Case("AF-1", "pass", "falls back to fin.delta_benefit", columns={**FOOTPRINT, "fin.delta_benefit": 3_000.0}),
    Case("AF-1", "warn_no_gain", "negative net gain", columns={**FOOTPRINT, "fin.delta_npv": -500.0},
         says=("ne fait pas mieux",)),
    Case("AF-1", "warn_no_gain", "zero gain is no gain", columns={**FOOTPRINT, "fin.delta_npv": 0.0}),
    Case("AF-1", "warn_no_figure", "finance step not run", says=("pas disponible",)),
    Case("AF-1", "warn_no_figure", "gain not computed (NaN)", columns={**FOOTPRINT, "fin.delta_npv": float("nan")}),
    Case("AF-1", "warn_no_baseline", "only a rule-based alternative", options=[option("rules"), option("genai_api")],
         columns={**FOOTPRINT, "fin.delta_npv": float("nan")}),
    Case("AF-1", "fail", "no alternative at all", options=API_ONLY, columns={**FOOTPRINT, "fin.delta_npv": 1.0}),
    Case("AF-1", "na", "the non-AI option", target="Sans IA"),
    # AF-2: life-cycle coverage
    Case("AF-2", "pass", "every phase covered"),
    Case("AF-2", "warn", "phases the project could estimate are named",
         columns={**FOOTPRINT, "fp.uncovered_phases": ("input-tokens", "training", "idle-capacity")},
         says=("ne couvre pas l'entraînement ou l'affinage du modèle et les serveurs en attente entre deux requêtes",)),
    Case("AF-2", "pass_limits", "limits of every method are named without a warning",
         columns={**FOOTPRINT, "fp.uncovered_phases": ("input-tokens", "network")},
         says=("ne compte pas les jetons en entrée (consignes et contexte) et le réseau",)),
    Case("AF-2", "warn", "a list works like a tuple, unknown codes shown as they are",
         columns={**FOOTPRINT, "fp.uncovered_phases": [None, ["network", "cooling-x"]]},  # one value per option
         says=("ne couvre pas cooling-x",)),
    Case("AF-2", "warn_no_figure", "footprint step not run", columns={}),
    Case("AF-2", "warn_no_figure", "no value for this option", columns={**FOOTPRINT, "fp.uncovered_phases": None}),
    Case("AF-2", "na", "the non-AI option", target="Sans IA"),
    # AIA-1: prohibited practices (blocking)
    Case("AIA-1", "pass", "no prohibited practice",
         says=("en vigueur depuis le 2 février 2025", "ajoutées par le règlement (UE) 2026/1744",
               "en vigueur depuis le 2 décembre 2026")),
    Case("AIA-1", "fail", "prohibited practice declared", governance={"prohibited_practice": True},
         says=("art. 5", "approbation impossible")),
    Case("AIA-1", "na", "the non-AI option", governance={"prohibited_practice": True}, target="Sans IA"),
    Case("AIA-1", "na", "a rule-based option is not an AI system", governance={"prohibited_practice": True},
         options=[option("non_ai"), option("rules")], target="Règles"),
    Case("AIA-1", "na_not_in_force", "project over before the prohibitions", governance={"prohibited_practice": True},
         settings={"start_year": 2022}, horizon=3),
    # AIA-2: high risk (Annex III)
    Case("AIA-2", "na", "no Annex III use"),
    Case("AIA-2", "pass", "5a with FRIA done, oversight and registration",
         governance={"annex_iii": "5a", "fria": "done", "human_oversight": True, "eu_registration": True}),
    Case("AIA-2", "pass", "FRIA planned is enough",
         governance={"annex_iii": "5d", "fria": "planned", "human_oversight": True, "eu_registration": True}),
    Case("AIA-2", "pass_exempt", "documented art. 6(3) exemption",
         governance={"annex_iii": "5a", "art6_3_exemption": True}),
    Case("AIA-2", "fail", "5a with nothing done", governance={"annex_iii": "5a"},
         says=("point 5 a)", "applicable à partir du 2 décembre 2027", "l'analyse d'impact sur les droits fondamentaux",
               "une personne nommée", " et l'enregistrement")),
    Case("AIA-2", "fail", "only the registration is missing", governance={
        "annex_iii": "other", "fria": "done", "human_oversight": True},
        says=("il manque l'enregistrement de l'utilisation dans la base de données de l'UE (art. 49(3)).",)),
    Case("AIA-2", "na_not_in_force", "project over before Annex III applies", governance={"annex_iii": "5a"},
         settings={"start_year": 2025}, horizon=2, says=("2 décembre 2027",)),
    # AIA-3: transparency
    Case("AIA-3", "na", "internal tool publishing nothing"),
    Case("AIA-3", "pass", "public chatbot with disclosure", governance={"public_facing": True, "ai_disclosure": True}),
    Case("AIA-3", "fail_public", "public chatbot without disclosure", governance={"public_facing": True},
         says=("destiné au public : indiquez aux usagers qu'ils échangent avec une IA (AI Act art. 50",)),
    Case("AIA-3", "fail_public", "editorial review does not replace a chatbot's disclosure",
         governance={"public_facing": True, "publishes_generated_content": True, "human_editorial_review": True}),
    Case("AIA-3", "fail_content", "published content without review", governance={"publishes_generated_content": True},
         says=("signalez-le comme généré par une IA",)),
    Case("AIA-3", "pass_editorial", "published content with editorial review",
         governance={"publishes_generated_content": True, "human_editorial_review": True}),
    Case("AIA-3", "na_not_in_force", "project over before art. 50 applies", governance={"public_facing": True},
         settings={"start_year": 2024}, horizon=2),
    # AIA-4: AI literacy
    Case("AIA-4", "pass", "agents trained", governance={"staff_training": True}),
    Case("AIA-4", "warn", "agents not trained, art. 4 as replaced by the omnibus",
         says=("Formez les agents", "soutenir le développement de la maîtrise de l'IA",
               "sans obligation de garantir un niveau donné")),
    Case("AIA-4", "na", "the non-AI option", target="Sans IA"),
    Case("AIA-4", "na_not_in_force", "project over before art. 4 applies", settings={"start_year": 2020}, horizon=5),
    # ALG-1..3: CRPA
    Case("ALG-1", "na", "no individual decision"),
    Case("ALG-1", "pass", "mention on decisions", governance={"decision_role": "assists", "explicit_mention": True}),
    Case("ALG-1", "fail", "decision support without mention", governance={"decision_role": "assists"},
         says=("mention explicite", "finalité", "Commission d'accès aux documents administratifs (CADA)",
               "R. 311-3-1-1")),
    Case("ALG-1", "fail", "rule-based automation is an algorithm too", governance={"decision_role": "automated"},
         options=[option("non_ai"), option("rules")], target="Règles"),
    Case("ALG-1", "na", "the option without automation", governance={"decision_role": "assists"}, target="Sans IA"),
    Case("ALG-2", "na", "no individual decision"),
    Case("ALG-2", "pass", "explanation on request",
         governance={"decision_role": "assists", "explanation_on_request": True}),
    Case("ALG-2", "fail", "no explanation on request", governance={"decision_role": "automated"},
         says=("R. 311-3-1-2",)),
    Case("ALG-3", "na", "no individual decision"),
    Case("ALG-3", "pass", "algorithm published", governance={"decision_role": "assists", "algorithm_published": True}),
    Case("ALG-3", "warn", "1,400 agents, algorithm not published", governance={"decision_role": "assists"},
         says=("L. 312-1-3", "50 agents ou plus")),
    Case("ALG-3", "warn", "exactly 50 agents is subject", governance={"decision_role": "assists"},
         settings={"profile": {"headcount": 50}}),
    Case("ALG-3", "na_below_threshold", "49.5 agents in FTE is below 50", governance={"decision_role": "assists"},
         settings={"profile": {"headcount": 49.5}}, says=("moins de 50 agents",)),
    Case("ALG-3", "na_below_threshold", "commune of 3,499 inhabitants is outside",
         governance={"decision_role": "assists"},
         settings={"profile": {"kind": "commune", "population": 3_499, "headcount": 80}},
         says=("moins de 3\u202f500 habitants",)),
    Case("ALG-3", "warn", "commune of 3,500 inhabitants with 80 agents is subject",
         governance={"decision_role": "assists"},
         settings={"profile": {"kind": "commune", "population": 3_500, "headcount": 80}}),
    Case("ALG-3", "warn", "an EPCI is judged on its headcount, not its population",
         governance={"decision_role": "assists"},
         settings={"profile": {"kind": "epci", "population": 2_000, "headcount": 60}}),
    Case("ALG-3", "warn_headcount", "headcount not given", governance={"decision_role": "assists"},
         settings={"profile": {"headcount": None}}, says=("Renseignez l'effectif",)),
    # ALG-4: self-learning sole basis (blocking)
    Case("ALG-4", "na", "no individual decision", governance={"self_learning": True}),
    Case("ALG-4", "pass", "self-learning but a person decides", governance={"decision_role": "assists",
                                                                              "self_learning": True}),
    Case("ALG-4", "pass", "automated but frozen model", governance={"decision_role": "automated"}),
    Case("ALG-4", "fail", "automated and self-learning", governance={"decision_role": "automated",
                                                                      "self_learning": True},
         says=("2018-765 DC",)),
    Case("ALG-4", "na", "rules do not learn", governance={"decision_role": "automated", "self_learning": True},
         options=[option("non_ai"), option("rules")], target="Règles"),
    # ALG-5: fully automated decisions (blocking)
    Case("ALG-5", "na", "decision support only", governance={"decision_role": "assists", "sensitive_data": True}),
    Case("ALG-5", "pass", "automated, no sensitive data, appeal possible",
         governance={"decision_role": "automated", "appeal_possible": True}),
    Case("ALG-5", "fail_sensitive", "automated on sensitive data",
         governance={"decision_role": "automated", "appeal_possible": True, "sensitive_data": True}),
    Case("ALG-5", "fail_no_appeal", "automated without appeal", governance={"decision_role": "automated"}),
    Case("ALG-5", "fail_both", "automated, sensitive, no appeal",
         governance={"decision_role": "automated", "sensitive_data": True}, says=("approbation impossible",)),
    Case("ALG-5", "fail_sensitive", "rule-based automated decision on sensitive data",
         governance={"decision_role": "automated", "appeal_possible": True, "sensitive_data": True},
         options=[option("non_ai"), option("rules")], target="Règles"),
    # DP-1: DPIA
    Case("DP-1", "na", "no personal data", governance={"sensitive_data": True}),
    Case("DP-1", "na", "the option without automation", governance={**PERSONAL, "sensitive_data": True},
         target="Sans IA"),
    Case("DP-1", "pass_not_required", "personal data only", governance=PERSONAL, says=("CNIL",)),
    Case("DP-1", "pass", "sensitive data, DPIA done", governance={**PERSONAL, "sensitive_data": True, "dpia": "done"}),
    Case("DP-1", "warn", "decision support, DPIA planned",
         governance={**PERSONAL, "decision_role": "assists", "dpia": "planned"}, says=("(décisions individuelles)",)),
    Case("DP-1", "fail", "sensitive data and automated decision, no DPIA",
         governance={**PERSONAL, "sensitive_data": True, "decision_role": "automated"},
         says=("(données sensibles et décisions individuelles)",)),
    Case("DP-1", "fail", "Annex III use, no DPIA", governance={**PERSONAL, "annex_iii": "5a"},
         says=("usage à haut risque de l'AI Act",)),
    # SOV-1: where data are processed (RGPD chapter V; adequacy decisions of data/adequacy_decisions.yaml)
    Case("SOV-1", "na", "no personal data", options=[option("non_ai"), option("genai_api", zone="USA")]),
    Case("SOV-1", "pass_adequacy", "processed in Switzerland (adequacy decision)", governance=PERSONAL,
         options=[option("non_ai"), option("genai_api", zone="CHE")], says=("CHE", "2000/518/CE")),
    Case("SOV-1", "pass_adequacy", "processed in the United Kingdom", governance=PERSONAL,
         options=[option("non_ai"), option("genai_api", zone="GBR")]),
    Case("SOV-1", "pass_adequacy", "processed in Japan", governance=PERSONAL,
         options=[option("non_ai"), option("genai_api", zone="JPN")]),
    Case("SOV-1", "pass_adequacy", "processed in Brazil (decision of January 2026)", governance=PERSONAL,
         options=[option("non_ai"), option("genai_api", zone="BRA")], says=("2026/179",)),
    Case("SOV-1", "warn_certification", "processed in the United States: DPF certification to check",
         governance=PERSONAL, options=[option("non_ai"), option("genai_api", zone="USA")],
         says=("Data Privacy Framework", "2023/1795")),
    Case("SOV-1", "pass_safeguards", "United States with chapter V safeguards declared",
         governance={**PERSONAL, "transfer_safeguards": True},
         options=[option("non_ai"), option("genai_api", zone="USA")], says=("art. 46",)),
    Case("SOV-1", "pass_safeguards", "India with chapter V safeguards declared",
         governance={**PERSONAL, "transfer_safeguards": True},
         options=[option("non_ai"), option("genai_api", zone="IND")]),
    Case("SOV-1", "fail", "processed in India without safeguards", governance=PERSONAL,
         options=[option("non_ai"), option("genai_api", zone="IND")], says=("IND", "chapitre V")),
    Case("SOV-1", "fail", "data location wins over the electricity zone", governance=PERSONAL,
         options=[option("non_ai"), option("genai_api", zone="FRA", data_location="CHN")], says=("CHN",)),
    Case("SOV-1", "pass", "data location in the EU, electricity zone outside", governance=PERSONAL,
         options=[option("non_ai"), option("genai_api", zone="USA", data_location="IRL")], says=("IRL",)),
    Case("SOV-1", "pass", "hosted in France", governance=PERSONAL, says=("FRA",)),
    Case("SOV-1", "pass", "hosted in EcoLogits' Europe zone", governance=PERSONAL,
         options=[option("non_ai"), option("genai_api", zone="EEE")]),
    Case("SOV-1", "fail", "the footprint's zone wins over the stated one", governance=PERSONAL,
         columns={**FOOTPRINT, "fp.zone": "IND"}),
    Case("SOV-1", "pass", "stated zone used when the footprint has none", governance=PERSONAL,
         columns={**FOOTPRINT, "fp.zone": None}),
    Case("SOV-1", "warn_unknown_zone", "zone not stated", governance=PERSONAL,
         options=[option("non_ai"), option("genai_api", zone=None)]),
    Case("SOV-1", "warn_unknown_zone", "world average zone says nothing", governance=PERSONAL,
         options=[option("non_ai"), option("genai_api", zone="WOR")]),
    Case("SOV-1", "na", "the option without AI", governance=PERSONAL, target="Sans IA"),
]


def _settings_of(base: Settings, changes: dict[str, Any]) -> Settings:
    return with_settings(base, **changes) if changes else base


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_gives_the_expected_outcome(case: Case, settings: Settings, rules: RuleSet) -> None:
    used = _settings_of(settings, case.settings)
    frame = frame_of(proposal(*case.options, governance=case.governance, horizon=case.horizon),
                     settings=used, columns=case.columns)
    row = frame.index[frame["option.name"] == case.target][0]
    assert outcome_codes(case.rule, frame, used, rules)[row] == case.code
    evaluated = add_checklist(frame, rules, used, on=EVALUATION_DAY)
    assert evaluated.loc[row, rule_status(case.rule)] == status_of(case.code).value
    message = evaluated.loc[row, rule_message(case.rule)]
    assert "{" not in message and "}" not in message
    for fragment in case.says:
        assert fragment in message


def test_every_rule_and_every_outcome_has_a_case() -> None:
    covered = {(case.rule, case.code) for case in CASES}
    expected = {(rule_id, code) for rule_id, logic in LOGIC.items() for code in logic.outcomes}
    assert expected - covered == set()
    assert covered - expected == set()


def test_the_annex_iii_date_is_the_omnibus_one_on_the_evaluation_date(settings: Settings, rules: RuleSet) -> None:
    frame = frame_of(proposal(*WITH_BASELINE, governance={"annex_iii": "5a"}), settings=settings)
    message = add_checklist(frame, rules, settings, on=EVALUATION_DAY).loc[1, rule_message("AIA-2")]
    assert "applicable à partir du 2 décembre 2027" in message
    assert "pas en vigueur" not in message  # règlement (UE) 2026/1744 in force since 27 July 2026
