"""Import / export helpers: the refused-rows table, the import plan, files that read back."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest

from evaluation.domain.proposal import Proposal
from evaluation.exchange.errors import InvalidFileError
from evaluation.exchange.files import parse_proposals
from ui.views.import_export.files import (
    EXPORT_FORMATS,
    error_rows,
    export_name,
    import_plan,
    portfolio_file,
    results_file,
    template_file,
    template_proposals,
)


def test_a_refused_csv_gives_one_row_per_error_with_its_line() -> None:
    content = b"id,title,option.name,option.kind\nx,,a,genai_api\nBad Id,T,b,non_ai\n"
    with pytest.raises(InvalidFileError) as caught:
        parse_proposals(content, "dossiers.csv")
    rows = error_rows(caught.value.errors)
    assert [(row["line"], row["proposal"], row["option"], row["field"]) for row in rows] == [
        (2, "x", "", "title"), (2, "x", "a", ""), (3, "Bad Id", "", "id")]
    assert rows[0]["message"] == "champ obligatoire manquant"
    assert {row["file"] for row in rows} == {"dossiers.csv"}


def test_the_import_plan_refuses_stored_ids_unless_replacing(format_example: list[Proposal]) -> None:
    plan = import_plan(format_example, {"assistant-courriers": "brouillon"}, replace=False)
    assert [(item.id, item.options, item.action) for item in plan] == [("assistant-courriers", 4, "refuse")]
    assert import_plan(format_example, {"assistant-courriers": "brouillon"}, replace=True)[0].action == "replace"
    assert import_plan(format_example, {}, replace=False)[0].action == "create"


@pytest.mark.parametrize(("status", "action"), [("brouillon", "replace"), ("soumis", "in_review"),
                                                ("en_revue", "in_review"), ("avis_rendu", "in_review"),
                                                ("decide", "new_version")])
def test_the_import_plan_follows_the_repository_rule_for_each_status(format_example: list[Proposal], status: str,
                                                                     action: str) -> None:
    assert import_plan(format_example, {"assistant-courriers": status}, replace=True)[0].action == action


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_the_template_reads_back_as_the_format_example(fmt: str, format_example: list[Proposal]) -> None:
    """The template is the format example under an id of its own (`exemple-...`): a newcomer imports it into
    the demo database, whose sample portfolio holds `assistant-courriers`, without a collision."""
    expected = [p.model_copy(update={"id": f"exemple-{p.id}"}) for p in format_example]
    assert parse_proposals(template_file(fmt), f"modele.{fmt}") == expected
    assert template_proposals() == expected


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_an_exported_portfolio_imports_back_unchanged(fmt: str, format_example: list[Proposal]) -> None:
    assert parse_proposals(portfolio_file(format_example, fmt), f"x.{fmt}") == format_example


def test_results_are_written_as_json_and_csv() -> None:
    records = [{"proposal": "p", "option": "o", "finance": {"npv": 1.5}, "checklist": [{"id": "R-1", "status": "pass"}]}]
    assert orjson.loads(results_file(records, "json")) == records
    assert results_file(records, "csv").decode().splitlines() == [
        "proposal,option,finance.npv,checklist", "p,o,1.5,R-1=pass"]


def test_export_names_carry_the_date() -> None:
    assert export_name("dossiers", "xlsx", today=dt.date(2026, 11, 21)) == "jauge-dossiers-2026-11-21.xlsx"
