"""How a column of the options table is described (Column, Family, Section) and written as Markdown.

The names themselves are in evaluation/table/columns.py; the input columns are derived here from the
flat exchange format and the English labels of the models' fields.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

# pandas dtype of the column; "str" and "tuple" are object columns of str (or None) and of tuples of codes
Kind = Literal["float64", "int64", "bool", "str", "tuple", "category"]


class Column(str):
    """A column name (a str: it indexes tables and row mappings as the plain name does) with its meaning."""

    doc: str
    kind: Kind
    unit: str

    def __new__(cls, name: str, kind: Kind, unit: str, doc: str) -> Column:
        column = super().__new__(cls, name)
        column.kind, column.unit, column.doc = kind, unit, doc
        return column

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        """Pickled and copied as the plain name (a cached table holds plain labels once read back)."""
        return str, (str(self),)


@dataclass(frozen=True)
class Family:
    """Columns named after codes or data (`chk.<RULE-ID>.status`): one description for all of them.

    `columns` lists them when they are known in advance; `pattern` (a regex whose first group is the
    code) recognises them otherwise.
    """

    name: str
    kind: Kind
    unit: str
    doc: str
    columns: tuple[Column, ...] = ()
    pattern: str = ""

    def column(self, name: str) -> Column:
        """One column of the family, described as the family is."""
        if not re.fullmatch(self.pattern, name):
            raise ValueError(f"{name} is not a column of the family {self.name}")
        return Column(name, self.kind, self.unit, self.doc)

    def match(self, name: str) -> str | None:
        """The code in a column name of this family (the rule id, the criterion id...), None for others."""
        found = re.fullmatch(self.pattern, name) if self.pattern else None
        return None if found is None else found.group(1)


@dataclass
class Section:
    """The columns one part of the engine adds, in the order it adds them, with the text that explains them."""

    title: str
    source: str
    prose: str
    prefix: str = ""
    entries: list[Column | Family] = field(default_factory=list)

    def column(self, name: str, kind: Kind, unit: str, doc: str) -> Column:
        """Declare one column of this section."""
        if not name.startswith(self.prefix):
            raise ValueError(f"{name} does not start with {self.prefix}")
        return self.add(Column(name, kind, unit, doc))

    def add(self, column: Column) -> Column:
        self.entries.append(column)
        return column

    def family(self, family: Family) -> Family:
        """Declare one family of columns of this section."""
        self.entries.append(family)
        return family

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every column known in advance, in order (families listed in advance included)."""
        return tuple(column for entry in self.entries
                     for column in ((entry,) if isinstance(entry, Column) else entry.columns))

    @property
    def families(self) -> tuple[Family, ...]:
        return tuple(entry for entry in self.entries if isinstance(entry, Family))


# -- input columns, from the exchange format ---------------------------------------------------------

_UNIT = re.compile(r"\(([^()]*)\)$")


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field holds (`Compute | None` -> Compute), None for a plain value."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        models = [arg for arg in typing.get_args(annotation) if isinstance(arg, type) and issubclass(arg, BaseModel)]
        return models[0] if models else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _labels(model: type[BaseModel], prefix: str) -> Iterator[tuple[str, str]]:
    """(flat column, English label and help) of every field, walked as the flat format walks them."""
    for name, info in model.model_fields.items():
        inner = _model_of(info.annotation)
        if name == "options":
            continue
        if inner is not None:
            yield from _labels(inner, f"{prefix}{name}.")
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        label, help_text = str(extra.get("title_en", name)), str(extra.get("description_en", ""))
        yield f"{prefix}{name}", f"{label}: {help_text}" if help_text else label


def _unit(label: str) -> str:
    """The unit a label ends with in parentheses (`Hosting (EUR/yr)`); a name there (`(EcoLogits)`) is none."""
    found = _UNIT.search(label.split(":")[0])
    text = found.group(1) if found else ""
    return text if text.isupper() or text.islower() or "/" in text or any(c.isdigit() for c in text) else ""


def _kind(python_type: Any) -> Kind:
    if python_type in (int, float):
        return "float64"
    return "bool" if python_type is bool else "str"


@cache
def input_columns() -> dict[str, Column]:
    """Every column of the flat exchange format, in its order, described by the model's English label."""
    from evaluation.domain.option import Option
    from evaluation.domain.proposal import Proposal
    from evaluation.exchange.flat import OPTION_PREFIX, all_columns, column_types

    labels = dict(_labels(Proposal, ""))
    labels.update(_labels(Option, OPTION_PREFIX))
    kinds = column_types()
    columns = {}
    for name in all_columns():
        label = labels[name]
        kind = kinds[name]
        if isinstance(kind, type) and issubclass(kind, Enum):
            label += " (" + ", ".join(f"`{member.value}`" for member in kind) + ")"
        columns[name] = Column(name, _kind(kind), _unit(label), label)
    return columns


# -- Markdown --------------------------------------------------------------------------------------

def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def section_markdown(section: Section) -> list[str]:
    """One section: its title, its text, then a table of its columns and families."""
    lines = [f"## {section.title} ({section.source})", "", section.prose, "",
             "| column | kind | unit | meaning |", "|---|---|---|---|"]
    for entry in section.entries:
        lines.append(f"| `{entry if isinstance(entry, Column) else entry.name}` | {entry.kind} | {entry.unit} "
                     f"| {_cell(entry.doc)} |")
    return [*lines, ""]


def tables_markdown(head: str, sections: tuple[Section, ...]) -> str:
    """The whole document: the head, then every section."""
    lines = [head.rstrip("\n"), ""]
    for section in sections:
        lines.extend(section_markdown(section))
    return "\n".join(lines).rstrip("\n") + "\n"
