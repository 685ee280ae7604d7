"""Every chart of the dashboard has its figures as a table (its text alternative, RGAA 1.3): ui.charts.figure_table
reads them from the figure itself, as its hover shows them."""

from __future__ import annotations

import ast

from evaluation.resources import ROOT
from ui import charts


def test_range_bars_give_one_row_per_bar_with_its_range() -> None:
    fig = charts.range_bars_figure(["Option A", "Option B"], [1000.0, 10.0], [3000.0, 20.0], quantity="gwp_kgco2eq",
                                   title="Émissions annuelles", axis_title="Émissions par an", lang="fr")
    table = charts.figure_table(fig, lang="fr")
    assert list(table.iloc[:, 0]) == ["Option A", "Option B"]
    assert table.columns[1].startswith("Émissions par an")
    cells = list(table.iloc[:, 1])
    assert "–" in cells[0] and "CO2e" in cells[0] and "CO2e" in cells[1]


def test_euro_bars_tell_the_range_too() -> None:
    fig = charts.range_bars_figure(["A"], [900.0], [1100.0], quantity=None, title="Coût", axis_title="Montant (€)",
                                   lang="fr")
    cell = str(charts.figure_table(fig, lang="fr").iloc[0, 1])
    assert "1 000" in cell.replace("\u202f", " ").replace("\u00a0", " ") and "900" in cell and "€" in cell


def test_a_radar_gives_one_row_per_criterion_and_one_column_per_option() -> None:
    fig = charts.radar_figure([("1. Sans IA", {"cout": 1.0, "usagers": 2.5}), ("2. API", {"cout": 3.0, "usagers": 4.0})],
                              [("cout", "Coût"), ("usagers", "Usagers")], lang="fr")
    table = charts.figure_table(fig, lang="fr")
    assert list(table.columns[1:]) == ["1. Sans IA", "2. API"]
    by_criterion = {row[0]: list(row[1:]) for row in table.itertuples(index=False)}
    assert by_criterion["Coût"] == ["1", "3"] and by_criterion["Usagers"] == ["2,5", "4"]


def test_every_chart_of_the_pages_draws_its_table_or_says_which_table_is_beside() -> None:
    """A call that skips the table (figures_beside=True) names, in a comment on its line, the table beside it."""
    skipped = []
    for path in sorted((ROOT / "ui" / "views").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "plotly":
                for keyword in node.keywords:
                    if keyword.arg == "figures_beside":
                        end = lines[(node.end_lineno or node.lineno) - 1]
                        skipped.append((path.name, "#" in end and "table" in end.lower()))
    assert skipped and all(commented for _, commented in skipped), skipped


def test_a_tornado_gives_each_input_its_npv_at_both_ends() -> None:
    import pandas as pd

    rows = pd.DataFrame({"input": ["adoption_rate", "hourly_cost"], "effect_rank": [1, 2],
                         "low_npv": [-5000.0, 1000.0], "high_npv": [20000.0, 9000.0]})
    fig = charts.tornado_figure(rows, lang="fr", base_npv=5000.0)
    table = charts.figure_table(fig, lang="fr")
    assert len(table) == 2 and len(table.columns) == 3
    cells = " ".join(str(cell) for cell in table.iloc[0, 1:]).replace("\u202f", " ").replace("\u00a0", " ")
    assert "5 000" in cells and "20 000" in cells and "€" in cells
