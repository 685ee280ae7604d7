"""What the readers of actual usage files share: decoding, located errors, numbers and dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from evaluation.exchange.errors import FieldError, InvalidFileError

MAX_ROWS = 200_000  # periods in one file


@dataclass
class Problems:
    """The located French errors found in one file; raised together, so the file is refused whole."""

    file: str
    errors: list[FieldError] = field(default_factory=list)

    def add(self, message: str, *, row: int | None = None, line: int | None = None, field: str | None = None) -> None:
        if len(self.errors) < 200:
            self.errors.append(FieldError(file=self.file, message=message, row=row, line=line, field=field))

    def raise_any(self) -> None:
        if self.errors:
            raise InvalidFileError(self.errors)


def refuse(file: str, message: str) -> InvalidFileError:
    return InvalidFileError([FieldError(file=file, message=message)])


def decode(file: str, content: bytes) -> str:
    """UTF-8 text (a byte order mark is dropped), else a French refusal."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(file, f"le fichier n'est pas en UTF-8 (octet {exc.start + 1})") from None


def csv_rows(file: str, text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]], str]:
    """The header, the rows with their line numbers (the header is line 1) and the delimiter: `,`, or `;`
    when the header holds `;` and no `,` (a spreadsheet saved in French, decimal commas then allowed)."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise refuse(file, "le fichier est vide") from None

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            yield reader.line_num, dict(zip(header, (cell.strip() for cell in cells), strict=False))

    return header, rows(), delimiter


def number(text: str, *, decimal_comma: bool) -> float:
    """A finite number written with a dot (or a comma in a `;` file); ValueError otherwise."""
    value = float(text.replace(",", ".") if decimal_comma else text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def whole(value: Any) -> int:
    """A non-negative whole number given as a JSON number or a text; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number_value = value
    elif isinstance(value, float) and value.is_integer():
        number_value = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number_value = int(value.strip())
    else:
        raise ValueError(value)
    if number_value < 0:
        raise ValueError(value)
    return number_value


def utc(moment: dt.datetime) -> dt.datetime:
    """An aware UTC datetime (a naive one is taken as UTC)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def rfc3339(text: Any) -> dt.datetime:
    """A datetime written as RFC 3339 (`2026-01-05T00:00:00Z`); ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError(text)
    return utc(dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
