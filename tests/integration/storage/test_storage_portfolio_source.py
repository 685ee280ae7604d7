"""What the dashboard's portfolio reads: the stored documents without pydantic, and a cheap version
that moves with every write the portfolio shows (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import Opinion, Outcome, Status
from evaluation.exchange.settings_file import load_settings
from evaluation.storage import PortfolioVersion, Repository
from evaluation.table.build import documents_frame, options_frame
from tests.support.proposals import full_proposal, full_proposal_data, sample_portfolio, small_proposal


def _empty_parts_proposal() -> Proposal:
    """Optional parts given empty: the model reads them as every default, the stored JSON keeps `{}`."""
    data = full_proposal_data("parties-vides")
    data["options"][3]["compute"] = {}
    data["options"][4]["training"] = {}
    return Proposal.model_validate(data)


def test_the_options_table_of_stored_documents_equals_the_one_of_validated_proposals(
        repository: Repository) -> None:
    repository.import_proposals([*sample_portfolio(), full_proposal(), _empty_parts_proposal()], actor="test")
    settings = load_settings()

    fast = documents_frame(repository.portfolio_source().documents, settings)

    expected = options_frame(repository.load_proposals(), settings)
    assert len(fast) == len(expected) > 60
    pd.testing.assert_frame_equal(fast, expected)


def test_the_portfolio_source_gives_documents_as_stored_with_their_workflow_columns(
        repository: Repository) -> None:
    repository.import_proposals([small_proposal("b-dossier"), small_proposal("a-dossier")], actor="porteur.a")
    repository.set_status("b-dossier", Status.SOUMIS, actor="porteur.a")

    source = repository.portfolio_source()

    assert [document["id"] for document in source.documents] == ["a-dossier", "b-dossier"]
    assert source.documents[0] == small_proposal("a-dossier").model_dump(mode="json", exclude_unset=True)
    assert source.workflow["id"] == ["a-dossier", "b-dossier"]
    assert source.workflow["status"] == ["brouillon", "soumis"]
    assert source.workflow["version"] == [1, 2]
    assert source.workflow["outcome"] == [None, None]
    assert source.workflow["updated_by"] == ["porteur.a", "porteur.a"]
    assert all(stamp.tzinfo is not None for stamp in source.workflow["updated_at"])
    summaries = {summary.id: summary for summary in repository.list_proposals()}
    assert source.workflow["updated_at"] == [summaries[pid].updated_at for pid in source.workflow["id"]]


def test_an_empty_database_has_an_empty_source_and_a_zero_version(repository: Repository) -> None:
    assert repository.portfolio_source().documents == []
    assert repository.portfolio_version() == PortfolioVersion(proposals=0, version_sum=0, updated_at=None,
                                                              settings=0)


def test_the_portfolio_version_changes_with_every_write_the_portfolio_shows(repository: Repository) -> None:
    seen = [repository.portfolio_version()]

    def changed() -> bool:
        seen.append(repository.portfolio_version())
        return seen[-1] != seen[-2]

    proposal = small_proposal("dossier")
    repository.save_proposal(proposal, actor="porteur.a", expected_version=None)
    assert changed()
    repository.save_proposal(proposal.model_copy(update={"title": "Autre titre"}), actor="porteur.a",
                             expected_version=1)
    assert changed()
    repository.import_proposals([small_proposal("autre")], actor="porteur.a")
    assert changed()
    repository.import_proposals([small_proposal("autre", title="Remplacé")], actor="porteur.a", replace=True)
    assert changed()
    repository.set_status("dossier", Status.EN_REVUE, actor="dsi")
    assert changed()
    repository.add_review("dossier", option="Avec IA", opinion=Opinion.FAVORABLE, actor="dsi",
                          status=Status.AVIS_RENDU)
    assert changed()
    repository.add_decision("dossier", outcome=Outcome.APPROUVE, motivation="Motivation suffisante.",
                            acknowledged=[], chosen_option="Avec IA", evaluation={}, settings={},
                            method_versions={}, actor="elu")
    assert changed()
    repository.copy_as_draft("dossier", new_id="dossier-v2", actor="porteur.a")
    assert changed()
    repository.save_settings(load_settings(), actor="admin", expected_version=None)
    assert changed()
    assert len(set(seen)) == len(seen)  # never back to an earlier value
    assert seen[-1].settings == 1 and seen[-2].settings == 0
    assert (seen[-1].proposals, seen[-1].version_sum) == (3, 5 + 2 + 1)  # dossier v5, autre v2, dossier-v2 v1


def test_writes_the_portfolio_does_not_show_keep_its_version(repository: Repository) -> None:
    repository.save_proposal(small_proposal("dossier"), actor="porteur.a", expected_version=None)
    before = repository.portfolio_version()

    repository.add_review("dossier", option="Avec IA", opinion=Opinion.FAVORABLE, actor="dsi")
    repository.create_user(login="lecteur", name="Lecteur", roles=["elu"], password_hash="x", actor="admin")
    repository.record_sign_in("lecteur", at=dt.datetime.now(dt.UTC))

    assert repository.portfolio_version() == before
    assert before.key.startswith("1.1.")
