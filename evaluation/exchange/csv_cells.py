"""CSV cells a spreadsheet will not run: text written for people to open in a spreadsheet (the audit trail,
the list of proposals) starts with a single quote when it would otherwise be read as a formula.

OWASP ASVS 5.0, requirement 1.2.10 (CSV and formula injection; checked 2026-12-03 on a mirror of the
requirement's text): a field whose first character is `=`, `+`, `-`, `@`, a tab or a NUL is escaped with a
single quote; a carriage return is added, as spreadsheets treat it the same way.
Only text is escaped (numbers stay numbers). The exchange format's CSV, meant to be imported back, is written
with `neutralised` and read with `restored`, which removes the quote it added (so that a title such as `=A1`
makes the round trip unchanged); its XLSX writes every text as a text cell, never a formula
(evaluation/exchange/spreadsheets.py).
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def spreadsheet_safe(value: Any) -> Any:
    """The value, with a leading `'` when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


_FORMULA_START = re.compile(r"^'*[=+\-@\t\r\0]")
"""A text a spreadsheet would run, with any quotes already before it (so that removing one on reading gives
back exactly what was written)."""


def neutralised(value: object) -> object:
    """A cell of a CSV meant to be read back: a text that would run gets a `'` before it, and so does a text
    made of quotes before such a start (`'=x`), so that `restored` is exact."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def restored(value: str) -> str:
    """The text a neutralised cell stood for (its first quote removed when `neutralised` added it)."""
    if value.startswith("'") and _FORMULA_START.match(value[1:]):
        return value[1:]
    return value
