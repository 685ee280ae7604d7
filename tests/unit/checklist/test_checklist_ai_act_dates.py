"""AI Act dates: the law as data (data/ai_act_dates.yaml) applied as in force on the evaluation date, and an
obligation applies when in force at any time within the project's horizon (from 1 January of
settings.start_year for `horizon` whole years).

The oracle is the law: règlement (UE) 2024/1689 art. 113 (prohibitions and art. 4 from 2 February 2025,
general application, art. 50 and Annex III from 2 August 2026) and règlement (UE) 2026/1744 (adopted
8 July 2026, in force 27 July 2026: Annex III from 2 December 2027, prohibitions of art. 5(1)(ba), (bb) from
2 December 2026, art. 4 rewritten).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
from checklist_helpers import EVALUATION_DAY, frame_of, option, proposal, with_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from evaluation.checklist import RuleSet, add_checklist
from evaluation.checklist.law import Obligation, ai_act_dates
from evaluation.checklist.rules import Options
from evaluation.domain.settings import Settings
from evaluation.exchange.settings_file import load_settings
from evaluation.table.columns import CHK_EVALUATED_ON, rule_message, rule_status

SETTINGS = load_settings()
CHATBOT = {"public_facing": True}
ANNEX_5A = {"annex_iii": "5a"}
BEFORE_ADOPTION = dt.date(2026, 6, 1)   # Parliament 16 June, Council 29 June, signed 8 July 2026
ADOPTED_NOT_IN_FORCE = dt.date(2026, 7, 20)  # published 24 July, in force 27 July 2026
IN_FORCE = dt.date(2026, 7, 27)


def evaluate(settings: Settings, rules: RuleSet, rule_id: str, governance: Mapping[str, object], *, start_year: int,
             on: dt.date = EVALUATION_DAY, horizon: int = 5) -> tuple[str, str]:
    used = with_settings(settings, start_year=start_year)
    evaluated = add_checklist(frame_of(proposal(option("genai_api"), governance=dict(governance), horizon=horizon),
                                       settings=used), rules, used, on=on)
    return str(evaluated.loc[0, rule_status(rule_id)]), str(evaluated.loc[0, rule_message(rule_id)])


def test_the_data_file_holds_the_dates_of_the_law() -> None:
    law = ai_act_dates()
    on = EVALUATION_DAY
    assert law.applicable(Obligation.PROHIBITIONS, on).current.applies_from == dt.date(2025, 2, 2)
    assert law.applicable(Obligation.AI_LITERACY, on).current.applies_from == dt.date(2025, 2, 2)
    assert law.applicable(Obligation.TRANSPARENCY, on).current.applies_from == dt.date(2026, 8, 2)
    assert law.applicable(Obligation.HIGH_RISK_ANNEX_III, on).current.applies_from == dt.date(2027, 12, 2)
    assert law.applicable(Obligation.ADDED_PROHIBITIONS, on).current.applies_from == dt.date(2026, 12, 2)
    omnibus = law.text("reg_2026_1744")
    assert (omnibus.adopted, omnibus.published, omnibus.in_force) == (
        dt.date(2026, 7, 8), dt.date(2026, 7, 24), dt.date(2026, 7, 27))
    assert omnibus.verified is False  # read in secondary sources only: the data file says so
    assert omnibus.note and "secondaires" in omnibus.note


def test_before_the_omnibus_is_in_force_the_2024_date_applies_and_the_new_one_is_named() -> None:
    law = ai_act_dates()
    before = law.applicable(Obligation.HIGH_RISK_ANNEX_III, BEFORE_ADOPTION)
    assert before.current.applies_from == dt.date(2026, 8, 2) and before.pending is None
    adopted = law.applicable(Obligation.HIGH_RISK_ANNEX_III, ADOPTED_NOT_IN_FORCE)
    assert adopted.current.applies_from == dt.date(2026, 8, 2)
    assert adopted.pending is not None and adopted.pending.applies_from == dt.date(2027, 12, 2)
    after = law.applicable(Obligation.HIGH_RISK_ANNEX_III, IN_FORCE)
    assert after.current.applies_from == dt.date(2027, 12, 2) and after.pending is None


def test_annex_iii_outcome_follows_the_evaluation_date(settings: Settings, rules: RuleSet) -> None:
    """A one-year project in 2027: Annex III duties apply under the 2024 text, not after the omnibus."""
    before = evaluate(settings, rules, "AIA-2", ANNEX_5A, start_year=2027, horizon=1, on=BEFORE_ADOPTION)
    assert before[0] == "fail" and "2 août 2026" in before[1] and "2026/1744" not in before[1]
    adopted = evaluate(settings, rules, "AIA-2", ANNEX_5A, start_year=2027, horizon=1, on=ADOPTED_NOT_IN_FORCE)
    assert adopted[0] == "fail"
    assert "en vigueur depuis le 2 août 2026" in adopted[1]
    assert ("le règlement (UE) 2026/1744 (omnibus numérique), adopté le 8 juillet 2026 mais pas en vigueur à la "
            "date de l'évaluation, le 20 juillet 2026, fixerait cette date au 2 décembre 2027") in adopted[1]
    after = evaluate(settings, rules, "AIA-2", ANNEX_5A, start_year=2027, horizon=1, on=IN_FORCE)
    assert after[0] == "fail"  # 2 December 2027 is still within 2027
    assert "applicable à partir du 2 décembre 2027" in after[1] and "pas en vigueur" not in after[1]


def test_the_omnibus_postponement_moves_the_outcome(settings: Settings, rules: RuleSet) -> None:
    """A project over by the end of 2026: bound by Annex III under the 2024 text, not once the omnibus is in force."""
    assert evaluate(settings, rules, "AIA-2", ANNEX_5A, start_year=2026, horizon=1, on=BEFORE_ADOPTION)[0] == "fail"
    assert evaluate(settings, rules, "AIA-2", ANNEX_5A, start_year=2026, horizon=1, on=IN_FORCE)[0] == "na"


def test_art_4_wording_is_the_one_in_force(settings: Settings, rules: RuleSet) -> None:
    old = evaluate(settings, rules, "AIA-4", {}, start_year=2026, on=BEFORE_ADOPTION)[1]
    assert "garantir, dans toute la mesure du possible, un niveau suffisant" in old
    pending = evaluate(settings, rules, "AIA-4", {}, start_year=2026, on=ADOPTED_NOT_IN_FORCE)[1]
    assert "garantir" in pending and "en changerait la rédaction" in pending
    new = evaluate(settings, rules, "AIA-4", {}, start_year=2026, on=EVALUATION_DAY)[1]
    assert "soutenir le développement de la maîtrise de l'IA" in new and "garantir, dans" not in new


def test_the_added_prohibitions_carry_their_own_date(settings: Settings, rules: RuleSet) -> None:
    status, message = evaluate(settings, rules, "AIA-1", {"prohibited_practice": True}, start_year=2026)
    assert status == "fail"
    assert "interdictions en vigueur depuis le 2 février 2025" in message
    assert "points ba) et bb), applicable à partir du 2 décembre 2026" in message


def test_an_obligation_in_force_at_the_start_says_since_when(settings: Settings, rules: RuleSet) -> None:
    status, message = evaluate(settings, rules, "AIA-3", CHATBOT, start_year=2027)
    assert status == "fail" and "en vigueur depuis le 2 août 2026" in message


def test_an_obligation_starting_during_the_project_says_from_when(settings: Settings, rules: RuleSet) -> None:
    status, message = evaluate(settings, rules, "AIA-3", CHATBOT, start_year=2026)
    assert status == "fail" and "applicable à partir du 2 août 2026" in message


def test_an_obligation_starting_after_the_project_does_not_apply(settings: Settings, rules: RuleSet) -> None:
    status, message = evaluate(settings, rules, "AIA-3", CHATBOT, start_year=2024, horizon=2)
    assert status == "na"
    assert message == ("Sans objet pendant la durée du projet : les obligations de transparence de l'AI Act "
                       "s'appliquent à partir du 2 août 2026.")


def test_the_last_year_of_the_horizon_counts_and_the_next_does_not(settings: Settings, rules: RuleSet) -> None:
    assert evaluate(settings, rules, "AIA-3", CHATBOT, start_year=2025, horizon=2)[0] == "fail"  # 2025-2026
    assert evaluate(settings, rules, "AIA-3", CHATBOT, start_year=2024, horizon=2)[0] == "na"  # 2024-2025


def test_each_proposal_is_judged_on_its_own_horizon(settings: Settings, rules: RuleSet) -> None:
    used = with_settings(settings, start_year=2025)
    short = proposal(option("genai_api"), pid="court", governance=ANNEX_5A, horizon=2)
    long = proposal(option("genai_api"), pid="long", governance=ANNEX_5A, horizon=5)
    evaluated = add_checklist(frame_of(short, long, settings=used), rules, used, on=EVALUATION_DAY)
    assert list(evaluated[rule_status("AIA-2")]) == ["na", "fail"]  # Annex III applies from 2 Dec 2027


def test_the_evaluation_date_is_recorded(settings: Settings, rules: RuleSet) -> None:
    frame = frame_of(proposal(option("genai_api")), settings=settings)
    evaluated = add_checklist(frame, rules, settings, on=ADOPTED_NOT_IN_FORCE)
    assert str(evaluated.loc[0, CHK_EVALUATED_ON]) == "2026-07-20"


@hypothesis_settings(max_examples=200, deadline=None)
@given(start_year=st.integers(2020, 2035), horizon=st.integers(1, 30),
       on=st.dates(dt.date(2024, 8, 1), dt.date(2035, 12, 31)))
def test_an_obligation_applies_exactly_when_dated_before_the_end_of_the_horizon(
        start_year: int, horizon: int, on: dt.date) -> None:
    used = with_settings(SETTINGS, start_year=start_year)
    duty = Options(pd.DataFrame({"horizon": [horizon]}), used, on=on).dated(Obligation.HIGH_RISK_ANNEX_III)
    expected = dt.date(2027, 12, 2) if on >= IN_FORCE else dt.date(2026, 8, 2)
    assert duty.date == expected
    assert bool(duty.applies[0]) == (expected < dt.date(start_year + horizon, 1, 1))
    assert (duty.applicability == "in_force") == (expected <= dt.date(start_year, 1, 1))
