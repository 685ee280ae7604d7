"""What the SNR annual bilan is made of: its inputs (what storage holds about the year) and its figures.

Plain frozen dataclasses: the bilan is computed by pure functions (evaluation.bilan.compute) over these
inputs and written as JSON, XLSX, ODT, DOCX and PDF by the modules beside this one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from evaluation.storage import AuditEvent, StoredCondition, StoredDecision

# The footprint criteria of the bilan, in the order of the JSON and the tables (format.md's keys).
CRITERIA: tuple[str, ...] = ("energy_kwh", "gwp_kgco2eq", "wcf_l", "adpe_kgsbeq", "pe_mj")
# The criteria an imported actual can carry (issue 16: energy, carbon, water); the others stay estimated.
ACTUAL_CRITERIA: tuple[str, ...] = ("energy_kwh", "gwp_kgco2eq", "wcf_l")

ACTUAL = "actual"
ESTIMATED = "estimated"


@dataclass(frozen=True)
class Range:
    """A min-max range; None when the figure is unknown (never collapsed to zero)."""

    min: float | None
    max: float | None

    @property
    def known(self) -> bool:
        return self.min is not None and self.max is not None

    def scaled(self, factor: float) -> Range:
        if not self.known:
            return UNKNOWN
        assert self.min is not None and self.max is not None
        return Range(self.min * factor, self.max * factor)

    def plus(self, other: Range) -> Range:
        if not (self.known and other.known):
            return UNKNOWN
        assert self.min is not None and self.max is not None and other.min is not None and other.max is not None
        return Range(self.min + other.min, self.max + other.max)

    def as_json(self) -> dict[str, float | None]:
        return {"min": self.min, "max": self.max}


UNKNOWN = Range(None, None)
ZERO = Range(0.0, 0.0)


@dataclass(frozen=True)
class ServicePeriod:
    """An option in service from `start` (included) to `end` (excluded; None while it still runs)."""

    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class ServiceChange:
    """One change of an option's service status (evaluation.domain.actuals.ServiceStatus values), on a day."""

    on: dt.date
    status: str


@dataclass(frozen=True)
class ActualFigures:
    """What was imported for an option over a date range: the days it covers and its footprint and cost.

    Criteria absent from `footprint` were not measured (they are taken from the estimate, and said so);
    `left_out` names what the actual figures do not count (docs/actuals.md's codes)."""

    days: int
    footprint: Mapping[str, Range]
    cost_eur: float | None = None
    left_out: tuple[str, ...] = ()


# (proposal id, option name, first day, day after the last) -> the actuals over that range, or None.
ActualsReader = Callable[[str, str, dt.date, dt.date], "ActualFigures | None"]


@dataclass(frozen=True)
class OpenCondition:
    """A condition of a decision still open at the end of the year."""

    proposal_id: str
    text: str
    owner: str
    due: dt.date
    past_due: bool


@dataclass(frozen=True)
class BilanSource:
    """Everything the bilan of a year reads, as storage holds it.

    `status_events` are the proposals' `status` audit events; `service` the in-service periods per
    (proposal id, option) and `service_changes` the changes they come from (statuses at the year's end); `conditions` and `register_published` (year -> entries first published that year and still public) are None when Jauge does not hold them
    (then the bilan says they are not available rather than showing zeros).
    """

    decisions: Sequence[StoredDecision]
    status_events: Sequence[AuditEvent]
    service: Mapping[tuple[str, str], Sequence[ServicePeriod]] = field(default_factory=dict)
    service_changes: Mapping[tuple[str, str], Sequence[ServiceChange]] = field(default_factory=dict)
    actuals: ActualsReader | None = None
    conditions: Sequence[StoredCondition] | None = None
    register_published: Callable[[int], int] | None = None  # year -> entries first published that year, still public
    lifecycle_available: bool = False
    collectivite: str = ""


@dataclass(frozen=True)
class Counts:
    """The year's proposals: received, evaluated, decided by outcome, options put in service or stopped."""

    received: int
    evaluated: int
    decided: Mapping[str, int]
    put_in_service: int
    stopped: int


@dataclass(frozen=True)
class ProjectLine:
    """One option in service during the year (the retained option of an approved proposal)."""

    id: str
    title: str
    option: str
    kind: str
    direction: str
    category: str
    objective: str | None
    status: str
    decision: str
    decided_on: dt.date
    in_service_days: int
    days_in_year: int
    actual_days: int
    basis: str
    annual: Mapping[str, Range]
    actual_left_out: tuple[str, ...]
    estimated_criteria: tuple[str, ...]
    estimate_full_year: Mapping[str, Range]
    spend_eur: float | None
    spend_actual_eur: float  # the part of spend_eur that imported costs give
    spend_basis: str
    npv: float | None


@dataclass(frozen=True)
class Group:
    """The projects sharing an SNR objective, a direction or a category, and their summed footprint."""

    key: str
    projects: tuple[str, ...]
    annual: Mapping[str, Range]


@dataclass(frozen=True)
class Avoided:
    """What choosing a non-AI or frugal option over an AI one avoided during the days in service."""

    id: str
    title: str
    chosen: str
    chosen_kind: str
    instead_of: str
    instead_of_kind: str
    in_service_days: int
    footprint: Mapping[str, Range]
    annual_cost_eur: float | None


@dataclass(frozen=True)
class RuleIssue:
    """A rule of the retained option not passed in the evaluation frozen with the decision."""

    proposal_id: str
    rule: str
    status: str
    message: str
    acknowledged: bool


@dataclass(frozen=True)
class Budget:
    npv_approved: float
    npv_approved_projects: tuple[str, ...]
    npv_unknown: tuple[str, ...]
    spend_total: float
    spend_actual: float
    spend_unknown: tuple[str, ...]


@dataclass(frozen=True)
class Compliance:
    rules: tuple[RuleIssue, ...]
    open_conditions: tuple[OpenCondition, ...] | None
    register_published: int | None


@dataclass(frozen=True)
class Comparison:
    """The previous year's counts and totals, beside this year's."""

    year: int
    counts: Counts
    totals: Mapping[str, Range]
    projects: int


@dataclass(frozen=True)
class Bilan:
    year: int
    collectivite: str
    counts: Counts
    projects: tuple[ProjectLine, ...]
    totals: Mapping[str, Range]
    left_out: Mapping[str, tuple[str, ...]]
    by_objective: tuple[Group, ...]
    by_direction: tuple[Group, ...]
    by_category: tuple[Group, ...]
    avoided: tuple[Avoided, ...]
    avoided_totals: Mapping[str, Range]
    avoided_cost_eur: float
    budget: Budget
    compliance: Compliance
    previous: Comparison | None
    lifecycle_available: bool
