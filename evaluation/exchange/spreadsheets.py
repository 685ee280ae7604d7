"""CSV and XLSX files: reading their rows without letting a file crash or exhaust the process, and
writing them with cells that cannot run (csv_cells.py).

Reading refuses, in French with the row (or line and column): a file larger than MAX_FILE_BYTES, text
that is not UTF-8, a NUL character, a workbook that unpacks to more than MAX_XLSX_UNPACKED_BYTES, two
columns of the same name, values under a column without a name, and more cells in a row than there are
columns (they were dropped silently).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from evaluation.exchange.csv_cells import neutralised, restored
from evaluation.exchange.flat import RawRow

MAX_FILE_BYTES = 128 * 2**20
"""An imported file's size (128 Mio: 20,000 proposals take 58 Mo in YAML, 80 Mo in JSON)."""
MAX_XLSX_UNPACKED_BYTES = 1024 * 2**20
"""What a workbook's parts may unpack to (a ZIP bomb of a few Ko unpacks to gigabytes)."""
_CSV_PROBLEMS = (
    ("field larger than field limit", f"cellule trop longue (plus de {csv.field_size_limit():,} caractères)"
     .replace(",", "\u202f")),
    ("unexpected end of data", "fin de fichier dans une cellule entre guillemets (guillemet non fermé)"),
    ("new-line character seen in unquoted field", "retour à la ligne isolé dans une cellule sans guillemets"),
    ("line contains NUL", "caractère nul (octet 0) interdit"),
)


class FileRefused(ValueError):
    """A file refused before validation: the French problem and where (line and column of the text, or row
    of the table, 1-based)."""

    def __init__(self, problem: str, *, line: int | None = None, row: int | None = None,
                 column: int | None = None) -> None:
        self.problem, self.line, self.row, self.column = problem, line, row, column
        super().__init__(problem)


def _text_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def decode_utf8(data: bytes) -> str:
    """The text of a file (its byte order mark removed); FileRefused at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _text_position(data, exc.start)
        raise FileRefused(f"le fichier n'est pas encodé en UTF-8 (octet 0x{data[exc.start]:02X} illisible ; "
                          f"enregistrez-le en « UTF-8 »)", line=line, column=column) from None


def _named(header: Sequence[object]) -> list[str]:
    """The header's names, stripped; FileRefused when a name appears twice."""
    names = [str(cell).strip() if cell is not None else "" for cell in header]
    first: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if name and name in first:
            raise FileRefused(f"colonne « {name} » en double (colonnes {first[name]} et {position})", row=1,
                              column=position)
        first.setdefault(name, position)
    return names


def _rows(names: list[str], cells: Iterable[Sequence[object]]) -> list[RawRow]:
    """Rows as column-to-cell mappings; FileRefused for a value without a column or without a name."""
    rows: list[RawRow] = []
    for number, row in enumerate(cells, start=2):
        for position, value in enumerate(row, start=1):
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if position > len(names):
                raise FileRefused(f"valeur hors des colonnes (cellule {position}, l'en-tête en a {len(names)})",
                                  row=number, column=position)
            if not names[position - 1]:
                raise FileRefused(f"valeur dans une colonne sans nom (colonne {position})", row=number,
                                  column=position)
        rows.append({name: value for name, value in zip(names, row, strict=False) if name})
    return rows


def _csv_problem(exc: csv.Error) -> str:
    message = str(exc)
    return next((french for start, french in _CSV_PROBLEMS if message.startswith(start)), "ligne CSV illisible")


def rows_from_csv(data: bytes) -> list[RawRow]:
    """The rows of a CSV file (`,`, `;` or tab, guessed), apostrophes of neutralised cells removed."""
    text = decode_utf8(data)
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _text_position(text.encode("utf-8"), len(text[:nul].encode("utf-8")))
        raise FileRefused("caractère nul (octet 0) interdit", line=line, column=column)
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect=dialect)

    def cells() -> Iterator[list[object]]:
        for row in reader:
            yield [restored(cell) for cell in row]

    try:
        header = next(reader, None)
        if header is None:
            return []
        return _rows(_named(header), cells())
    except csv.Error as exc:
        raise FileRefused(_csv_problem(exc), line=reader.line_num or 1) from None


def rows_from_xlsx(data: bytes) -> list[RawRow]:
    """The rows of a workbook's active sheet (cached values, never formulas)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise FileRefused("classeur illisible : ce n'est pas un fichier XLSX (archive ZIP endommagée ou d'un "
                          "autre format)") from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise FileRefused(f"classeur trop volumineux une fois décompressé (plus de "
                          f"{MAX_XLSX_UNPACKED_BYTES // 2**20} Mio)")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.active
            rows = sheet.iter_rows(values_only=True) if sheet is not None else iter(())
            header = next(rows, None)
            return [] if header is None else _rows(_named(header), rows)
        finally:
            workbook.close()
    except FileRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl and its XML parser raise many kinds on a broken workbook
        raise FileRefused(f"classeur illisible : son contenu n'est pas celui d'un fichier XLSX valide "
                          f"({type(exc).__name__})") from None


def write_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """A CSV file (UTF-8, `,`), every text that a spreadsheet would run neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralised(column) for column in columns])
    for row in rows:
        writer.writerow([neutralised(row.get(column)) for column in columns])
    return buffer.getvalue().encode("utf-8")


def write_xlsx(sheet_name: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """A workbook of one sheet; every text a text cell (a text beginning with `=` is not a formula), the
    characters XML cannot hold replaced by U+FFFD."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)

    def cell(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
        text.data_type = "s"  # openpyxl would write a text beginning with "=" as a formula
        return text

    sheet.append([cell(column) for column in columns])
    for row in rows:
        sheet.append([cell(row.get(column)) for column in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
