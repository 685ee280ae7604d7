"""The records built column by column: per-row readers and proposal-by-proposal runs agree with them."""

from __future__ import annotations

import pandas as pd
import pytest

from evaluation.checklist import checklist_record, verdict_record
from evaluation.cli.synthetic import synthetic_proposals
from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.files import load_proposals
from evaluation.finance import finance_record
from evaluation.footprint import footprint_record
from evaluation.matrix import matrix_record
from evaluation.pipeline.evaluate import Context, build_context, evaluate_frame, evaluation_records
from evaluation.table.build import options_frame
from tests.conftest import SAMPLE_PORTFOLIO
from tests.support.rows import records_of


@pytest.fixture(scope="module")
def engine_context(settings: Settings) -> Context:
    return build_context(settings)


@pytest.fixture(scope="module", params=["samples", "synthetic"])
def proposals(request: pytest.FixtureRequest) -> list[Proposal]:
    if request.param == "samples":
        return load_proposals(SAMPLE_PORTFOLIO)
    return synthetic_proposals(300, seed=7)


def test_per_row_records_are_the_parts_of_the_whole_record(proposals: list[Proposal], settings: Settings, engine_context: Context) -> None:
    """A row read alone (as the dashboard reads one option) gives the record the whole table gives."""
    frame = evaluate_frame(options_frame(proposals, settings), engine_context).head(30)
    records = evaluation_records(frame, engine_context)
    assert len(records) == len(frame)
    for row, record in zip(records_of(frame), records, strict=True):
        assert (record["proposal"], record["option"], record["kind"]) == (
            row["id"], row["option.name"], row["option.kind"])
        assert record["footprint"] == footprint_record(row)
        assert record["finance"] == finance_record(row)
        assert record["matrix"] == matrix_record(row)
        assert record["checklist"] == checklist_record(row, engine_context.rules)
        assert record["verdict"] == verdict_record(row)


def test_evaluating_proposal_by_proposal_gives_the_portfolio_results(settings: Settings, engine_context: Context) -> None:
    """Batching EcoLogits calls per (model, zone) across a portfolio changes no figure."""
    proposals = synthetic_proposals(120, seed=11)
    whole = evaluate_frame(options_frame(proposals, settings), engine_context)
    alone = pd.concat([evaluate_frame(options_frame([proposal], settings), engine_context) for proposal in proposals],
                      ignore_index=True)
    compared = [column for column in whole.columns if column != "mx.rank"]
    pd.testing.assert_frame_equal(whole[compared], alone[compared], check_dtype=False, check_categorical=False,
                                  rtol=1e-9)
