"""The engine: verdicts, counts per group, records, languages, robustness and speed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import orjson
import pandas as pd
import pytest
from checklist_helpers import EVALUATION_DAY, frame_of, option, proposal
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from evaluation.checklist import Group, RuleSet, add_checklist, checklist_record, verdict_record
from evaluation.domain.settings import Settings
from evaluation.table.columns import group_count, rule_message, rule_status
from tests.support.rows import row_of

CLEAN_GOVERNANCE = {"snr_objective": "Réduire l'empreinte des services numériques", "end_of_life_plan": True,
                    "staff_training": True, "supplier_commitments": True, "reduction_objectives": True}
CLEAN_COLUMNS = {"fp.estimated": True, "fp.best_alternative_gwp_saving": 0.2, "fp.uncovered_phases": (),
                 "fp.zone": "FRA", "fin.delta_npv": [float("nan"), 25_000.0]}

Evaluate = Callable[..., pd.DataFrame]


def clean(**governance: Any) -> Any:
    return proposal(option("non_ai"), option("genai_api"), governance={**CLEAN_GOVERNANCE, **governance})


def statuses(evaluated: pd.DataFrame, row: int, rules: RuleSet) -> dict[str, str]:
    return {rule.id: str(evaluated.loc[row, rule_status(rule.id)]) for rule in rules.rules}


def test_a_proposal_that_meets_every_rule_is_conforme(checklist: Evaluate, rules: RuleSet) -> None:
    evaluated = checklist(clean(), columns=CLEAN_COLUMNS)
    assert list(evaluated["chk.verdict"]) == ["conforme", "conforme"]
    assert set(statuses(evaluated, 1, rules).values()) <= {"pass", "na"}
    assert list(evaluated["chk.fail_count"]) == [0, 0] and list(evaluated["chk.warn_count"]) == [0, 0]


def test_a_warning_alone_asks_for_corrections(checklist: Evaluate) -> None:
    evaluated = checklist(clean(staff_training=False), columns=CLEAN_COLUMNS)
    assert evaluated.loc[1, "chk.verdict"] == "a_corriger"
    assert (evaluated.loc[1, "chk.fail_count"], evaluated.loc[1, "chk.warn_count"]) == (0, 1)
    assert evaluated.loc[1, group_count(Group.AI_ACT, "warn")] == 1
    assert evaluated.loc[0, "chk.verdict"] == "conforme"  # AIA-4 is about AI: n/a for the non-AI option


def test_a_failure_of_a_rule_that_does_not_block_asks_for_corrections(checklist: Evaluate) -> None:
    evaluated = checklist(clean(public_facing=True), columns=CLEAN_COLUMNS)
    assert evaluated.loc[1, rule_status("AIA-3")] == "fail"
    assert evaluated.loc[1, "chk.verdict"] == "a_corriger"
    assert evaluated.loc[1, "chk.blocking_count"] == 0


@pytest.mark.parametrize("governance, rule_id", [
    ({"prohibited_practice": True}, "AIA-1"),
    ({"decision_role": "automated", "self_learning": True, "appeal_possible": True}, "ALG-4"),
    ({"decision_role": "automated", "sensitive_data": True, "appeal_possible": True}, "ALG-5"),
    ({"decision_role": "automated"}, "ALG-5"),
])
def test_a_blocking_rule_that_fails_blocks_the_option(checklist: Evaluate, governance: dict[str, Any],
                                                       rule_id: str, rules: RuleSet) -> None:
    evaluated = checklist(clean(explicit_mention=True, explanation_on_request=True, algorithm_published=True,
                                **governance), columns=CLEAN_COLUMNS)
    assert evaluated.loc[1, rule_status(rule_id)] == "fail"
    assert rules.rule(rule_id).blocking
    assert evaluated.loc[1, "chk.verdict"] == "bloquant"
    assert evaluated["chk.blocking_count"].loc[1] >= 1
    assert verdict_record(row_of(evaluated.loc[1])) == "bloquant"
    assert evaluated.loc[0, "chk.verdict"] != "bloquant"  # the non-AI option is not the illegal practice


def test_counts_per_group_add_up_to_the_totals(checklist: Evaluate) -> None:
    evaluated = checklist(proposal(option("genai_api", zone="IND"), governance={
        "personal_data": True, "public_facing": True, "decision_role": "automated", "sensitive_data": True}))
    for status in ("fail", "warn"):
        per_group = pd.concat([evaluated[group_count(group, status)] for group in Group], axis=1).sum(axis=1)
        assert list(per_group) == list(evaluated[f"chk.{status}_count"])
    assert evaluated.loc[0, group_count(Group.SOUVERAINETE, "fail")] == 1
    assert evaluated.loc[0, "chk.blocking_count"] == 1  # ALG-5


def test_proposal_level_rules_give_the_same_result_on_every_option(checklist: Evaluate) -> None:
    evaluated = checklist(proposal(option("non_ai"), option("rules"), option("genai_api"), option("vision")))
    for rule_id in ("NR-01", "NR-02"):
        assert evaluated[rule_status(rule_id)].nunique() == 1
        assert evaluated[rule_message(rule_id)].nunique() == 1


def test_checklist_record_follows_the_exchange_format(checklist: Evaluate, rules: RuleSet) -> None:
    evaluated = checklist(clean(public_facing=True), columns=CLEAN_COLUMNS)
    items = checklist_record(row_of(evaluated.loc[1]), rules)
    assert [item["id"] for item in items] == [rule.id for rule in rules.rules]
    assert all(set(item) == {"id", "group", "status", "blocking", "message", "source", "link"} for item in items)
    aia3 = next(item for item in items if item["id"] == "AIA-3")
    assert aia3["status"] == "fail" and aia3["blocking"] is False and aia3["group"] == "ai_act"
    assert aia3["source"].startswith("Règlement (UE) 2024/1689 sur l'intelligence artificielle (AI Act), art. 50 ;")
    assert aia3["link"] == "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"
    assert "indiquez aux usagers qu'ils échangent avec une IA" in aia3["message"]
    orjson.dumps(items)  # plain JSON values


def test_messages_are_in_english_when_asked(checklist: Evaluate) -> None:
    evaluated = checklist(clean(public_facing=True), columns=CLEAN_COLUMNS, lang="en")
    message = evaluated.loc[1, rule_message("AIA-3")]
    assert message == ("The chatbot or assistant faces the public: tell users they are dealing with an AI "
                       "(AI Act art. 50, in force since 2 August 2026).")



def test_english_numbers_use_english_separators(checklist: Evaluate, settings: Settings) -> None:
    without_snr = settings.model_copy(update={"profile": settings.profile.model_copy(update={"snr_adopted": False})})
    english = checklist(clean(), columns=CLEAN_COLUMNS, settings_=without_snr, lang="en")
    french = checklist(clean(), columns=CLEAN_COLUMNS, settings_=without_snr)
    assert "more than 50,000 inhabitants" in english.loc[0, rule_message("NR-01")]
    assert "plus de 50\u202f000 habitants" in french.loc[0, rule_message("NR-01")]


def test_an_unknown_language_is_refused(settings: Settings, rules: RuleSet) -> None:
    with pytest.raises(ValueError, match="langue"):
        add_checklist(frame_of(clean(), settings=settings), rules, settings, lang="de", on=EVALUATION_DAY)


def test_evaluating_twice_replaces_the_previous_results(settings: Settings, rules: RuleSet) -> None:
    frame = frame_of(clean(), settings=settings, columns=CLEAN_COLUMNS)
    once = add_checklist(frame, rules, settings, on=EVALUATION_DAY)
    twice = add_checklist(once, rules, settings, on=EVALUATION_DAY)
    assert list(twice.columns) == list(once.columns)
    pd.testing.assert_frame_equal(once, twice)


def test_input_columns_are_kept_untouched(settings: Settings, rules: RuleSet) -> None:
    frame = frame_of(clean(), settings=settings, columns=CLEAN_COLUMNS)
    before = frame.copy()
    evaluated = add_checklist(frame, rules, settings, on=EVALUATION_DAY)
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_frame_equal(evaluated[list(frame.columns)], before)


def test_an_empty_frame_gives_empty_results(settings: Settings, rules: RuleSet) -> None:
    frame = frame_of(clean(), settings=settings).iloc[0:0]
    evaluated = add_checklist(frame, rules, settings, on=EVALUATION_DAY)
    assert len(evaluated) == 0 and "chk.verdict" in evaluated.columns


def test_footprint_and_finance_columns_full_of_gaps_never_crash(checklist: Evaluate) -> None:
    evaluated = checklist(proposal(option("non_ai"), option("genai_api"), option("ml")), columns={
        "fp.estimated": [None, None, False], "fp.best_alternative_gwp_saving": float("nan"),
        "fp.uncovered_phases": [None, float("nan"), None], "fp.zone": None, "fin.delta_npv": float("nan"),
        "fin.delta_benefit": float("nan")})
    assert list(evaluated[rule_status("AF-2")]) == ["na", "warn", "warn"]
    assert list(evaluated[rule_status("RG-1.5")]) == ["na", "warn", "warn"]


GOVERNANCE = st.fixed_dictionaries({
    "personal_data": st.booleans(), "sensitive_data": st.booleans(),
    "decision_role": st.sampled_from(["none", "assists", "automated"]), "self_learning": st.booleans(),
    "explicit_mention": st.booleans(), "appeal_possible": st.booleans(), "public_facing": st.booleans(),
    "publishes_generated_content": st.booleans(), "human_editorial_review": st.booleans(),
    "ai_disclosure": st.booleans(), "annex_iii": st.sampled_from(["none", "5a", "5b", "5c", "5d", "other"]),
    "prohibited_practice": st.booleans(), "dpia": st.sampled_from(["none", "planned", "done"]),
    "fria": st.sampled_from(["none", "planned", "done"]), "new_hardware": st.booleans(),
})


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(governance=GOVERNANCE, zone=st.sampled_from(["FRA", "USA", "IND", "CHE", "WOR", None]),
       kinds=st.lists(st.sampled_from(["non_ai", "genai_api", "ml", "rules"]), min_size=1, max_size=4, unique=True),
       lang=st.sampled_from(["fr", "en"]))
def test_the_verdict_always_agrees_with_the_statuses(governance: dict[str, Any], zone: str | None, kinds: list[str],
                                                     lang: str, settings: Settings, rules: RuleSet) -> None:
    if kinds == ["non_ai"]:
        kinds = ["non_ai", "rules"]
    options = [option(kind, zone=zone) if kind != "rules" else option(kind) for kind in kinds]
    evaluated = add_checklist(frame_of(proposal(*options, governance=governance), settings=settings), rules,
                              settings, lang=lang, on=EVALUATION_DAY)
    for row in evaluated.index:
        found = statuses(evaluated, row, rules)
        assert set(found.values()) <= {"pass", "warn", "fail", "na"}
        fails = [rule_id for rule_id, status in found.items() if status == "fail"]
        blocking = [rule_id for rule_id in fails if rules.rule(rule_id).blocking]
        warns = [rule_id for rule_id, status in found.items() if status == "warn"]
        assert evaluated.loc[row, "chk.fail_count"] == len(fails)
        assert evaluated.loc[row, "chk.warn_count"] == len(warns)
        assert evaluated.loc[row, "chk.blocking_count"] == len(blocking)
        expected = "bloquant" if blocking else "a_corriger" if fails or warns else "conforme"
        assert evaluated.loc[row, "chk.verdict"] == expected
        for rule in rules.rules:
            message = evaluated.loc[row, rule_message(rule.id)]
            assert message and "{" not in message and "}" not in message
        if evaluated.loc[row, "option.kind"] == "non_ai":
            assert not blocking  # an option without automation is never an illegal practice


def test_a_portfolio_of_100000_options_gets_a_verdict_for_every_option(settings: Settings, rules: RuleSet) -> None:
    one = frame_of(clean(public_facing=True, personal_data=True, decision_role="assists"), proposal(
        option("non_ai"), option("genai_api", zone="IND"), option("vision", training={"gpu_hours": 10}), pid="autre",
        governance={"personal_data": True, "annex_iii": "5a", "decision_role": "automated"}), settings=settings)
    repeats = 100_000 // len(one)
    frame = one.iloc[np.tile(np.arange(len(one)), repeats)].reset_index(drop=True)
    frame["id"] = np.repeat(np.arange(repeats), len(one)).astype(str)
    rng = np.random.default_rng(1)
    frame["fp.estimated"] = rng.random(len(frame)) > 0.1
    frame["fp.best_alternative_gwp_saving"] = rng.random(len(frame))
    frame["fin.delta_npv"] = rng.normal(size=len(frame))
    evaluated = add_checklist(frame, rules, settings, on=EVALUATION_DAY)  # its speed is measured by `python -m evaluation bench`
    assert len(evaluated) == len(frame)
    assert evaluated["chk.verdict"].notna().all()
    assert set(evaluated["chk.verdict"].unique()) <= {"bloquant", "a_corriger", "conforme"}
