"""Read access to the options table for the rules, with the derived columns they share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from evaluation.checklist.law import Applicable, ai_act_dates
from evaluation.checklist.law import Obligation as LawObligation
from evaluation.domain.option import AI_KINDS, OptionKind
from evaluation.domain.settings import Settings
from evaluation.table.columns import (
    HAS_NON_AI_OPTION,
    HORIZON,
    OPTION_KIND,
    PROPOSAL_HORIZON_YEARS,
    PROPOSAL_ID,
    governance_column,
)

BoolArray = np.ndarray[Any, np.dtype[np.bool_]]
ObjectArray = np.ndarray[Any, np.dtype[np.object_]]
FloatArray = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class DatedDuty:
    """Where a dated obligation applies within each project's horizon, on the evaluation date.

    `date` is the date in force on the evaluation date (set by the latest text in force); `pending` is the
    sentence naming a text adopted but not yet in force and the date it would set ("" when there is none).
    """

    date: dt.date
    applies: BoolArray
    applicability: str  # "in_force" when in force on the first day of the projects, else "from_date"
    pending: str
    variant: str | None

    def params(self, prefix: str = "") -> dict[str, Any]:
        return {f"{prefix}date": self.date, f"{prefix}applicability": self.applicability,
                f"{prefix}pending": self.pending}


class Options:
    """Read access to the options table for the rules, with the derived columns they share."""

    def __init__(self, frame: pd.DataFrame, settings: Settings, *, on: dt.date,
                 pending_text: Callable[[Applicable], str] | None = None) -> None:
        """`on` is the evaluation date: the law in force that day applies; pending_text writes the sentence
        about a text adopted but not yet in force (the step gives it the rules file's wording)."""
        self.frame = frame
        self.settings = settings
        self.on = on
        self._pending_text = pending_text
        self.n = len(frame)
        self._factorized: dict[str, tuple[np.ndarray[Any, np.dtype[np.int64]], list[Any]]] = {}

    def has(self, column: str) -> bool:
        return column in self.frame.columns

    def factorized(self, column: str) -> tuple[np.ndarray[Any, np.dtype[np.int64]], list[Any]]:
        """The column as (position of each value among the distinct values, -1 when missing; the values).

        Rules work on the few distinct values of a column, then spread the result with one take.
        """
        if column not in self._factorized:
            if column not in self.frame.columns:
                self._factorized[column] = (np.full(self.n, -1, dtype=np.int64), [])
            else:
                series = self.frame[column]
                try:
                    codes, uniques = pd.factorize(series)
                except TypeError:  # unhashable values (lists): compare them as tuples
                    as_tuples = pd.Series([tuple(v) if isinstance(v, list) else v for v in series.tolist()],
                                          index=series.index, dtype=object)
                    codes, uniques = pd.factorize(as_tuples)
                self._factorized[column] = (np.asarray(codes, dtype=np.int64), list(uniques))
        return self._factorized[column]

    def per_value(self, column: str, function: Callable[[Any], Any], missing: Any) -> ObjectArray:
        """function applied to each distinct value of the column (missing where the value is missing)."""
        codes, uniques = self.factorized(column)
        table = np.empty(len(uniques) + 1, dtype=object)
        for position, value in enumerate(uniques):
            table[position] = function(value)
        table[-1] = missing
        return np.asarray(table[codes], dtype=object)  # code -1 takes the last entry: missing

    def per_value_bool(self, column: str, function: Callable[[Any], bool], missing: bool) -> BoolArray:
        """A yes/no test applied to each distinct value of the column (missing where the value is missing)."""
        codes, uniques = self.factorized(column)
        table = np.array([bool(function(value)) for value in uniques] + [missing], dtype=bool)
        return np.asarray(table[codes], dtype=bool)

    def objects(self, column: str, default: Any = None) -> ObjectArray:
        """A column as Python objects, missing values replaced by default."""
        return self.per_value(column, lambda value: value, default)

    def is_in(self, column: str, values: Sequence[Any], default: Any = None) -> BoolArray:
        """Whether each value of the column (default when missing) is one of values."""
        wanted = set(values)
        return self.per_value_bool(column, lambda value: value in wanted, default in wanted)

    def numbers(self, column: str) -> FloatArray:
        if column not in self.frame.columns:
            return np.full(self.n, np.nan)
        return pd.to_numeric(self.frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)

    def flags(self, column: str) -> BoolArray:
        if column not in self.frame.columns:
            return np.zeros(self.n, dtype=bool)
        return self.frame[column].fillna(False).astype(bool).to_numpy(dtype=bool)

    def answer(self, name: str, default: str = "none") -> ObjectArray:
        """A governance answer given as a code (decision_role, annex_iii, dpia, fria)."""
        return self.objects(governance_column(name), default)

    def answer_in(self, name: str, *values: str, default: str = "none") -> BoolArray:
        """Whether a governance code answer is one of values (missing answers count as default)."""
        return self.is_in(governance_column(name), values, default)

    def answered(self, name: str) -> BoolArray:
        """A governance yes/no answer."""
        return self.flags(governance_column(name))

    def written(self, name: str) -> BoolArray:
        """Whether a governance free-text answer is given (not empty)."""
        return self.per_value_bool(governance_column(name), lambda value: bool(str(value).strip()), False)

    def kind_in(self, *kinds: str) -> BoolArray:
        return self.is_in(OPTION_KIND, kinds, OptionKind.NON_AI.value)

    @cached_property
    def is_non_ai(self) -> BoolArray:
        return self.kind_in(OptionKind.NON_AI.value)

    @cached_property
    def is_ai(self) -> BoolArray:
        """AI systems in the sense of the AI Act: every kind but non_ai and rules."""
        return self.kind_in(*(kind.value for kind in AI_KINDS))

    @cached_property
    def is_algorithmic(self) -> BoolArray:
        """Algorithmic processing in the sense of the CRPA: AI options and deterministic rules."""
        return np.asarray(self.is_ai | self.kind_in(OptionKind.RULES.value), dtype=bool)

    def per_proposal_any(self, values: BoolArray) -> BoolArray:
        """True on every option of a proposal where values is true on at least one of its options."""
        if PROPOSAL_ID not in self.frame.columns:
            return np.full(self.n, bool(values.any()))
        grouped = pd.Series(values, index=self.frame.index).groupby(self.frame[PROPOSAL_ID].to_numpy(), sort=False)
        return grouped.transform("any").to_numpy(dtype=bool)

    @cached_property
    def has_non_ai_option(self) -> BoolArray:
        if self.has(HAS_NON_AI_OPTION):
            return self.flags(HAS_NON_AI_OPTION)
        return self.per_proposal_any(self.is_non_ai)

    @cached_property
    def has_alternative(self) -> BoolArray:
        """The proposal has an option without AI (non_ai or deterministic rules)."""
        return self.per_proposal_any(~self.is_ai)

    @cached_property
    def horizon_years(self) -> np.ndarray[Any, np.dtype[np.int64]]:
        values = self.numbers(HORIZON if self.has(HORIZON) else PROPOSAL_HORIZON_YEARS)
        values = np.where(np.isnan(values), self.settings.horizon_years, values)
        return values.astype(np.int64)

    def dated(self, obligation: LawObligation) -> DatedDuty:
        """The AI Act obligation as in force on the evaluation date (data/ai_act_dates.yaml).

        It applies when in force at any time of the project's horizon: a project runs from 1 January of
        settings.start_year for `horizon` whole years, so an obligation dated D applies when D is before
        1 January of start_year + horizon.
        """
        applicable = ai_act_dates().applicable(obligation, self.on)
        date = applicable.current.applies_from
        start_year = self.settings.start_year
        applies = np.asarray(date.year < start_year + self.horizon_years, dtype=bool)
        in_force = date <= dt.date(start_year, 1, 1)
        pending = (self._pending_text(applicable) if applicable.pending is not None and self._pending_text
                   else "")
        return DatedDuty(date=date, applies=applies, applicability="in_force" if in_force else "from_date",
                         pending=pending, variant=applicable.current.variant)
