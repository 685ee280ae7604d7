"""The Portefeuille page's prepared rows, its table and its matrix: what is shown, and only that."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from evaluation.domain.settings import Settings
from evaluation.exchange.files import load_proposals
from evaluation.pipeline.evaluate import build_context, evaluate_frame
from evaluation.table.build import options_frame
from tests.conftest import SAMPLE_PORTFOLIO
from ui.charts import WEBGL_FROM_POINTS, matrix_figure, matrix_hover
from ui.formatting import format_euros, format_range
from ui.summaries import filter_options
from ui.views.portfolio import rows as portfolio_rows
from ui.views.portfolio.rows import TABLE_COLUMNS, build_rows, gwp_unit, table


@pytest.fixture(scope="module")
def evaluated(settings: Settings) -> pd.DataFrame:
    frame = evaluate_frame(options_frame(load_proposals(SAMPLE_PORTFOLIO), settings), build_context(settings))
    workflow = pd.DataFrame({"status": "brouillon", "outcome": None}, index=frame.index)
    return pd.concat([frame, workflow], axis=1)


def _options(count: int, **columns: object) -> pd.DataFrame:
    """`count` options with what the matrix draws (scores, CO2e range, verdict, title, option, model)."""
    data: dict[str, object] = {
        "id": [f"d{i // 2}" for i in range(count)], "option_index": [i % 2 for i in range(count)],
        "title": ["Dossier"] * count, "option.name": ["Option"] * count, "option.model": [None] * count,
        "mx.value": np.linspace(0, 4, count), "mx.cost": np.linspace(4, 0, count),
        "fp.annual.gwp_kgco2eq.min": np.full(count, 1.0), "fp.annual.gwp_kgco2eq.max": np.full(count, 3.0),
        "chk.verdict": ["conforme"] * count,
    }
    data.update(columns)
    return pd.DataFrame(data)


def test_the_rows_are_one_per_option_per_option_in_the_portfolio_order(evaluated: pd.DataFrame) -> None:
    prepared = build_rows(evaluated, lang="fr")

    assert list(prepared.rows["id"]) == list(evaluated["id"])
    assert list(prepared.rows.index) == list(range(len(evaluated)))
    assert len(prepared.rows.columns) < 40 < len(evaluated.columns)
    np.testing.assert_allclose(prepared.rows["gwp_kg"], (evaluated["fp.annual.gwp_kgco2eq.min"]
                                                    + evaluated["fp.annual.gwp_kgco2eq.max"]) / 2)


def test_labels_are_read_in_the_language_asked_for(evaluated: pd.DataFrame) -> None:
    french = build_rows(evaluated, lang="fr").rows
    english = build_rows(evaluated, lang="en").rows

    assert set(french["status_label"]) == {"Brouillon"}
    assert set(english["status_label"]) == {"Draft"}
    assert "Sans IA" in set(french["kind_label"]) and "Without AI" in set(english["kind_label"])
    assert set(french["verdict_label"]) <= {"Conforme", "À corriger", "Bloquant"}


def test_filters_offer_the_values_present_with_verdicts_in_their_order(evaluated: pd.DataFrame) -> None:
    prepared = build_rows(evaluated, lang="fr")

    assert prepared.choices["status"] == ["brouillon"]
    assert prepared.choices["direction"] == sorted(set(evaluated["direction"]) - {""})
    assert prepared.choices["chk.verdict"] == [v for v in ("conforme", "a_corriger", "bloquant")
                                           if v in set(evaluated["chk.verdict"])]


def test_the_table_holds_its_display_columns_only_with_numbers_as_numbers(evaluated: pd.DataFrame) -> None:
    rows = build_rows(evaluated, lang="fr").rows
    shown = filter_options(rows, verdicts=["a_corriger", "bloquant"])

    shown_table, symbol = table(shown)

    assert list(shown_table.columns) == list(TABLE_COLUMNS)
    assert len(shown_table) == len(shown) < len(rows)
    assert list(shown_table.index) == list(range(len(shown)))  # a selected row is a position in `shown`
    for name in ("value", "cost", "gwp", "budget_npv", "socio_npv", "rank"):
        assert pd.api.types.is_numeric_dtype(shown_table[name]), name
    factor = {"g CO2e": 1e-3, "kg CO2e": 1.0, "t CO2e": 1e3}[symbol]
    np.testing.assert_allclose(shown_table["gwp"] * factor, shown["gwp_kg"].to_numpy())


def test_the_table_unit_of_co2e_suits_the_median_option() -> None:
    assert gwp_unit(pd.DataFrame({"gwp_kg": [500.0, 2_000.0, 3_000.0, math.nan]})) == ("t CO2e", 1_000.0)
    assert gwp_unit(pd.DataFrame({"gwp_kg": [0.2, 0.4, 9_000.0]})) == ("g CO2e", 0.001)
    assert gwp_unit(pd.DataFrame({"gwp_kg": [math.nan]})) == ("kg CO2e", 1.0)


def test_the_matrix_uses_webgl_only_beyond_a_few_thousand_points() -> None:
    small = matrix_figure(_options(WEBGL_FROM_POINTS), lang="fr")
    large = matrix_figure(_options(WEBGL_FROM_POINTS + 1), lang="fr")

    assert {trace.type for trace in small.data} == {"scatter"}
    assert {trace.type for trace in large.data} == {"scattergl"}


def test_each_point_carries_its_row_label_for_click_through() -> None:
    options = _options(6, **{"chk.verdict": ["conforme", "bloquant"] * 3})
    shown = options.loc[[1, 2, 5]]

    figure = matrix_figure(shown, lang="fr")

    carried = {trace.name: list(trace.customdata) for trace in figure.data}
    assert carried == {"Conforme": [2], "Bloquant": [1, 5]}
    assert all(np.asarray(trace.customdata).dtype.kind == "i" for trace in figure.data)


def test_hover_texts_are_short_escaped_and_leave_the_scores_to_plotly() -> None:
    options = _options(2, title=["<b>Courriers</b> & co", "Courriers"],
                       **{"option.model": ["mistral-small-latest", None], "fin.budget_npv": [-12_000.0, 0.0],
                          "fin.socio_npv": [35_000.0, 0.0]})

    hover = matrix_hover(options, lang="fr")

    assert hover.iloc[0] == ("<b>&lt;b&gt;Courriers&lt;/b&gt; &amp; co</b><br>Option (Mistral Small (dernière version))"
                             f"<br>{format_range(1.0, 3.0, 'gwp_kgco2eq', lang='fr')} par an"
                             f"<br>VAN budgétaire {format_euros(-12_000.0, lang='fr', compact=True)}"
                             f" · socio-économique {format_euros(35_000.0, lang='fr', compact=True)}")
    assert hover.iloc[1].startswith("<b>Courriers</b><br>Option<br>")
    template = json.loads(matrix_figure(options, lang="fr").to_json())["data"][0]["hovertemplate"]
    assert "%{y:.1f}" in template and "%{x:.1f}" in template


def test_the_matrix_draws_every_option_up_to_its_limit() -> None:
    options = _options(6)

    assert portfolio_rows.matrix_rows(options, limit=6) is options


def test_beyond_its_limit_the_matrix_draws_each_proposals_recommended_option_keeping_row_labels() -> None:
    options = _options(6, **{"mx.rank": [4.0, 1.0, 2.0, 6.0, math.nan, 5.0]}).set_index(pd.Index([10, 11, 12, 13, 14, 15]))

    drawn = portfolio_rows.matrix_rows(options, limit=5)

    assert list(drawn.index) == [11, 12, 15]  # d0 -> rank 1, d1 -> rank 2, d2 -> rank 5 (a missing rank comes last)
    assert list(drawn["id"]) == ["d0", "d1", "d2"]


def test_when_proposals_outnumber_the_limit_the_best_ranked_are_drawn_in_row_order() -> None:
    options = _options(6, **{"mx.rank": [4.0, 1.0, 2.0, 6.0, math.nan, 5.0]})

    drawn = portfolio_rows.matrix_rows(options, limit=2)

    assert list(drawn.index) == [1, 2]


def _paged_rows() -> pd.DataFrame:
    return pd.DataFrame({
        "mx.rank": [3.0, 1.0, np.nan, 2.0, 1.0], "mx.value": [1.0, 4.0, 2.0, np.nan, 3.0],
        "title": pd.Categorical(["beta", "Alpha", "gamma", "alpha", "Delta"]), "gwp_kg": [5.0, 1.0, 3.0, 2.0, 4.0],
    }, index=[10, 11, 12, 13, 14])


def test_the_table_pages_keep_row_labels_and_the_last_page_is_short() -> None:
    rows = _paged_rows()

    assert portfolio_rows.page_count(rows, size=2) == 3
    assert list(portfolio_rows.page(rows, number=1, size=2).index) == [10, 11]
    assert list(portfolio_rows.page(rows, number=3, size=2).index) == [14]
    assert list(portfolio_rows.page(rows, number=9, size=2).index) == [14]  # beyond the last: the last
    assert list(portfolio_rows.page(rows, number=0, size=2).index) == [10, 11]
    assert portfolio_rows.page_count(rows.iloc[:0]) == 1


def test_the_table_order_covers_every_row_before_paging_ties_stable_and_missing_values_last() -> None:
    rows = _paged_rows()

    by_rank = portfolio_rows.page(rows, sort="rank", number=1, size=5)
    assert list(by_rank.index) == [11, 14, 13, 10, 12]  # rank 1 twice: the portfolio's order; NaN last
    assert list(portfolio_rows.page(rows, sort="rank", number=2, size=2).index) == [13, 10]
    assert list(portfolio_rows.page(rows, sort="value", size=5).index) == [11, 14, 12, 10, 13]  # highest first
    assert list(portfolio_rows.page(rows, sort="title", size=5).index) == [11, 13, 10, 14, 12]  # texts, any case
    assert list(rows.index) == [10, 11, 12, 13, 14]  # the cached rows are not reordered


def test_a_page_of_the_table_sends_only_its_own_texts_in_the_unit_of_every_shown_row(evaluated: pd.DataFrame) -> None:
    rows = build_rows(evaluated, lang="fr").rows
    first = portfolio_rows.page(rows, number=1, size=2)

    shown_table, symbol = table(first, unit_rows=rows)

    assert len(shown_table) == 2
    assert set(shown_table["title"].cat.categories) == set(first["title"].astype(str))
    assert symbol == gwp_unit(rows)[0]
