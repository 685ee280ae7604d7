"""The rules file: the default one is complete and sourced; malformed copies are refused with their line;
a collectivité's copy switches rules off, changes outcomes, blocking and thresholds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from checklist_helpers import EVALUATION_DAY, frame_of, option, proposal

from evaluation.checklist import LOGIC, Group, InvalidRulesError, RuleSet, add_checklist, checklist_record, load_rules
from evaluation.domain.settings import Settings
from evaluation.resources import MATRICES_DIR
from evaluation.table.columns import rule_message, rule_status
from tests.support.rows import row_of

DEFAULT_TEXT = (MATRICES_DIR / "rules.yaml").read_text(encoding="utf-8")


def line_of_text(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing fragment."""
    found = [number for number, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return found[occurrence - 1]


def replaced(old: str, new: str, text: str = DEFAULT_TEXT) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def refusal(text: str, tmp_path: Path, name: str = "ma-collectivite.yaml") -> InvalidRulesError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidRulesError) as caught:
        load_rules(path)
    return caught.value


# --- The default rules file ---------------------------------------------------------------------


def test_default_rules_have_a_name_and_version(rules: RuleSet) -> None:
    assert rules.reference == "rules@2"
    assert rules.file == "rules.yaml"


def test_default_rules_cover_every_rule_the_engine_knows_in_checklist_order(rules: RuleSet) -> None:
    assert [rule.id for rule in rules.rules] == list(LOGIC)
    assert len(rules.rules) == 22


def test_every_rule_function_lives_in_the_module_of_its_group(rules: RuleSet) -> None:
    """Adding a rule: its function in evaluation/checklist/rules/<group>.py, its entry in the rules file."""
    for rule in rules.rules:
        assert LOGIC[rule.id].evaluate.__module__ == f"evaluation.checklist.rules.{rule.group.value}", rule.id


def test_every_group_has_french_and_english_labels_and_rules(rules: RuleSet) -> None:
    assert set(rules.groups) == set(Group)
    assert {rule.group for rule in rules.rules} == set(Group)


def test_only_illegal_practices_block_approval(rules: RuleSet) -> None:
    assert {rule.id for rule in rules.rules if rule.blocking} == {"AIA-1", "ALG-4", "ALG-5"}


def test_every_rule_links_to_legifrance_eurlex_or_the_referential(rules: RuleSet) -> None:
    hosts = ("https://www.legifrance.gouv.fr/", "https://eur-lex.europa.eu/eli/",
             "https://ecoresponsable.numerique.gouv.fr/", "https://www.ecologie.gouv.fr/",
             "https://www.conseil-constitutionnel.fr/")
    for rule in rules.rules:
        assert rule.source.link.startswith(hosts), rule.id
        assert rule.question.fr and rule.question.en and rule.scope.fr and rule.conditions.en


def test_ai_act_rules_link_to_the_regulation(rules: RuleSet) -> None:
    for rule_id in ("AIA-1", "AIA-2", "AIA-3", "AIA-4"):
        assert rules.rule(rule_id).source.link == "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"


def test_sources_read_only_in_secondary_sources_say_so(rules: RuleSet) -> None:
    to_check = {rule.id for rule in rules.rules if rule.source.to_check}
    assert to_check == {"AF-1", "AF-2", "ALG-3", "AIA-1", "AIA-2", "AIA-4"}  # AIA: omnibus read in secondary sources
    assert "(source à vérifier" in rules.rule("AF-1").source.citation()
    assert "à vérifier" not in rules.rule("AIA-3").source.citation()


def test_every_phase_the_footprint_may_leave_uncovered_has_a_label(rules: RuleSet) -> None:
    from evaluation.footprint import UNCOVERED_PHASE_CODES

    assert set(rules.rule("AF-2").labels) == set(UNCOVERED_PHASE_CODES)


def test_rules_are_loaded_by_name_from_the_matrices_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = replaced("name: rules", "name: grand-lyon").replace("version: 2", "version: 3", 1)
    (tmp_path / "grand-lyon.yaml").write_text(copy, encoding="utf-8")
    monkeypatch.setenv("JAUGE_MATRICES_DIR", str(tmp_path))
    assert load_rules("grand-lyon").reference == "grand-lyon@3"
    assert load_rules("grand-lyon").file == "grand-lyon.yaml"


# --- Malformed files are refused with the file, the line and what is wrong ----------------------


def test_an_unknown_rule_id_is_refused_at_its_line(tmp_path: Path) -> None:
    text = replaced("  - id: NR-04", "  - id: NR-99")
    error = refusal(text, tmp_path)
    described = str(error)
    assert f"ma-collectivite.yaml, ligne {line_of_text(text, 'id: NR-99')}" in described
    assert "règle inconnue « NR-99 »" in described
    assert "règle « NR-04 » absente du fichier" in described


