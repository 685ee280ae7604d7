"""The flat form of proposals (CSV, XLSX): one row per option, dotted column names.

Proposal fields keep their name (`id`, `title`, `governance.dpia`); option fields are prefixed
with `option.` (`option.name`, `option.usage.users`, `option.costs.annual.api`).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from evaluation.domain.option import Option
from evaluation.domain.proposal import Proposal
from evaluation.exchange.dotted_paths import set_dotted

OPTION_PREFIX = "option."

_TRUE = {"true", "vrai", "oui", "yes", "1", "x"}
_FALSE = {"false", "faux", "non", "no", "0", ""}
_DECIMAL_COMMA = re.compile(r"^-?\d+(?:\u202f?\d{3})*,\d+$")


def _leaf_type(annotation: Any) -> Any:
    """The non-None type of a field annotation (`float | None` -> float)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return args[0] if len(args) == 1 else str
    return annotation


def _columns_of(model: type[BaseModel], prefix: str) -> Iterator[tuple[str, Any]]:
    for name, info in model.model_fields.items():
        if name == "options":
            continue
        leaf = _leaf_type(info.annotation)
        if isinstance(leaf, type) and issubclass(leaf, BaseModel):
            yield from _columns_of(leaf, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", leaf


@cache
def proposal_columns() -> tuple[tuple[str, Any], ...]:
    """Every flat proposal column with its Python type, in the models' order."""
    return tuple(_columns_of(Proposal, ""))


@cache
def option_columns() -> tuple[tuple[str, Any], ...]:
    return tuple(_columns_of(Option, OPTION_PREFIX))


@cache
def column_types() -> dict[str, Any]:
    return dict(proposal_columns() + option_columns())


def all_columns() -> list[str]:
    return [name for name, _ in proposal_columns() + option_columns()]


def normalise_cell(column: str, value: Any) -> Any:
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


def rows_to_document(rows: Iterable[dict[str, Any]]) -> tuple[dict[str, Any], dict[tuple[int, int | None], int]]:
    """Group flat rows by proposal id into a `proposals:` document.

    Returns the document and the file row number (1-based, header = 1) of every proposal
    (key (i, None)) and option (key (i, j)). Unknown columns are kept so validation reports them.
    """
    proposals: list[dict[str, Any]] = []
    by_id: dict[str, int] = {}
    rows_of: dict[tuple[int, int | None], int] = {}
    for number, row in enumerate(rows, start=2):
        cells = {str(col).strip(): normalise_cell(str(col).strip(), val) for col, val in row.items() if col}
        if all(value is None for value in cells.values()):
            continue
        key = str(cells.get("id") or f"ligne-{number}")
        if key not in by_id:
            by_id[key] = len(proposals)
            proposal: dict[str, Any] = {}
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


def _flatten(data: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, value in data.items():
        if key == "options":
            continue
        if isinstance(value, dict):
            _flatten(value, f"{prefix}{key}.", out)
        else:
            out[f"{prefix}{key}"] = value


def proposals_to_rows(proposals: Iterable[Proposal], *, complete: bool = True) -> list[dict[str, Any]]:
    """One flat row per option (the proposal's columns repeated).

    With complete=False, columns absent from a row are left out (faster; a DataFrame fills them).
    """
    rows = []
    columns = all_columns()
    for proposal in proposals:
        for row in document_to_rows(proposal.model_dump(mode="json")):
            rows.append({column: row.get(column) for column in columns} if complete else row)
    return rows


def document_to_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Flat rows of one proposal document (a dict), holding only the keys it has."""
    head: dict[str, Any] = {}
    _flatten(document, "", head)
    rows = []
    for option in document.get("options", []):
        row = dict(head)
        _flatten(option, OPTION_PREFIX, row)
        rows.append(row)
    return rows
