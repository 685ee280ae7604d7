"""No column of the options table is spelled outside evaluation/table/columns.py (checked on the source).

The engine, the pages and the PDF name columns through that module's constants (FIN_NPV, OPTION_KIND...)
and functions (footprint_figure, rule_status...). Flagged in evaluation/, ui/ and dashboard.py: a string
constant that is a result column or starts with a step's prefix (fp., fin., chk., mx.), a dotted input
column (option., governance.) or a resolved column (option_index, horizon...), and an f-string whose text
starts with one of those prefixes or with a step's `.prefix` (f"{FINANCE.prefix}npv"). Plain proposal
columns (id, title...) are not flagged: those words mean other things too. Tests may spell columns: they
are the outside view of the contract.
"""

from __future__ import annotations

import ast
from pathlib import Path

from evaluation.table import columns as names

ROOT = Path(__file__).resolve().parents[3]
EXEMPT = {"evaluation/table/columns.py", "evaluation/table/column_spec.py"}
RESULT_PREFIXES = tuple(section.prefix for section in names.STEPS)
F_STRING_HEADS = (*RESULT_PREFIXES, "option.", "governance.")
NAMED = {str(column) for column in names.INPUTS.columns if "." in column} | {
    str(column) for column in names.RESOLVED.columns}


def _f_string_head(node: ast.JoinedStr) -> str | None:
    """What an f-string starts with, when a column name could start there: its text, or a `.prefix`."""
    head = node.values[0] if node.values else None
    if isinstance(head, ast.Constant):
        return str(head.value) if str(head.value).startswith(F_STRING_HEADS) else None
    if isinstance(head, ast.FormattedValue) and isinstance(head.value, ast.Attribute) and head.value.attr == "prefix":
        return ast.unparse(head.value)
    return None


def spelled_columns(path: Path, rel: str) -> list[str]:
    """file:line of every column name spelled in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    in_f_strings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            if _f_string_head(node) is not None:
                found.append(f"{rel}:{node.lineno}: f-string {ast.unparse(node)}")
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_f_strings
              and (node.value.startswith(RESULT_PREFIXES) or node.value in NAMED)):
            found.append(f"{rel}:{node.lineno}: {node.value!r}")
    return found


def _sources() -> list[Path]:
    return [*sorted((ROOT / "evaluation").rglob("*.py")), *sorted((ROOT / "ui").rglob("*.py")), ROOT / "dashboard.py"]


def test_no_column_name_is_spelled_outside_the_columns_module() -> None:
    offenders = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        if rel not in EXEMPT:
            offenders.extend(spelled_columns(path, rel))
    assert offenders == [], "name these columns through evaluation/table/columns.py:\n" + "\n".join(offenders)


def test_the_guard_sees_a_spelled_column_and_leaves_other_words_alone(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        'a = frame["fin.npv"]\n'
        'b = row.get("option_index")\n'
        'c = f"chk.{rule_id}.status"\n'
        'd = "option.usage.users"\n'
        'e = f"governance.{name}"\n'
        'f = ("mx.", "fp.annual.")\n'
        'g = f"{FINANCE.prefix}npv"\n'
        'ok = {"id": 1, "title": "x", "horizon_years": 5, "option": "option.", "text": f"{x} fp.", "p": f"{a}.b"}\n'
    )
    lines = sorted(found.split(":")[1] for found in spelled_columns(probe, "probe.py"))
    assert lines == ["1", "2", "3", "4", "5", "6", "6", "7"]
