"""The bilan's figures on hand cases: prorating to days in service, actual or estimated basis, totals and
groups as the sums of their parts (min and max, every criterion), avoided footprint, counts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from evaluation.bilan.compute import compute_bilan, days_in_year, service_days
from evaluation.bilan.model import CRITERIA, ActualFigures, BilanSource, Range, ServicePeriod
from evaluation.storage import StoredCondition
from tests.support.bilan import hand_source

D = dt.date


def test_service_days_count_the_days_of_the_year_start_included_end_excluded() -> None:
    assert service_days([ServicePeriod(D(2026, 4, 1))], 2026) == 275  # 1 April to 31 December
    assert service_days([ServicePeriod(D(2025, 6, 1), D(2026, 3, 1))], 2026) == 59  # January and February
    assert service_days([ServicePeriod(D(2026, 1, 1), D(2026, 1, 2))], 2026) == 1
    assert service_days([ServicePeriod(D(2027, 1, 1))], 2026) == 0
    assert service_days([ServicePeriod(D(2026, 1, 1), D(2026, 2, 1)), ServicePeriod(D(2026, 3, 1), D(2026, 4, 1))],
                        2026) == 31 + 31
    assert service_days([ServicePeriod(D(2020, 1, 1))], 2028) == days_in_year(2028) == 366


def test_estimated_figures_are_the_frozen_annual_range_prorated_to_the_days_in_service() -> None:
    bilan = compute_bilan(hand_source(), 2026)
    lines = {line.id: line for line in bilan.projects}
    assert sorted(lines) == ["alpha", "beta", "gamma"]  # the rejected one is not in service
    alpha = lines["alpha"]
    assert (alpha.in_service_days, alpha.basis, alpha.actual_days) == (275, "estimated", 0)
    for position, criterion in enumerate(CRITERIA, start=1):
        assert alpha.annual[criterion].min == pytest.approx(10 * position * 275 / 365)
        assert alpha.annual[criterion].max == pytest.approx(20 * position * 275 / 365)
    assert lines["beta"].in_service_days == 59
    assert lines["beta"].annual["gwp_kgco2eq"] == Range(0.0, 0.0)
    assert lines["gamma"].annual["gwp_kgco2eq"] == Range(None, None)  # unknown, never zero
    assert alpha.status == "in_service" and lines["beta"].status == "out_of_service"


def test_totals_and_groups_are_the_sums_of_their_parts_for_every_criterion_min_and_max() -> None:
    bilan = compute_bilan(hand_source(), 2026)
    for criterion in CRITERIA:
        known = [line.annual[criterion] for line in bilan.projects if line.annual[criterion].known]
        assert bilan.totals[criterion].min == pytest.approx(sum(r.min or 0 for r in known))
        assert bilan.totals[criterion].max == pytest.approx(sum(r.max or 0 for r in known))
        assert bilan.left_out[criterion] == ("gamma",)  # named, not silently zero
        for groups in (bilan.by_objective, bilan.by_direction, bilan.by_category):
            assert sum(len(g.projects) for g in groups) == len(bilan.projects)
            assert sum(g.annual[criterion].min or 0 for g in groups) == pytest.approx(bilan.totals[criterion].min)
            assert sum(g.annual[criterion].max or 0 for g in groups) == pytest.approx(bilan.totals[criterion].max)
    assert [g.key for g in bilan.by_objective] == ["Non renseigné", "Sobriété"]
    assert {g.key: g.projects for g in bilan.by_direction} == {"Finances": ("beta",),
                                                               "Relation usagers": ("alpha", "gamma")}


def test_actuals_replace_the_estimate_for_the_days_they_cover() -> None:
    calls: list[tuple[str, str, dt.date, dt.date]] = []

    def actuals(pid: str, option: str, start: dt.date, end: dt.date) -> ActualFigures | None:
        calls.append((pid, option, start, end))
        if pid == "beta":  # every day in service measured
            return ActualFigures(days=59, footprint={"energy_kwh": Range(1, 2), "gwp_kgco2eq": Range(3, 4),
                                                     "wcf_l": Range(5, 6)}, cost_eur=100.0)
        if pid == "alpha":  # 100 of 275 days measured
            return ActualFigures(days=100, footprint={"energy_kwh": Range(7, 8), "gwp_kgco2eq": Range(9, 9),
                                                      "wcf_l": Range(1, 1)}, cost_eur=None)
        return None

    bilan = compute_bilan(hand_source(actuals=actuals), 2026)
    lines = {line.id: line for line in bilan.projects}
    assert ("beta", "Sans IA", D(2026, 1, 1), D(2026, 3, 1)) in calls
    assert ("alpha", "IA", D(2026, 4, 1), D(2027, 1, 1)) in calls
    beta = lines["beta"]
    assert (beta.basis, beta.actual_days) == ("actual", 59)
    assert beta.annual["gwp_kgco2eq"] == Range(3, 4)
    assert beta.estimated_criteria == ("adpe_kgsbeq", "pe_mj")  # not measured: kept from the estimate
    assert (beta.spend_eur, beta.spend_basis) == (100.0, "actual")  # first put in service in 2025: no one-off
    alpha = lines["alpha"]
    assert (alpha.basis, alpha.actual_days) == ("estimated", 100)  # partly measured: said, not called actual
    assert alpha.annual["gwp_kgco2eq"].min == pytest.approx(9 + 20 * 175 / 365)
    assert alpha.annual["gwp_kgco2eq"].max == pytest.approx(9 + 40 * 175 / 365)
    assert alpha.spend_eur == pytest.approx(5000 + 1000 * 275 / 365)  # one-off: put in service in 2026
    assert (alpha.spend_actual_eur, beta.spend_actual_eur) == (0.0, 100.0)
    assert bilan.budget.spend_total == pytest.approx(sum(line.spend_eur or 0 for line in bilan.projects))
    assert bilan.budget.spend_actual == pytest.approx(100.0)


def test_avoided_is_the_set_aside_ai_option_minus_the_retained_one_over_the_days_in_service() -> None:
    bilan = compute_bilan(hand_source(), 2026)
    assert [a.id for a in bilan.avoided] == ["beta"]
    avoided = bilan.avoided[0]
    assert (avoided.chosen, avoided.instead_of) == ("Sans IA", "IA lourde")
    share = 59 / 365
    assert avoided.footprint["gwp_kgco2eq"].min == pytest.approx((200 - 0) * share)
    assert avoided.footprint["gwp_kgco2eq"].max == pytest.approx((600 - 0) * share)
    assert avoided.annual_cost_eur == pytest.approx((9000 - 1000) * share)
    assert bilan.avoided_totals["gwp_kgco2eq"] == avoided.footprint["gwp_kgco2eq"]


def test_counts_budget_and_what_is_not_available() -> None:
    bilan = compute_bilan(hand_source(), 2026)
    counts = bilan.counts
    assert (counts.received, counts.evaluated) == (2, 1)  # gamma's second submission counts once; alpha in 2025
    assert counts.decided == {"approuve": 1, "approuve_sous_conditions": 1, "rejete": 1, "ajourne": 0}
    assert (counts.put_in_service, counts.stopped) == (2, 1)
    assert bilan.budget.npv_approved == pytest.approx(40000.0)  # alpha and gamma, decided in 2026
    assert bilan.compliance.open_conditions is None and bilan.compliance.register_published is None
    assert bilan.previous is not None and bilan.previous.year == 2025 and bilan.previous.projects == 1


def test_the_register_entries_counted_are_those_of_the_year() -> None:
    published = {2025: 1, 2026: 3}
    source = dataclasses.replace(hand_source(), register_published=lambda year: published.get(year, 0))
    assert compute_bilan(source, 2026).compliance.register_published == 3
    assert compute_bilan(source, 2024).compliance.register_published == 0


def test_without_the_lifecycle_no_project_is_in_service_and_the_year_says_so() -> None:
    source = BilanSource(decisions=hand_source().decisions, status_events=[])
    bilan = compute_bilan(source, 2026)
    assert bilan.projects == () and not bilan.lifecycle_available
    assert all(bilan.totals[c] == Range(0.0, 0.0) for c in CRITERIA)


def test_open_conditions_are_those_of_the_latest_decisions_not_met_by_the_end_of_the_year() -> None:
    def condition(cid: int, pid: str, decision_id: int, due: dt.date, met: dt.datetime | None) -> StoredCondition:
        return StoredCondition(id=cid, proposal_id=pid, decision_id=decision_id, text=f"Condition {cid}",
                               owner="DSI", due_date=due, met_at=met, met_by="dsi" if met else None,
                               met_comment="fait" if met else None)

    conditions = [condition(1, "gamma", 3, D(2026, 6, 30), None),  # open, past due at 31/12
                  condition(2, "gamma", 3, D(2027, 3, 1), None),  # open, not due yet
                  condition(3, "gamma", 3, D(2026, 5, 1), dt.datetime(2026, 4, 2, tzinfo=dt.UTC)),  # met in 2026
                  condition(4, "gamma", 3, D(2026, 5, 1), dt.datetime(2027, 1, 5, tzinfo=dt.UTC)),  # met after
                  condition(5, "gamma", 99, D(2026, 5, 1), None)]  # of another decision
    bilan = compute_bilan(hand_source(conditions=conditions), 2026)
    assert bilan.compliance.open_conditions is not None
    assert [(c.text, c.past_due) for c in bilan.compliance.open_conditions] == [
        ("Condition 4", True), ("Condition 1", True), ("Condition 2", False)]


def test_an_approval_without_a_chosen_option_covers_the_options_put_in_service() -> None:
    from tests.support.bilan import decision, record, utc

    older = decision("epsilon", [record("A", "genai_api", low=1, high=1), record("B", "ml", low=2, high=4)], None,
                     at=utc(2024, 5, 1), decision_id=9)
    source = BilanSource(decisions=[older], status_events=[], lifecycle_available=True,
                         service={("epsilon", "B"): [ServicePeriod(D(2026, 7, 1))]})
    bilan = compute_bilan(source, 2026)
    assert [(line.id, line.option, line.in_service_days) for line in bilan.projects] == [("epsilon", "B", 184)]
    assert bilan.totals["energy_kwh"].max == pytest.approx(4 * 184 / 365)