def test_a_missing_outcome_text_is_refused_at_the_rule_messages(tmp_path: Path) -> None:
    text = replaced('''      fail_public:
        fr: "Le chatbot''', '''      ignored_public:
        fr: "Le chatbot''')
    error = refusal(text, tmp_path)
    messages = [(e.line, e.message, e.field) for e in error.errors]
    aia3 = line_of_text(text, "- id: AIA-3")
    messages_line = next(n for n in range(aia3, aia3 + 40) if text.splitlines()[n - 1].strip() == "messages:")
    assert (messages_line, "texte manquant pour l'issue « fail_public » (statut fail) de la règle AIA-3",
            "AIA-3.messages") in messages
    assert any("issue inconnue « ignored_public »" in message for _, message, _ in messages)


def test_a_missing_english_text_is_refused(tmp_path: Path) -> None:
    text = replaced('''        en: "Not applicable: the system processes no personal data."\n''', "")
    error = refusal(text, tmp_path)
    (only,) = error.errors
    assert only.message == "champ obligatoire manquant"
    assert only.field == "DP-1.messages.na.en"
    assert only.line == line_of_text(text, "Sans objet : aucune donnée personnelle n'est traitée par le système.") - 1


def test_a_bad_status_in_an_override_is_refused_at_its_line(tmp_path: Path) -> None:
    text = replaced("  - id: AIA-3\n    group: ai_act\n",
                    "  - id: AIA-3\n    group: ai_act\n    outcome_override: {fail: bloque}\n")
    error = refusal(text, tmp_path)
    (only,) = error.errors
    assert only.line == line_of_text(text, "outcome_override: {fail: bloque}")
    assert "valeur « bloque » non reconnue" in only.message
    assert only.field == "AIA-3.outcome_override.fail"


def test_an_override_of_a_status_the_rule_never_gives_is_refused(tmp_path: Path) -> None:
    text = replaced("  - id: ALG-3\n    group: transparence_donnees\n",
                    "  - id: ALG-3\n    group: transparence_donnees\n    outcome_override: {fail: warn}\n")
    (only,) = refusal(text, tmp_path).errors
    assert only.line == line_of_text(text, "outcome_override: {fail: warn}", occurrence=2)  # 1st: header comment
    assert "la règle ALG-3 ne donne jamais le statut « fail »" in only.message


def test_a_yaml_syntax_error_is_refused_with_its_line(tmp_path: Path) -> None:
    text = replaced("    blocking: true\n", "    blocking: [true\n")
    (only,) = refusal(text, tmp_path).errors
    assert only.message.startswith("YAML invalide")
    assert only.line is not None and line_of_text(text, "blocking: [true") <= only.line <= (
        line_of_text(text, "blocking: [true") + 3)
    assert "ma-collectivite.yaml, ligne" in str(refusal(text, tmp_path))


def test_an_unknown_placeholder_is_refused(tmp_path: Path) -> None:
    text = replaced("(traitement : {zone}).", "(hébergement : {pays}).")
    (only,) = refusal(text, tmp_path).errors
    assert only.line == line_of_text(text, "{pays}")
    assert only.message == "paramètre {pays} inconnu (paramètres possibles : {decision}, {zone})"


def test_malformed_braces_are_refused(tmp_path: Path) -> None:
    text = replaced("(traitement : {zone}).", "(hébergement : {zone).")
    (only,) = refusal(text, tmp_path).errors
    assert "accolades mal formées" in only.message


def test_a_duplicate_rule_is_refused(tmp_path: Path) -> None:
    text = replaced("  - id: NR-04", "  - id: NR-03")
    messages = [error.message for error in refusal(text, tmp_path).errors]
    assert "la règle « NR-03 » apparaît deux fois" in messages


def test_an_unknown_parameter_is_refused(tmp_path: Path) -> None:
    text = replaced("parameters: {min_saving: 0.5}", "parameters: {min_savings: 0.5}")
    (only,) = refusal(text, tmp_path).errors
    assert only.line == line_of_text(text, "min_savings")
    assert "paramètre « min_savings » inconnu pour la règle RG-9.7" in only.message


def test_a_missing_label_is_refused(tmp_path: Path) -> None:
    text = replaced("      annex_iii: {fr: usage à haut risque de l'AI Act, en: AI Act high-risk use}\n", "")
    (only,) = refusal(text, tmp_path).errors
    assert only.message == "libellé manquant « annex_iii » pour la règle DP-1"


def test_an_unknown_field_is_refused(tmp_path: Path) -> None:
    text = replaced("    blocking: true\n", "    blocking: true\n    bloquant: true\n")
    (only,) = refusal(text, tmp_path).errors
    assert only.line == line_of_text(text, "bloquant: true")
    assert "champ inconnu" in only.message


