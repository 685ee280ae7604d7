"""Portfolio summaries: recommended option per proposal, totals, filters, best values per line."""

from __future__ import annotations

import math

import pandas as pd

from ui.summaries import (
    best_per_row,
    criterion_ids,
    filter_options,
    key_figures,
    left_out,
    recommended_options,
    rule_ids,
)


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["a", "a", "b", "b", "c"],
        "title": ["A", "A", "B", "B", "C"],
        "option_index": [0, 1, 0, 1, 0],
        "option.name": ["a0", "a1", "b0", "b1", "c0"],
        "option.kind": ["non_ai", "genai_api", "non_ai", "ml", "vision"],
        "status": ["soumis", "soumis", "decide", "decide", "brouillon"],
        "direction": ["RH", "RH", "Finances", "Finances", "RH"],
        "category": ["rh", "rh", "finances", "finances", "rh"],
        "mx.rank": [3, 1, 2, 4, math.nan],
        "fp.annual.gwp_kgco2eq.min": [0.0, 10.0, 0.0, 50.0, 5.0],
        "fp.annual.gwp_kgco2eq.max": [0.0, 30.0, 0.0, 70.0, 5.0],
        "fin.npv": [100.0, 500.0, 200.0, -50.0, 1000.0],
        "fin.budget_npv": [50.0, 300.0, 150.0, -80.0, 700.0],
        "fin.socio_npv": [100.0, 480.0, 200.0, -60.0, math.nan],
        "chk.verdict": ["conforme", "a_corriger", "conforme", "bloquant", "a_corriger"],
        "chk.AIA-1.status": ["pass"] * 5,
        "chk.AIA-1.message": [""] * 5,
        "mx.necessite": [1.0] * 5,
        "mx.value": [2.0] * 5,
        "mx.skipped": [()] * 5,
    })


def test_the_recommended_option_is_the_best_ranked_of_each_proposal_in_portfolio_order() -> None:
    best = recommended_options(_frame())
    assert list(best["option.name"]) == ["a1", "b0", "c0"]


def test_key_figures_sum_the_recommended_options_only_and_keep_the_range() -> None:
    figures = key_figures(_frame())
    assert figures.proposals == 3
    assert figures.options == 5
    assert (figures.gwp_kg_min, figures.gwp_kg_max) == (15.0, 35.0)  # a1 (10-30) + b0 (0) + c0 (5)
    assert figures.budget_npv_eur == 1150.0  # 300 + 150 + 700
    assert figures.socio_npv_eur == 680.0  # 480 + 200; c0 has none and is named as left out
    assert figures.socio_left_out == ("C · c0",)
    assert figures.gwp_left_out == ()
    assert figures.by_status == {"brouillon": 1, "soumis": 1, "en_revue": 0, "avis_rendu": 0, "decide": 1}
    assert (figures.blocking_options, figures.blocking_proposals) == (1, 1)


def test_an_empty_portfolio_has_zero_proposals_and_unknown_totals() -> None:
    figures = key_figures(pd.DataFrame())
    assert figures.proposals == 0
    assert math.isnan(figures.budget_npv_eur) and math.isnan(figures.socio_npv_eur)
    assert figures.gwp_left_out == ()


def test_filters_combine_and_an_empty_filter_keeps_everything() -> None:
    frame = _frame()
    assert len(filter_options(frame)) == 5
    assert list(filter_options(frame, directions=["RH"], verdicts=["a_corriger"])["option.name"]) == ["a1", "c0"]
    assert filter_options(frame, statuses=["en_revue"]).empty


def test_the_best_value_of_a_line_follows_its_direction() -> None:
    values = pd.DataFrame({"x": [1.0, 5.0], "y": [3.0, 5.0]}, index=["npv", "gwp"])
    best = best_per_row(values, {"npv": True, "gwp": False})
    assert best == {"npv": ["y"], "gwp": ["x", "y"]}


def test_rule_and_criterion_ids_are_read_from_the_columns() -> None:
    frame = _frame()
    assert rule_ids(frame) == ["AIA-1"]
    assert criterion_ids(frame) == ["necessite"]


def test_a_total_names_the_options_it_leaves_out() -> None:
    frame = _frame()
    frame.loc[frame["option.name"] == "b0", ["fp.annual.gwp_kgco2eq.min", "fp.annual.gwp_kgco2eq.max"]] = math.nan
    figures = key_figures(frame)
    assert (figures.gwp_kg_min, figures.gwp_kg_max) == (15.0, 35.0)  # a1 (10-30) + c0 (5), b0 not counted
    assert figures.gwp_left_out == ("B · b0",)
    assert left_out(frame, ("fp.annual.gwp_kgco2eq.min",)) == ("B · b0",)


def test_the_left_out_text_counts_and_names_the_options_escaped() -> None:
    from ui.widgets import left_out_text

    assert left_out_text((), "fr") == ""
    assert left_out_text(("A · a",), "fr") == "  \n1 option sans estimation, non comptée : A · a"
    text = left_out_text(("A · a", "B · *b*", "C · c"), "fr")
    assert text == "  \n3 options sans estimation, non comptées : A · a ; B · \\*b\\* ; C · c"
    assert left_out_text(("A · a", "B · b"), "en") == "  \n2 options without an estimate, not counted: A · a ; B · b"
