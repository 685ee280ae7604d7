"""The flat form of proposals: dotted paths, the columns read from the models, rows of a document."""

from __future__ import annotations

from evaluation.exchange.dotted_paths import flatten
from evaluation.exchange.flat import all_columns, document_to_rows, flat_columns, part_markers


def test_flatten_names_every_leaf_by_its_dotted_path() -> None:
    data = {"id": "a", "usage": {"users": 3, "empty": {}}, "options": [1], "costs": {"annual": {"api": 2.0}}}
    assert flatten(data, skip="options") == {"id": "a", "usage.users": 3, "costs.annual.api": 2.0}
    assert flatten({"kind": "ml"}, "option.", into={"id": "a"}) == {"id": "a", "option.kind": "ml"}


def test_columns_carry_the_models_defaults_and_optional_parts() -> None:
    columns = {column.name: column for column in flat_columns()}
    assert list(columns) == all_columns()
    assert columns["category"].default == "autre"  # an enum's default as its JSON value
    assert columns["option.usage.days_per_year"].default == 210
    assert columns["option.usage.days_per_year"].part is None
    assert columns["option.compute.core_power_w"].part == "compute"
    assert columns["option.parameters.total_b"].default is None  # required within its part
    assert columns["id"].default is None and columns["option.kind"].default is None
    assert set(part_markers()) == {"compute", "training"}


def test_an_optional_part_given_as_a_mapping_reads_as_given() -> None:
    document = {"id": "a", "title": "A", "options": [
        {"name": "x", "kind": "ml", "compute": {}},
        {"name": "y", "kind": "ml", "compute": {"gpu": None}},
        {"name": "z", "kind": "ml"},
    ]}
    rows = document_to_rows(document)
    column, default = part_markers()["compute"]
    assert [row.get(column) for row in rows] == [default, default, None]
    assert all(row["id"] == "a" and row["title"] == "A" for row in rows)
