"""Reading and writing proposal files: YAML, JSON, CSV and XLSX, all or nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import orjson
import yaml
from pydantic import ValidationError

from evaluation.domain.proposal import Proposal, ProposalFile
from evaluation.exchange.documents import ProposalDocument, proposal_document
from evaluation.exchange.errors import FieldError, InvalidFileError, Locator, field_errors
from evaluation.exchange.flat import RawRow, all_columns, proposals_to_rows, rows_to_document
from evaluation.yaml_lines import YamlSyntaxError, line_index, line_of, parse_yaml

FORMATS = ("yaml", "json", "csv", "xlsx")


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
            file=file, message="le fichier doit contenir un dossier, une liste de dossiers ou une clé « proposals »")])
    try:
        return ProposalFile.model_validate(document).proposals
    except ValidationError as exc:
        raise InvalidFileError(field_errors(exc, file=file, raw=document, line_for=line_for, row_for=row_for)) from None


def _parse_yaml_or_json(text: str, *, file: str, fmt: str) -> list[Proposal]:
    try:
        raw = parse_yaml(text, source=file) if fmt == "yaml" else orjson.loads(text)
    except YamlSyntaxError as exc:
        raise InvalidFileError([FieldError(file=file, line=exc.line, message=f"YAML invalide : {exc.problem}")]) from None
    except orjson.JSONDecodeError as exc:
        raise InvalidFileError([FieldError(file=file, line=exc.lineno, message=f"JSON invalide : {exc.msg}")]) from None
    document, undo = _as_document(raw)
    index: dict[tuple[str | int, ...], int] = {}

    def line_for(loc: Sequence[str | int]) -> int | None:
        if not index:  # built only when an error must be located: JSON is YAML too, so one index serves both
            index.update(line_index(text))
        path = tuple(loc)
        if undo is not None and path[:1] == ("proposals",):
            path = path[2:] if undo == ("single",) else path[1:]
        return line_of(index, path)

    return _validate(document, file=file, line_for=line_for)


def _rows_from_csv(data: bytes) -> list[RawRow]:
    text = data.decode("utf-8-sig")
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.DictReader(io.StringIO(text), dialect=dialect))


def _rows_from_xlsx(data: bytes) -> list[RawRow]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.active
    if sheet is None:
        return []
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return []
    names = [str(cell).strip() if cell is not None else "" for cell in header]
    return [dict(zip(names, row, strict=False)) for row in rows]


def _parse_flat(rows: list[RawRow], *, file: str) -> list[Proposal]:
    document, rows_of = rows_to_document(rows)
    if not document["proposals"]:
        raise InvalidFileError([FieldError(file=file, message="le fichier ne contient aucune ligne de dossier")])

    def row_for(loc: Sequence[str | int]) -> int | None:
        if len(loc) >= 2 and loc[0] == "proposals" and isinstance(loc[1], int):
            if len(loc) >= 4 and loc[2] == "options" and isinstance(loc[3], int):
                return rows_of.get((loc[1], loc[3]))
            return rows_of.get((loc[1], None))
        return None

    return _validate(document, file=file, row_for=row_for)


def parse_proposals(data: bytes, filename: str) -> list[Proposal]:
    """Parse a whole file; raise InvalidFileError listing every error if anything is wrong."""
    fmt = format_of(filename)
    name = Path(filename).name
    if fmt in ("yaml", "json"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidFileError([FieldError(file=name, message="le fichier n'est pas encodé en UTF-8")]) from None
        return _parse_yaml_or_json(text, file=name, fmt=fmt)
    try:
        rows = _rows_from_csv(data) if fmt == "csv" else _rows_from_xlsx(data)
    except UnicodeDecodeError:
        raise InvalidFileError([FieldError(file=name, message="le fichier n'est pas encodé en UTF-8")]) from None
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise InvalidFileError([FieldError(file=name, message=f"classeur illisible ({type(exc).__name__})")]) from None
    return _parse_flat(rows, file=name)


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
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("dossiers")
        sheet.append(columns)
        for row in rows:
            sheet.append([row[column] for column in columns])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"format inconnu : {fmt}")
