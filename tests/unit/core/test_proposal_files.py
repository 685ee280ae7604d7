"""Proposal files in the four formats: round trips, and whole-file refusals that list every error."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from evaluation.domain.proposal import Proposal
from evaluation.exchange.errors import InvalidFileError
from evaluation.exchange.files import FORMATS, dump_proposals, parse_proposals


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back_what_it_writes(format_example: list[Proposal], fmt: str) -> None:
    data = dump_proposals(format_example, fmt)
    assert parse_proposals(data, f"dossiers.{fmt}") == format_example


def test_a_single_proposal_mapping_is_accepted(format_example: list[Proposal]) -> None:
    import yaml

    single = yaml.safe_dump(format_example[0].model_dump(mode="json"), allow_unicode=True)
    assert parse_proposals(single.encode(), "un.yaml") == format_example


def test_a_json_list_of_proposals_is_accepted(format_example: list[Proposal]) -> None:
    import orjson

    data = orjson.dumps([p.model_dump(mode="json") for p in format_example])
    assert parse_proposals(data, "liste.json") == format_example


def test_a_bad_yaml_file_lists_every_error_with_its_line(format_example_path: Path) -> None:
    text = format_example_path.read_text(encoding="utf-8")
    text = text.replace("usage: {users: 12}", "usage: {users: -3}", 1)
    text = text.replace("dpia: done", "dpia: fait")
    with pytest.raises(InvalidFileError) as info:
        parse_proposals(text.encode(), "mauvais.yaml")
    described = [error.describe() for error in info.value.errors]
    assert described == [
        "mauvais.yaml, ligne 14, dossier « assistant-courriers », champ « governance.dpia » : "
        "valeur « fait » non reconnue ; valeurs possibles : 'none', 'planned' ou 'done'",
        "mauvais.yaml, ligne 21, dossier « assistant-courriers », option « Modèles de courriers (sans IA) », "
        "champ « usage.users » : doit être supérieur ou égal à 0 (valeur reçue : -3)",
    ]


def test_a_yaml_syntax_error_gives_its_line() -> None:
    with pytest.raises(InvalidFileError) as info:
        parse_proposals(b"proposals:\n  - id: a\n    title: [unclosed\n", "casse.yaml")
    [error] = info.value.errors
    assert error.line is not None and error.message.startswith("YAML invalide")


def test_a_json_syntax_error_gives_its_line() -> None:
    with pytest.raises(InvalidFileError) as info:
        parse_proposals(b'{"proposals": [\n  {"id": "a",}\n]}', "casse.json")
    [error] = info.value.errors
    assert error.line == 2 and error.message.startswith("JSON invalide")


def test_a_bad_csv_row_names_its_row_and_field(format_example: list[Proposal]) -> None:
    rows = list(csv.DictReader(io.StringIO(dump_proposals(format_example, "csv").decode())))
    rows[1]["option.model"] = ""
    rows[0]["option.usage.users"] = "douze"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    with pytest.raises(InvalidFileError) as info:
        parse_proposals(buffer.getvalue().encode(), "dossiers.csv")
    assert [(e.row, e.option, e.field) for e in info.value.errors] == [
        (2, "Modèles de courriers (sans IA)", "usage.users"),
        (3, "Mistral Small par API", None),
    ]
    assert info.value.errors[0].message == "doit être un nombre entier"


def test_csv_accepts_semicolons_french_decimals_and_booleans() -> None:
    text = (
        "id;title;governance.personal_data;option.name;option.kind;option.benefits.adoption_rate\n"
        "courriels;Tri des courriels;oui;Règles;non_ai;0,8\n"
        "courriels;;;Automate;rules;1\n"
    )
    [proposal] = parse_proposals(text.encode(), "export-tableur.csv")
    assert proposal.governance.personal_data is True
    assert proposal.options[0].benefits.adoption_rate == 0.8
    assert [option.name for option in proposal.options] == ["Règles", "Automate"]


def test_an_xlsx_cell_of_the_wrong_type_is_reported(format_example: list[Proposal]) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(dump_proposals(format_example, "xlsx")))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=header.index("option.zone") + 1, value="Paris")
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(InvalidFileError) as info:
        parse_proposals(out.getvalue(), "dossiers.xlsx")
    [error] = info.value.errors
    assert (error.row, error.field) == (3, "zone")


def test_an_unknown_extension_is_refused() -> None:
    with pytest.raises(InvalidFileError) as info:
        parse_proposals(b"", "dossiers.txt")
    assert "extension non reconnue" in str(info.value)


def test_a_broken_workbook_is_refused_without_a_traceback() -> None:
    with pytest.raises(InvalidFileError) as info:
        parse_proposals(b"not a zip", "dossiers.xlsx")
    assert "classeur illisible" in str(info.value)


def test_a_file_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(InvalidFileError) as info:
        parse_proposals("id: été".encode("latin-1"), "dossiers.yaml")
    assert "UTF-8" in str(info.value)


def test_json_and_yaml_files_keep_what_was_given_and_nothing_else(format_example: list[Proposal]) -> None:
    """The one dump policy (documents.proposal_document): a value given equal to its default stays, a
    field not given is not written, so a default changed later applies to it."""
    import orjson

    [written] = orjson.loads(dump_proposals(format_example, "json"))["proposals"][:1]
    api = written["options"][1]
    assert api["costs"]["annual"]["licences"] == 0
    assert "days_per_year" not in written["options"][0].get("usage", {})
    assert "sensitive_data" not in written["governance"]


def test_flat_files_keep_an_optional_part_given_with_every_default(format_example: list[Proposal]) -> None:
    """CSV and XLSX write every value (documents.complete_document): a blank cell means "not given"."""
    from evaluation.domain.option import Compute

    option = format_example[0].options[0].model_copy(update={"compute": Compute()})
    proposal = format_example[0].model_copy(update={"options": [option, *format_example[0].options[1:]]})
    for fmt in ("csv", "xlsx"):
        [read] = parse_proposals(dump_proposals([proposal], fmt), f"dossiers.{fmt}")
        assert read.options[0].compute == Compute()