def test_a_missing_file_is_refused_in_french(tmp_path: Path) -> None:
    with pytest.raises(InvalidRulesError, match="fichier de règles introuvable"):
        load_rules(tmp_path / "absent.yaml")


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    (only,) = refusal("- NR-01\n- NR-02\n", tmp_path).errors
    assert only.line == 1 and "dictionnaire" in only.message


def test_every_error_of_a_file_is_listed_at_once(tmp_path: Path) -> None:
    text = replaced("(traitement : {zone}).", "(hébergement : {pays}).",
                    replaced("parameters: {min_saving: 0.5}", "parameters: {min_savings: 0.5}"))
    assert len(refusal(text, tmp_path).errors) == 2


# --- A collectivité's copy changes the outcome --------------------------------------------------


def copy_of_rules(tmp_path: Path, text: str, name: str = "ma-ville") -> RuleSet:
    text = replaced("name: rules", f"name: {name}", text).replace("version: 1", "version: 2", 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


def chatbot_outside_eu() -> list[Any]:
    return [proposal(option("non_ai"), option("genai_api", zone="IND"),
                     governance={"public_facing": True, "personal_data": True})]


def test_an_outcome_override_turns_a_failure_into_a_warning(tmp_path: Path, settings: Settings,
                                                               rules: RuleSet) -> None:
    copy = copy_of_rules(tmp_path, replaced("  - id: SOV-1\n    group: souverainete\n",
                                            "  - id: SOV-1\n    group: souverainete\n    outcome_override: {fail: warn}\n"))
    frame = frame_of(*chatbot_outside_eu(), settings=settings)
    default = add_checklist(frame, rules, settings, on=EVALUATION_DAY)
    adapted = add_checklist(frame, copy, settings, on=EVALUATION_DAY)
    assert default.loc[1, rule_status("SOV-1")] == "fail"
    assert adapted.loc[1, rule_status("SOV-1")] == "warn"
    assert adapted.loc[1, rule_message("SOV-1")] == default.loc[1, rule_message("SOV-1")]
    assert adapted.loc[1, "chk.fail_count"] == default.loc[1, "chk.fail_count"] - 1
    assert adapted.loc[1, "chk.rules"] == "ma-ville@2"
    assert adapted.loc[1, "chk.rules_file"] == "ma-ville.yaml"


def test_a_rule_switched_off_gives_na_and_says_so(tmp_path: Path, settings: Settings) -> None:
    copy = copy_of_rules(tmp_path, replaced("  - id: AIA-3\n    group: ai_act\n",
                                            "  - id: AIA-3\n    group: ai_act\n    enabled: false\n"))
    evaluated = add_checklist(frame_of(*chatbot_outside_eu(), settings=settings), copy, settings, on=EVALUATION_DAY)
    assert evaluated.loc[1, rule_status("AIA-3")] == "na"
    assert evaluated.loc[1, rule_message("AIA-3")] == (
        "Règle désactivée dans le fichier de règles de la collectivité (ma-ville@2).")
    record = {item["id"]: item for item in checklist_record(row_of(evaluated.loc[1]), copy)}
    assert record["AIA-3"]["status"] == "na"


def test_making_a_rule_blocking_makes_its_failure_block(tmp_path: Path, settings: Settings, rules: RuleSet) -> None:
    text = replaced("  - id: SOV-1\n    group: souverainete\n", "  - id: SOV-1\n    group: souverainete\n",)
    sov = text.index("  - id: SOV-1")
    text = text[:sov] + text[sov:].replace("    blocking: false\n", "    blocking: true\n", 1)
    copy = copy_of_rules(tmp_path, text)
    frame = frame_of(*chatbot_outside_eu(), settings=settings)
    assert add_checklist(frame, rules, settings, on=EVALUATION_DAY).loc[1, "chk.verdict"] == "a_corriger"
    blocked = add_checklist(frame, copy, settings, on=EVALUATION_DAY)
    assert blocked.loc[1, "chk.verdict"] == "bloquant"
    assert blocked.loc[1, "chk.blocking_count"] == 1


def test_a_threshold_changed_in_the_copy_is_used(tmp_path: Path, settings: Settings, rules: RuleSet) -> None:
    copy = copy_of_rules(tmp_path, replaced("parameters: {min_saving: 0.5}", "parameters: {min_saving: 0.25}"))
    frame = frame_of(proposal(option("non_ai"), option("genai_api")), settings=settings,
                     columns={"fp.estimated": True, "fp.best_alternative_gwp_saving": 0.3})
    assert add_checklist(frame, rules, settings, on=EVALUATION_DAY).loc[1, rule_status("RG-9.7")] == "pass"
    adapted = add_checklist(frame, copy, settings, on=EVALUATION_DAY)
    assert adapted.loc[1, rule_status("RG-9.7")] == "warn"
    assert "30 %" in adapted.loc[1, rule_message("RG-9.7")]
