"""What a rule function returns: the outcome code of every option and the parameters of their messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .options import BoolArray, ObjectArray


@dataclass(frozen=True)
class Outcomes:
    """The outcome code of every option, as positions in a short tuple of codes."""

    index: np.ndarray[Any, np.dtype[np.int64]]
    names: tuple[str, ...]

    @property
    def codes(self) -> ObjectArray:
        """The outcome code of every option, as strings."""
        table = np.empty(len(self.names), dtype=object)
        table[:] = self.names
        return np.asarray(table[self.index], dtype=object)


@dataclass(frozen=True)
class RuleResult:
    """Outcome codes of one rule for every option, and the parameters of their messages.

    A parameter is either one value for every option or an array aligned with the options; values
    are dates, tuples of label keys, ints, strings (label keys or plain text) or None.
    """

    outcomes: Outcomes
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def codes(self) -> ObjectArray:
        return self.outcomes.codes


def choose(n: int, cases: list[tuple[BoolArray, str]], default: str) -> Outcomes:
    """The code of the first case that holds for each option, else default."""
    names = [default]
    index = np.zeros(n, dtype=np.int64)
    decided = np.zeros(n, dtype=bool)
    for condition, code in cases:
        if code not in names:
            names.append(code)
        take = np.asarray(condition, dtype=bool) & ~decided
        index[take] = names.index(code)
        decided |= take
    return Outcomes(index=index, names=tuple(names))


def combinations(keys: list[tuple[str, BoolArray]]) -> ObjectArray:
    """For each option, the tuple of keys whose condition holds (e.g. the missing items)."""
    n = len(keys[0][1]) if keys else 0
    bits = np.zeros(n, dtype=np.int64)
    for position, (_, condition) in enumerate(keys):
        bits |= np.asarray(condition, dtype=np.int64) << position
    tuples = [tuple(key for position, (key, _) in enumerate(keys) if mask >> position & 1)
              for mask in range(1 << len(keys))]
    table = np.empty(len(tuples), dtype=object)
    table[:] = tuples
    return np.asarray(table[bits], dtype=object)
