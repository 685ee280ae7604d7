"""Issue 19's attacks on the file parsers, one test each: what crashed, exhausted or fooled them is refused
with a French message that says where (items 1, 2, 5 and 9)."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from evaluation.domain.proposal import Proposal
from evaluation.exchange import spreadsheets
from evaluation.exchange.errors import FieldError, InvalidFileError
from evaluation.exchange.files import dump_proposals, parse_proposals
from evaluation.yaml_lines import MAX_DEPTH, parse_yaml
from tests.support.proposals import full_proposal_data

NESTED = b"[" * 100_000 + b"]" * 100_000  # 200 KB: crashed the server with SIGSEGV (libyaml recursion)


def alias_bomb() -> bytes:
    """Ten anchors, each nine references to the previous: 9^10 nodes once expanded (2.9 GB in 60 s)."""
    lines = ["a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def refusal(data: bytes, name: str) -> list[FieldError]:
    with pytest.raises(InvalidFileError) as refused:
        parse_proposals(data, name)
    return refused.value.errors


def only(data: bytes, name: str) -> FieldError:
    errors = refusal(data, name)
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize("name", ["nested.yaml", "nested.json"])
def test_deep_nesting_is_refused_before_any_parser_recurses(name: str) -> None:
    error = only(NESTED, name)
    assert "imbrication trop profonde" in error.message and str(MAX_DEPTH) in error.message
    assert (error.line, error.column) == (1, MAX_DEPTH + 1)


def test_deep_nesting_in_block_style_is_refused_too() -> None:
    text = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(200)) + "  " * 200 + "x: 1\n"
    error = only(text.encode(), "deep.yaml")
    assert "imbrication trop profonde" in error.message and error.line == MAX_DEPTH + 1


def test_an_alias_bomb_is_refused_in_little_memory() -> None:
    bomb = alias_bomb()
    assert len(bomb) < 500
    tracemalloc.start()
    error = only(bomb, "bomb.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "trop de références (alias « * »)" in error.message
    assert error.line is not None and error.column is not None
    assert peak < 5 * 2**20


def test_a_few_aliases_still_work() -> None:
    data = full_proposal_data("ancres")
    text = dump_proposals([Proposal.model_validate(data)], "yaml").decode()
    text = text.replace("  governance:", "  governance: &gouvernance", 1)
    assert parse_proposals(text.encode(), "ancres.yaml")[0].id == "ancres"
    assert parse_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize(("name", "text"), [
    ("digits.yaml", "proposals:\n- id: x\n  title: " + "9" * 100_000 + "\n"),
    ("digits.json", '{"proposals": [{"id": "x", "title": ' + "9" * 100_000 + "}]}"),
])
def test_a_number_of_100000_digits_is_refused_without_a_traceback(name: str, text: str) -> None:
    error = only(text.encode(), name)
    assert "nombre trop long" in error.message and (error.line, error.column) == (
        (3, 10) if name.endswith("yaml") else (1, 37))


@pytest.mark.parametrize(("name", "text", "line"), [
    ("twice.yaml", "proposals: []\nproposals: []\n", 2),
    ("twice.json", '{"proposals": [],\n "proposals": []}', 2),
    ("inner.yaml", "proposals:\n- id: a\n  id: b\n", 3),
])
def test_a_key_given_twice_is_refused(name: str, text: str, line: int) -> None:
    error = only(text.encode(), name)
    assert "en double" in error.message and error.line == line


@pytest.mark.parametrize(("name", "text"), [
    ("liste.json", "[]"), ("liste.yaml", "[]"), ("vide.yaml", "proposals: []"), ("vide.json", '{"proposals": []}'),
])
def test_a_file_without_any_proposal_is_refused(name: str, text: str) -> None:
    error = only(text.encode(), name)
    assert error.message == "le fichier ne contient aucun dossier" and error.line == 1


@pytest.mark.parametrize(("name", "text"), [("vide.yaml", ""), ("vide.yaml", "# rien\n"), ("null.json", "null")])
def test_an_empty_file_is_refused(name: str, text: str) -> None:
    error = only(text.encode(), name)
    assert error.message in ("le fichier est vide", "le fichier doit contenir un dossier, une liste de dossiers "
                                                    "ou une clé « proposals »")
    assert error.line == 1


def test_an_empty_top_level_key_is_refused() -> None:
    error = refusal(b'{"proposals": [{"id": "x"}],\n "": 1}', "cle.json")[0]
    assert "clé vide" in error.message and error.line == 2


@pytest.mark.parametrize(("name", "data", "message", "where"), [
    ("nul.yaml", b"proposals:\n- id: a\x00b\n", "caractère de contrôle interdit", (2, 8)),
    ("nul.json", b'{"proposals":\n [{"id": "a\x00b"}]}', "caractère de contrôle interdit", (2, 12)),
    ("nul.csv", b"id,title\nx,a\x00b\n", "caractère nul", (2, 4)),
    ("latin1.yaml", "proposals:\n- id: café\n".encode("latin-1"), "pas encodé en UTF-8", (2, 10)),
    ("latin1.csv", "id,title\nx,café\n".encode("latin-1"), "pas encodé en UTF-8", (2, 6)),
    ("inf.json", b'{"proposals": [{"id": "x", "users": Infinity}]}', "« Infinity » n'est pas un nombre", (1, 37)),
    ("nan.json", b'{"proposals": [NaN]}', "« NaN » n'est pas un nombre", (1, 16)),
    ("surrogate.json", b'{"proposals": [{"id": "\\ud800"}]}', "demi-paire de substitution", (1, 24)),
    ("syntax.json", b'{"proposals": [1,]}', "valeur attendue", (1, 18)),
    ("syntax.yaml", b"proposals:\n  - id: [a\n", "« , » ou « ] » attendu", (3, 1)),
    ("tab.yaml", b"proposals:\n\t- id: a\n", "caractère inattendu", (2, 1)),
    ("date.yaml", b"proposals:\n- id: a\n  decided: 2026-13-45\n", "date « 2026-13-45 » inexistante", (3, 12)),
    ("tag.yaml", b"proposals: !!python/object/apply:os.system [ls]\n", "étiquette YAML non autorisée", (1, 12)),
])
def test_every_parser_error_is_french_with_its_line_and_column(name: str, data: bytes, message: str,
                                                               where: tuple[int, int]) -> None:
    error = only(data, name)
    assert message in error.message, error.message
    assert (error.line if error.line is not None else error.row, error.column) == where
    assert f"ligne {where[0]}, colonne {where[1]}" in error.describe()


@pytest.mark.parametrize(("csv", "message"), [
    (b"id,title,id\nx,y,z\n", "colonne « id » en double (colonnes 1 et 3)"),
    (b"id,title\nx,y,en trop\n", "valeur hors des colonnes"),
    (b"id,,title\nx,perdu,y\n", "valeur dans une colonne sans nom"),
])
def test_a_csv_whose_columns_would_lose_or_mix_values_is_refused(csv: bytes, message: str) -> None:
    error = only(csv, "colonnes.csv")
    assert message in error.message and error.row is not None and error.column is not None


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_UNPACKED_BYTES", 1_000_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 2_000_000)
    assert len(out.getvalue()) < 10_000
    assert "classeur trop volumineux une fois décompressé" in only(out.getvalue(), "bombe.xlsx").message


def test_a_file_over_the_size_limit_is_refused_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    from evaluation.exchange import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    assert "fichier trop volumineux" in only(b"#" * 1001, "gros.yaml").message
