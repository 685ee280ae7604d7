"""The sample portfolio's expected checklist outcomes (data/samples/expected_checklist.yaml).

The portfolio is evaluated as the dashboard does: options table, footprint (EcoLogits), finance, then
the checklist with the default settings and rules.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
import yaml
from checklist_helpers import EVALUATION_DAY

from evaluation.checklist import LOGIC, RuleSet, add_checklist, checklist_record
from evaluation.domain.settings import Settings
from evaluation.exchange.files import load_proposals
from evaluation.finance import add_finance
from evaluation.footprint import add_footprint
from evaluation.resources import SAMPLES_DIR
from evaluation.table.build import options_frame
from evaluation.table.columns import rule_message, rule_status
from tests.support.rows import row_of

EXPECTED: dict[str, Any] = yaml.safe_load((SAMPLES_DIR / "expected_checklist.yaml").read_text(encoding="utf-8"))
BY_ID = {item["id"]: item for item in EXPECTED["proposals"]}


@pytest.fixture(scope="module")
def portfolio(settings: Settings, rules: RuleSet) -> pd.DataFrame:
    frame = options_frame(load_proposals(SAMPLES_DIR / "portfolio.yaml"), settings)
    return add_checklist(add_finance(add_footprint(frame, settings), settings), rules, settings, on=EVALUATION_DAY)


def option_row(portfolio: pd.DataFrame, proposal_id: str, name: str) -> pd.Series:
    rows = portfolio[(portfolio["id"] == proposal_id) & (portfolio["option.name"] == name)]
    assert len(rows) == 1, (proposal_id, name)
    return rows.iloc[0]


def with_status(row: pd.Series, rules: RuleSet, status: str) -> list[str]:
    return [rule.id for rule in rules.rules if row[rule_status(rule.id)] == status]


def test_every_sample_proposal_and_option_has_expected_outcomes(portfolio: pd.DataFrame) -> None:
    assert list(BY_ID) == list(portfolio["id"].drop_duplicates())
    for proposal_id, group in portfolio.groupby("id", sort=False):
        assert [o["option"] for o in BY_ID[proposal_id]["options"]] == list(group["option.name"])


def test_the_expected_outcomes_name_known_rules_and_the_rules_used(portfolio: pd.DataFrame) -> None:
    assert set(portfolio["chk.rules"]) == {EXPECTED["rules"]}
    for item in EXPECTED["proposals"]:
        for expected in item["options"]:
            assert set(expected["fail"]) | set(expected["warn"]) <= set(LOGIC)
            assert expected["verdict"] in {"bloquant", "a_corriger", "conforme"}


@pytest.mark.parametrize("proposal_id", list(BY_ID))
def test_sample_proposal_gets_its_expected_verdict_and_statuses(proposal_id: str, portfolio: pd.DataFrame,
                                                                 rules: RuleSet) -> None:
    for expected in BY_ID[proposal_id]["options"]:
        row = option_row(portfolio, proposal_id, expected["option"])
        assert (expected["option"], row["chk.verdict"]) == (expected["option"], expected["verdict"])
        assert with_status(row, rules, "fail") == expected["fail"], expected["option"]
        assert with_status(row, rules, "warn") == expected["warn"], expected["option"]


def test_the_proposals_that_must_fail_do(portfolio: pd.DataFrame, rules: RuleSet) -> None:
    must_fail = [item for item in EXPECTED["proposals"] if "must_fail" in item]
    assert {item["id"] for item in must_fail} == {
        "chatbot-touristique-hors-ue", "attribution-logements-sociaux", "redaction-falc"}
    for item in must_fail:
        group = portfolio[portfolio["id"] == item["id"]]
        assert (group["chk.fail_count"] > 0).any(), item["id"]


def test_the_public_chatbot_hosted_in_the_usa_without_disclosure_fails_and_warns(portfolio: pd.DataFrame) -> None:
    """The United States have an adequacy decision for certified recipients only (EU-US Data Privacy
    Framework, décision d'exécution (UE) 2023/1795): SOV-1 warns, the certification is to check."""
    row = option_row(portfolio, "chatbot-touristique-hors-ue", "Chatbot GPT-5 mini hébergé aux États-Unis")
    assert row[rule_status("AIA-3")] == "fail"
    assert "indiquez aux usagers qu'ils échangent avec une IA (AI Act art. 50" in row[rule_message("AIA-3")]
    assert row[rule_status("SOV-1")] == "warn"
    assert "traitées aux États-Unis (USA)" in row[rule_message("SOV-1")]
    assert "Data Privacy Framework" in row[rule_message("SOV-1")]


def test_the_automated_social_housing_decision_is_blocked(portfolio: pd.DataFrame, rules: RuleSet) -> None:
    ai = option_row(portfolio, "attribution-logements-sociaux", "Score d'attribution à apprentissage continu")
    assert ai["chk.verdict"] == "bloquant"
    assert {"ALG-4", "ALG-5"} <= set(with_status(ai, rules, "fail"))
    assert ai["chk.blocking_count"] == 2
    items = {item["id"]: item for item in checklist_record(row_of(ai), rules)}
    assert items["ALG-5"]["blocking"] is True and "approbation impossible" in items["ALG-5"]["message"]
    baseline = portfolio[(portfolio["id"] == "attribution-logements-sociaux")
                         & (portfolio["option.kind"] == "non_ai")].iloc[0]
    assert baseline["chk.verdict"] != "bloquant"


def test_the_proposal_without_a_non_ai_option_fails_rg_1_1(portfolio: pd.DataFrame) -> None:
    group = portfolio[portfolio["id"] == "redaction-falc"]
    assert set(group[rule_status("RG-1.1")]) == {"fail"}


def test_no_sample_message_is_left_with_a_placeholder(portfolio: pd.DataFrame, rules: RuleSet) -> None:
    for rule in rules.rules:
        messages = portfolio[rule_message(rule.id)].astype(str)
        assert not messages.str.contains("{", regex=False).any(), rule.id
