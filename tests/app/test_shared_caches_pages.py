"""The caches of issue 18 never hide another server's write: the Dossier page's chooser (every proposal's
summary, cached per data version) shows on the next run a proposal stored or moved on by another
repository on the same database; the Portefeuille table shows one page of the shown rows at a time, in the
order chosen over all of them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from evaluation.config import database_url, get_config
from evaluation.domain.workflow import Status
from evaluation.exchange.files import load_proposals
from evaluation.storage import Repository, open_repository
from tests.app.forms_harness import DSI, SAMPLE_PORTFOLIO, open_page, repo
from ui.views.portfolio import rows as portfolio_rows

__all__ = ["repo"]

SAMPLE = load_proposals(SAMPLE_PORTFOLIO)


def _chooser_labels(at: AppTest) -> list[str]:
    return [str(option) for option in at.selectbox(key="pf.chooser").options]


def test_the_dossier_chooser_shows_what_another_server_stored_on_the_next_run(repo: Repository) -> None:
    repo.import_proposals(SAMPLE[:1], actor="porteur")
    at = open_page("proposal/page.py", user=DSI)
    assert [label for label in _chooser_labels(at) if SAMPLE[1].title in label] == []

    other = open_repository(database_url(get_config()))  # another dashboard server on the same database
    try:
        other.import_proposals(SAMPLE[1:2], actor="porteur")
        at.run()
        assert [label for label in _chooser_labels(at) if SAMPLE[1].title in label] == [
            f"{SAMPLE[1].title} · Brouillon"]

        other.set_status(SAMPLE[0].id, Status.SOUMIS, actor="porteur")
        at.run()
    finally:
        other.close()
    assert f"{SAMPLE[0].title} · Soumis" in _chooser_labels(at)
    assert f"{SAMPLE[0].title} · Brouillon" not in _chooser_labels(at)
    assert [exception.value for exception in at.exception] == []


def _ranks(at: AppTest) -> list[float]:
    return [float(rank) for rank in at.dataframe(key="pf_table").value["rank"]]


def test_the_portfolio_table_shows_a_page_of_rows_in_the_order_chosen_over_all_of_them(
        repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.import_proposals(SAMPLE, actor="porteur")
    monkeypatch.setattr(portfolio_rows, "PAGE_ROWS", 4)
    at = open_page("portfolio/page.py", user=DSI)
    options = sum(len(proposal.options) for proposal in SAMPLE)
    assert len(at.dataframe(key="pf_table").value) == 4
    assert len(at.selectbox(key="pf_page").options) == -(-options // 4)

    at.selectbox(key="pf_sort").select("rank").run()
    assert _ranks(at) == [1.0, 2.0, 3.0, 4.0]
    at.selectbox(key="pf_page").select(2).run()
    assert _ranks(at) == [5.0, 6.0, 7.0, 8.0]
    last = len(at.selectbox(key="pf_page").options)
    at.selectbox(key="pf_page").select(last).run()
    assert len(at.dataframe(key="pf_table").value) == options - 4 * (last - 1)
    assert [exception.value for exception in at.exception] == []
