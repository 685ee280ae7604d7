"""AI Act dates: an obligation applies when in force at any time within the project's horizon.

A project runs from 1 January of settings.start_year for `horizon` whole years.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from checklist_helpers import frame_of, option, proposal, with_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from evaluation.checklist import RuleSet, add_checklist
from evaluation.checklist.rules import Options
from evaluation.domain.settings import Settings
from evaluation.exchange.settings_file import load_settings
from evaluation.table.columns import rule_message, rule_status

SETTINGS = load_settings()

CHATBOT = {"public_facing": True}


def aia3(settings: Settings, rules: RuleSet, *, start_year: int, transparency: dt.date,
         horizon: int = 5) -> tuple[str, str]:
    used = with_settings(settings, start_year=start_year, ai_act={"transparency": transparency})
    evaluated = add_checklist(frame_of(proposal(option("genai_api"), governance=CHATBOT, horizon=horizon),
                                       settings=used), rules, used)
    return str(evaluated.loc[0, rule_status("AIA-3")]), str(evaluated.loc[0, rule_message("AIA-3")])


def test_an_obligation_in_force_at_the_start_says_since_when(settings: Settings, rules: RuleSet) -> None:
    status, message = aia3(settings, rules, start_year=2027, transparency=dt.date(2026, 8, 2))
    assert status == "fail"
    assert "en vigueur depuis le 2 août 2026" in message


def test_an_obligation_starting_during_the_project_says_from_when(settings: Settings, rules: RuleSet) -> None:
    status, message = aia3(settings, rules, start_year=2026, transparency=dt.date(2026, 8, 2))
    assert status == "fail"
    assert "applicable à partir du 2 août 2026" in message


def test_an_obligation_starting_after_the_project_does_not_apply(settings: Settings, rules: RuleSet) -> None:
    status, message = aia3(settings, rules, start_year=2024, transparency=dt.date(2026, 8, 2), horizon=2)
    assert status == "na"
    assert message == ("Sans objet pendant la durée du projet : les obligations de transparence de l'AI Act "
                       "s'appliquent à partir du 2 août 2026.")


def test_the_last_day_of_the_horizon_counts_and_the_next_does_not(settings: Settings, rules: RuleSet) -> None:
    assert aia3(settings, rules, start_year=2024, transparency=dt.date(2025, 12, 31), horizon=2)[0] == "fail"
    assert aia3(settings, rules, start_year=2024, transparency=dt.date(2026, 1, 1), horizon=2)[0] == "na"


def test_an_obligation_dated_on_the_first_day_is_in_force_at_the_start(settings: Settings, rules: RuleSet) -> None:
    message = aia3(settings, rules, start_year=2027, transparency=dt.date(2027, 1, 1))[1]
    assert "en vigueur depuis le 1er janvier 2027" in message


def test_each_proposal_is_judged_on_its_own_horizon(settings: Settings, rules: RuleSet) -> None:
    used = with_settings(settings, start_year=2025)
    short = proposal(option("genai_api"), pid="court", governance={"annex_iii": "5a"}, horizon=2)
    long = proposal(option("genai_api"), pid="long", governance={"annex_iii": "5a"}, horizon=5)
    evaluated = add_checklist(frame_of(short, long, settings=used), rules, used)
    assert list(evaluated[rule_status("AIA-2")]) == ["na", "fail"]  # Annex III applies from 2 Dec 2027


def test_the_digital_omnibus_postponement_moves_the_outcome(settings: Settings, rules: RuleSet) -> None:
    def annex_iii_status(date: dt.date) -> str:
        used = with_settings(settings, start_year=2026, ai_act={"high_risk_annex_iii": date})
        frame = frame_of(proposal(option("genai_api"), governance={"annex_iii": "5a"}, horizon=1), settings=used)
        return str(add_checklist(frame, rules, used).loc[0, rule_status("AIA-2")])

    assert annex_iii_status(dt.date(2026, 8, 2)) == "fail"  # the regulation's first date
    assert annex_iii_status(dt.date(2027, 12, 2)) == "na"  # after the Digital Omnibus


@hypothesis_settings(max_examples=200, deadline=None)
@given(start_year=st.integers(2020, 2035), horizon=st.integers(1, 30),
       date=st.dates(dt.date(2015, 1, 1), dt.date(2070, 12, 31)))
def test_an_obligation_applies_exactly_when_dated_before_the_end_of_the_horizon(
        start_year: int, horizon: int, date: dt.date) -> None:
    used = with_settings(SETTINGS, start_year=start_year)
    obligation = Options(pd.DataFrame({"horizon": [horizon]}), used).obligation(date)
    assert bool(obligation.applies[0]) == (date < dt.date(start_year + horizon, 1, 1))
    assert (obligation.applicability == "in_force") == (date <= dt.date(start_year, 1, 1))
