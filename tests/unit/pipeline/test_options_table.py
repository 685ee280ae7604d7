"""The one options table builder: documents -> flat rows -> typed table, whatever the entry point."""

from __future__ import annotations

import math
from enum import Enum
from typing import Any

import pandas as pd
import pytest

from evaluation.cli.synthetic import synthetic_proposals, synthetic_rows
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.documents import proposal_document
from evaluation.exchange.files import load_proposals
from evaluation.exchange.flat import OPTION_PREFIX, flat_columns, proposals_to_rows
from evaluation.table.build import documents_frame, frame_from_rows, options_frame
from tests.conftest import SAMPLE_PORTFOLIO
from tests.support.proposals import full_proposal_data


def _with_parts(proposal_id: str, compute: dict[str, Any], training: dict[str, Any]) -> Proposal:
    """Optional parts given with few or no values: the model reads every other value as its default."""
    data = full_proposal_data(proposal_id)
    data["options"][3]["compute"] = compute
    data["options"][4]["training"] = training
    return Proposal.model_validate(data)


@pytest.fixture(scope="module", params=["samples", "synthetic", "parts"])
def proposals(request: pytest.FixtureRequest) -> list[Proposal]:
    if request.param == "samples":
        return load_proposals(SAMPLE_PORTFOLIO)
    if request.param == "synthetic":
        return synthetic_proposals(300, seed=7)
    return [_with_parts("parties-vides", {}, {}), _with_parts("parties-nulles", {"gpu": None}, {"gpu": None})]


def _model_value(model: Any, dotted: str) -> Any:
    """The value at a dotted path of a model, the obvious way; None under an optional part left out."""
    value = model
    for name in dotted.split("."):
        if value is None:
            return None
        value = getattr(value, name)
    return value.value if isinstance(value, Enum) else value


def _same(table_value: Any, model_value: Any) -> bool:
    if model_value is None:
        return table_value is None or (isinstance(table_value, float) and math.isnan(table_value))
    return bool(table_value == model_value)


def test_the_table_holds_every_value_the_validated_models_hold(proposals: list[Proposal], settings: Settings) -> None:
    frame = options_frame(proposals, settings)
    rows = iter(frame.to_dict("records"))
    for proposal in proposals:
        for index, option in enumerate(proposal.options):
            row = next(rows)
            assert row["option_index"] == index
            for column in flat_columns():
                name = column.name
                source, path = (option, name.removeprefix(OPTION_PREFIX)) if name.startswith(OPTION_PREFIX) else (
                    proposal, name)
                assert _same(row[name], _model_value(source, path)), (proposal.id, option.name, name)


def test_stored_documents_give_the_table_of_the_validated_proposals(proposals: list[Proposal], settings: Settings) -> None:
    pd.testing.assert_frame_equal(documents_frame([proposal_document(p) for p in proposals], settings),
                                  options_frame(proposals, settings))


def test_the_complete_rows_of_the_flat_files_give_the_same_table(proposals: list[Proposal], settings: Settings) -> None:
    pd.testing.assert_frame_equal(frame_from_rows(proposals_to_rows(proposals), settings),
                                  options_frame(proposals, settings))


def test_synthetic_rows_equal_the_validated_synthetic_proposals(settings: Settings) -> None:
    pd.testing.assert_frame_equal(
        frame_from_rows(synthetic_rows(300, seed=3), settings), options_frame(synthetic_proposals(300, seed=3), settings))


def test_an_empty_portfolio_has_an_empty_table_with_every_column(settings: Settings) -> None:
    frame = documents_frame([], settings)
    assert frame.empty
    assert [column.name for column in flat_columns()] == list(frame.columns[:len(flat_columns())])
