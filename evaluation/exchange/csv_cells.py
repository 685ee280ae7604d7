"""CSV cells a spreadsheet will not run: text written for people to open in a spreadsheet (the audit trail,
the list of proposals) starts with a single quote when it would otherwise be read as a formula.

OWASP ASVS 5.0, requirement 1.2.10 (CSV and formula injection; checked 2026-12-03 on a mirror of the
requirement's text): a field whose first character is `=`, `+`, `-`, `@`, a tab or a NUL is escaped with a
single quote; a carriage return is added, as spreadsheets treat it the same way.
Only text is escaped (numbers stay numbers); files meant to be imported back (the exchange format) are not
written through this.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def spreadsheet_safe(value: Any) -> Any:
    """The value, with a leading `'` when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
