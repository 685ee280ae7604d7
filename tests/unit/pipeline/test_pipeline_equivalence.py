"""The fast paths give exactly what the slow, obvious ones give."""

from __future__ import annotations

import pandas as pd
import pytest

from evaluation.checklist import checklist_record, verdict_record
from evaluation.cli.synthetic import synthetic_proposals, synthetic_rows
from evaluation.exchange.files import load_proposals
from evaluation.exchange.flat import proposals_to_rows
from evaluation.finance import finance_record
from evaluation.footprint import footprint_record
from evaluation.matrix import matrix_record
from evaluation.pipeline.evaluate import build_context, evaluate_frame, evaluation_record, evaluation_records
from evaluation.table.build import frame_from_rows, options_frame
from tests.conftest import SAMPLE_PORTFOLIO


@pytest.fixture(scope="module")
def context(settings):
    return build_context(settings)


@pytest.fixture(scope="module", params=["samples", "synthetic"])
def proposals(request):
    if request.param == "samples":
        return load_proposals(SAMPLE_PORTFOLIO)
    return synthetic_proposals(300, seed=7)


def test_the_options_table_read_from_models_equals_the_one_built_from_flat_rows(proposals, settings):
    pd.testing.assert_frame_equal(options_frame(proposals, settings), frame_from_rows(proposals_to_rows(proposals), settings))


def test_synthetic_rows_equal_the_validated_synthetic_proposals(settings):
    pd.testing.assert_frame_equal(
        frame_from_rows(synthetic_rows(300, seed=3), settings), options_frame(synthetic_proposals(300, seed=3), settings))


def test_records_built_on_columns_equal_the_per_row_records(proposals, settings, context):
    frame = evaluate_frame(options_frame(proposals, settings), context).head(60)
    fast = evaluation_records(frame, context)
    slow = [evaluation_record(row, context) for row in frame.to_dict("records")]
    assert fast == slow
    assert len(fast) == len(frame)


def test_per_row_records_are_the_parts_of_the_whole_record(settings, context):
    frame = evaluate_frame(options_frame(load_proposals(SAMPLE_PORTFOLIO)[:2], settings), context)
    row = frame.to_dict("records")[1]
    record = evaluation_records(frame, context)[1]
    assert record["footprint"] == footprint_record(row)
    assert record["finance"] == finance_record(row)
    assert record["matrix"] == matrix_record(row)
    assert record["checklist"] == checklist_record(row, context.rules)
    assert record["verdict"] == verdict_record(row)


def test_evaluating_proposal_by_proposal_gives_the_portfolio_results(settings, context):
    """Batching EcoLogits calls per (model, zone) across a portfolio changes no figure."""
    proposals = synthetic_proposals(120, seed=11)
    whole = evaluate_frame(options_frame(proposals, settings), context)
    alone = pd.concat([evaluate_frame(options_frame([proposal], settings), context) for proposal in proposals],
                      ignore_index=True)
    compared = [column for column in whole.columns if column != "mx.rank"]
    pd.testing.assert_frame_equal(whole[compared], alone[compared], check_dtype=False, check_categorical=False,
                                  rtol=1e-9)
