"""The flat form of proposals (CSV, XLSX and the options table): one row per option, dotted column names.

Proposal fields keep their name (`id`, `title`, `governance.dpia`); option fields are prefixed
with `option.` (`option.name`, `option.usage.users`, `option.costs.annual.api`). The columns, their
types and defaults are read from the models once.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, TypeAlias

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from evaluation.domain.option import Option
from evaluation.domain.proposal import Proposal
from evaluation.exchange.documents import Cell, FlatRow, ProposalDocument, complete_document
from evaluation.exchange.dotted_paths import flatten, set_dotted

OPTION_PREFIX = "option."

RawRow: TypeAlias = Mapping[str, object]
"""A row as a CSV or XLSX file gives it: column names to cells of any type (text, numbers, dates)."""

RowNumbers: TypeAlias = dict[tuple[int, int | None], int]
"""File row of every proposal (key (i, None)) and option (key (i, j)), 1-based with the header as 1."""

_TRUE = {"true", "vrai", "oui", "yes", "1", "x"}
_FALSE = {"false", "faux", "non", "no", "0", ""}
_DECIMAL_COMMA = re.compile(r"^-?\d+(?:\u202f?\d{3})*,\d+$")


@dataclass(frozen=True)
class FlatColumn:
    """One column of the flat form: its leaf type, its default and the optional part holding it."""

    name: str
    kind: type
    default: Cell
    part: str | None
    """`compute`, `training` or `parameters` for the columns of an optional option part, else None."""


def _leaf_type(annotation: Any) -> type:
    """The non-None type of a field annotation (`float | None` -> float)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return typing.cast(type, args[0]) if len(args) == 1 else str
    return typing.cast(type, annotation)


def _default(info: FieldInfo) -> Cell:
    """A leaf field's default as the JSON form holds it (enums as their value), None if required."""
    if info.is_required():
        return None
    value = info.get_default(call_default_factory=True)
    return typing.cast(Cell, value.value if isinstance(value, Enum) else value)


def _columns_of(model: type[BaseModel], prefix: str, part: str | None) -> Iterator[FlatColumn]:
    for name, info in model.model_fields.items():
        if name == "options":
            continue
        leaf = _leaf_type(info.annotation)
        if isinstance(leaf, type) and issubclass(leaf, BaseModel):
            optional = not info.is_required() and info.default is None  # `compute: Compute | None = None`
            yield from _columns_of(leaf, f"{prefix}{name}.", part or (name if optional else None))
        else:
            yield FlatColumn(f"{prefix}{name}", leaf, _default(info), part)


@cache
def flat_columns() -> tuple[FlatColumn, ...]:
    """Every flat column, proposal then option ones, in the models' order."""
    return (*_columns_of(Proposal, "", None), *_columns_of(Option, OPTION_PREFIX, None))


@cache
def column_types() -> dict[str, type]:
    return {column.name: column.kind for column in flat_columns()}


@cache
def _column_names() -> tuple[str, ...]:
    return tuple(column.name for column in flat_columns())


def all_columns() -> list[str]:
    return list(_column_names())


@cache
def part_markers() -> dict[str, tuple[str, Cell]]:
    """For each optional option part, its first column with a default (a number) and that default.

    A part given with no value (`compute: {}`) still means "every default of that part": its flat rows
    carry this one default so that the table sees the part as given.
    """
    markers: dict[str, tuple[str, Cell]] = {}
    for column in flat_columns():
        if column.part is not None and column.default is not None and column.part not in markers:
            markers[column.part] = (column.name, column.default)
    return markers


def normalise_cell(column: str, value: object) -> object:
    """Read a cell as its column's type would expect it: French booleans, decimal commas, blanks."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from a spreadsheet
        return None
    kind = column_types().get(column)
    if isinstance(value, str):
        text = value.strip()
        if kind is bool:
            lowered = text.lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return None if lowered == "" else False
            return text
        if text == "":
            return None
        if kind in (int, float) and _DECIMAL_COMMA.match(text):
            return text.replace("\u202f", "").replace(",", ".")
        return text
    return value


def rows_to_document(rows: Iterable[RawRow]) -> tuple[dict[str, list[ProposalDocument]], RowNumbers]:
    """Group flat rows (as a file gives them) by proposal id into a `proposals:` document.

    Returns the document and the file row of every proposal and option. Unknown columns are kept so
    validation reports them.
    """
    proposals: list[ProposalDocument] = []
    by_id: dict[str, int] = {}
    rows_of: RowNumbers = {}
    for number, row in enumerate(rows, start=2):
        cells = {str(col).strip(): normalise_cell(str(col).strip(), val) for col, val in row.items() if col}
        if all(value is None for value in cells.values()):
            continue
        key = str(cells.get("id") or f"ligne-{number}")
        if key not in by_id:
            by_id[key] = len(proposals)
            proposal: ProposalDocument = {}
            for column, value in cells.items():
                if not column.startswith(OPTION_PREFIX) and value is not None:
                    set_dotted(proposal, column, value)
            proposal["options"] = []
            proposals.append(proposal)
            rows_of[(by_id[key], None)] = number
        index = by_id[key]
        option: dict[str, Any] = {}
        for column, value in cells.items():
            if column.startswith(OPTION_PREFIX) and value is not None:
                set_dotted(option, column[len(OPTION_PREFIX):], value)
        if option:
            rows_of[(index, len(proposals[index]["options"]))] = number
            proposals[index]["options"].append(option)
    return {"proposals": proposals}, rows_of


def document_to_rows(document: Mapping[str, Any]) -> list[FlatRow]:
    """Flat rows of one proposal document, holding only the columns it gives.

    An optional part given as a mapping (even empty) gets its marker column (part_markers), so that a
    part given with every default reads as given.
    """
    head = flatten(document, skip="options")
    markers = part_markers()
    rows: list[FlatRow] = []
    for option in document.get("options", ()):
        row = flatten(option, OPTION_PREFIX, into=dict(head))
        for part, (column, default) in markers.items():
            if isinstance(option.get(part), dict) and row.get(column) is None:
                row[column] = default
        rows.append(row)
    return rows


def proposals_to_rows(proposals: Iterable[Proposal]) -> list[FlatRow]:
    """The complete flat rows of the flat files: one per option, every column (documents.complete_document)."""
    columns = _column_names()
    return [{column: row.get(column) for column in columns}
            for proposal in proposals for row in document_to_rows(complete_document(proposal))]
