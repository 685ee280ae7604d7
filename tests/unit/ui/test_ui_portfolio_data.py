"""The dashboard's evaluated portfolio, built from the stored documents, is the one the validated
proposals give, with each proposal's workflow columns (a temporary SQLite database)."""

from __future__ import annotations

import pandas as pd

from evaluation.domain.settings import Settings
from evaluation.domain.workflow import Status
from evaluation.exchange.files import load_proposals
from evaluation.pipeline.evaluate import build_context, evaluate_frame
from evaluation.storage import Repository
from evaluation.storage.stored import WORKFLOW_COLUMNS
from evaluation.table.build import options_frame
from tests.conftest import SAMPLE_PORTFOLIO
from ui.data import build_portfolio


def _workflow_value(summary: object, name: str) -> object:
    value = getattr(summary, name)
    return getattr(value, "value", value)


def test_the_portfolio_equals_the_evaluation_of_the_validated_proposals_with_their_workflow(
        repo: Repository, settings: Settings) -> None:
    repo.import_proposals(load_proposals(SAMPLE_PORTFOLIO), actor="porteur.a")
    repo.set_status("chatbot-rh", Status.SOUMIS, actor="porteur.a")
    context = build_context(settings)

    portfolio = build_portfolio(repo, context)

    expected = evaluate_frame(options_frame(repo.load_proposals(), settings), context)
    summaries = {summary.id: summary for summary in repo.list_proposals()}
    workflow = pd.DataFrame({name: [_workflow_value(summaries[pid], name) for pid in expected["id"]]
                             for name in WORKFLOW_COLUMNS}, index=expected.index)
    expected = pd.concat([expected.drop(columns=[c for c in WORKFLOW_COLUMNS if c in expected.columns]), workflow],
                         axis=1)
    pd.testing.assert_frame_equal(portfolio, expected)
    assert set(portfolio.loc[portfolio["id"] == "chatbot-rh", "status"]) == {"soumis"}
    assert set(portfolio.loc[portfolio["id"] == "chatbot-rh", "version"]) == {2}


def test_an_empty_database_gives_an_empty_portfolio(repo: Repository, settings: Settings) -> None:
    assert build_portfolio(repo, build_context(settings)).empty
