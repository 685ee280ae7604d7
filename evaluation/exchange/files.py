"""Reading and writing proposal files: YAML, JSON, CSV and XLSX, all or nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson
import yaml
from pydantic import ValidationError

from evaluation.domain.proposal import Proposal, ProposalFile
from evaluation.exchange.documents import ProposalDocument, proposal_document
from evaluation.exchange.errors import FieldError, InvalidFileError, Locator, field_errors
from evaluation.exchange.flat import RawRow, all_columns, proposals_to_rows, rows_to_document
from evaluation.exchange.json_text import JsonRefused, parse_json
from evaluation.exchange.spreadsheets import (
    MAX_FILE_BYTES,
    FileRefused,
    decode_utf8,
    rows_from_csv,
    rows_from_xlsx,
    write_csv,
    write_xlsx,
)
from evaluation.yaml_lines import YamlSyntaxError, line_index, line_of, parse_yaml

FORMATS = ("yaml", "json", "csv", "xlsx")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def format_of(filename: str) -> str:
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix == "yml":
        return "yaml"
    if suffix in FORMATS:
        return suffix
    raise InvalidFileError([FieldError(
        file=filename, message="extension non reconnue : le fichier doit être .yaml, .yml, .json, .csv ou .xlsx")])


def _as_document(raw: object) -> tuple[object, tuple[str | int, ...] | None]:
    """Normalise a list or single mapping to `{proposals: [...]}`; returns the prefix to undo it."""
    if isinstance(raw, dict) and "proposals" in raw:
        return raw, None
    if isinstance(raw, list):
        return {"proposals": raw}, ()
    if isinstance(raw, dict):
        return {"proposals": [raw]}, ("single",)
    return raw, None


def _validate(document: object, *, file: str, line_for: Locator | None = None,
              row_for: Locator | None = None) -> list[Proposal]:
    if not isinstance(document, dict):
        raise InvalidFileError([FieldError(
            file=file, line=1, message="le fichier doit contenir un dossier, une liste de dossiers ou une clé "
                                       "« proposals »")])
    empty = [key for key in document if not isinstance(key, str) or not key.strip()]
    if empty:
        raise InvalidFileError([FieldError(file=file, line=line_for((str(key),)) if line_for else 1,
                                           message="clé vide ou qui n'est pas un texte au premier niveau du "
                                                   "fichier") for key in empty])
    if isinstance(document.get("proposals"), list) and not document["proposals"]:
        raise InvalidFileError([FieldError(file=file, line=line_for(("proposals",)) if line_for else 1,
                                           field="proposals", message="le fichier ne contient aucun dossier")])
    try:
        return ProposalFile.model_validate(document).proposals
    except ValidationError as exc:
        raise InvalidFileError(field_errors(exc, file=file, raw=document, line_for=line_for, row_for=row_for)) from None


def _parse_yaml_or_json(text: str, *, file: str, fmt: str) -> list[Proposal]:
    try:
        raw = parse_yaml(text, source=file) if fmt == "yaml" else parse_json(text)
    except YamlSyntaxError as exc:
        raise InvalidFileError([FieldError(file=file, line=exc.line, column=exc.column,
                                           message=f"YAML invalide : {exc.problem}")]) from None
    except JsonRefused as exc:
        raise InvalidFileError([FieldError(file=file, line=exc.line, column=exc.column,
                                           message=f"JSON invalide : {exc.problem}")]) from None
    if raw is None:
        raise InvalidFileError([FieldError(file=file, line=1, message="le fichier est vide")])
    document, undo = _as_document(raw)
    index: dict[tuple[str | int, ...], int] = {}

    def line_for(loc: Sequence[str | int]) -> int | None:
        if not index:  # built only when an error must be located: JSON is YAML too, so one index serves both
            # (YAML refuses the surrogate escapes JSON writes for emoji: same length, same lines without them)
            index.update(line_index(_SURROGATE_ESCAPE.sub(r"\\u0041", text) if fmt == "json" else text))
        path = tuple(loc)
        if undo is not None and path[:1] == ("proposals",):
            path = path[2:] if undo == ("single",) else path[1:]
        return line_of(index, path) or 1  # a text YAML cannot index (rare JSON): its first line

    return _validate(document, file=file, line_for=line_for)


def _parse_flat(rows: list[RawRow], *, file: str) -> list[Proposal]:
    document, rows_of = rows_to_document(rows)
    if not document["proposals"]:
        raise InvalidFileError([FieldError(file=file, row=2, message="le fichier ne contient aucune ligne de dossier")])

    def row_for(loc: Sequence[str | int]) -> int | None:
        if len(loc) >= 2 and loc[0] == "proposals" and isinstance(loc[1], int):
            if len(loc) >= 4 and loc[2] == "options" and isinstance(loc[3], int):
                return rows_of.get((loc[1], loc[3]))
            return rows_of.get((loc[1], None))
        return None

    return _validate(document, file=file, row_for=row_for)


def parse_proposals(data: bytes, filename: str) -> list[Proposal]:
    """Parse a whole file; raise InvalidFileError listing every error if anything is wrong. No file can
    crash or exhaust the process (yaml_lines, json_text, spreadsheets: limits on size, depth, aliases and
    numbers), and every refusal is in French with its line (or row) and, for syntax, its column."""
    fmt = format_of(filename)
    name = Path(filename).name
    if len(data) > MAX_FILE_BYTES:
        raise InvalidFileError([FieldError(file=name, line=1, message=f"fichier trop volumineux (plus de "
                                                                      f"{MAX_FILE_BYTES // 2**20} Mio)")])
    readers: dict[str, Callable[[bytes], str | list[RawRow]]] = {
        "yaml": decode_utf8, "json": decode_utf8, "csv": rows_from_csv, "xlsx": rows_from_xlsx}
    try:
        content = readers[fmt](data)
    except FileRefused as exc:
        raise InvalidFileError([FieldError(file=name, line=exc.line, row=exc.row, column=exc.column,
                                           message=exc.problem)]) from None
    if isinstance(content, str):
        return _parse_yaml_or_json(content, file=name, fmt=fmt)
    return _parse_flat(content, file=name)


def load_proposals(path: Path) -> list[Proposal]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidFileError([FieldError(file=str(path), message=f"fichier illisible ({exc.strerror})")]) from None
    return parse_proposals(data, str(path))


def proposals_document(proposals: Sequence[Proposal]) -> dict[str, list[ProposalDocument]]:
    """The `proposals:` document of a JSON or YAML file (documents.proposal_document of each)."""
    return {"proposals": [proposal_document(proposal) for proposal in proposals]}


def dump_proposals(proposals: Sequence[Proposal], fmt: str) -> bytes:
    """Serialise proposals in one of FORMATS; what this writes, parse_proposals reads back."""
    if fmt == "json":
        return orjson.dumps(proposals_document(proposals), option=orjson.OPT_INDENT_2)
    if fmt == "yaml":
        return yaml.safe_dump(proposals_document(proposals), allow_unicode=True, sort_keys=False).encode()
    rows = proposals_to_rows(proposals)
    columns = all_columns()
    if fmt == "csv":
        return write_csv(columns, rows)
    if fmt == "xlsx":
        return write_xlsx("dossiers", columns, rows)
    raise ValueError(f"format inconnu : {fmt}")
