"""After the decision: an approved option's life in service and the actual usage imported for it.

The vocabulary the storage, the engine (evaluation.actuals) and the pages share: the service statuses
and their events, the in-service periods they give, the sources of actual usage and one imported
period of actual usage. Dates and times are UTC; a period is half-open, [start, end).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class ServiceStatus(StrEnum):
    """Where an approved option stands after the decision."""

    EN_SERVICE = "en_service"
    SUSPENDU = "suspendu"
    ARRETE = "arrete"


SERVICE_STATUS_LABELS_FR: dict[ServiceStatus, str] = {
    ServiceStatus.EN_SERVICE: "En service",
    ServiceStatus.SUSPENDU: "Suspendu",
    ServiceStatus.ARRETE: "Arrêté",
}

# Which status may follow which (None: no event yet). A stopped option is stopped for good.
SERVICE_TRANSITIONS: dict[ServiceStatus | None, frozenset[ServiceStatus]] = {
    None: frozenset({ServiceStatus.EN_SERVICE}),
    ServiceStatus.EN_SERVICE: frozenset({ServiceStatus.SUSPENDU, ServiceStatus.ARRETE}),
    ServiceStatus.SUSPENDU: frozenset({ServiceStatus.EN_SERVICE, ServiceStatus.ARRETE}),
    ServiceStatus.ARRETE: frozenset(),
}
# A reason is required for these statuses (a suspension or a stop is explained).
REASON_REQUIRED = frozenset({ServiceStatus.SUSPENDU, ServiceStatus.ARRETE})


class ActualSource(StrEnum):
    """Where imported actual usage comes from."""

    OPENAI = "openai"          # OpenAI's Usage API, /v1/organization/usage/completions (pages of buckets)
    ANTHROPIC = "anthropic"    # Anthropic's Admin API, /v1/organizations/usage_report/messages
    CODECARBON = "codecarbon"  # CodeCarbon's emissions.csv
    CSV = "csv"                # the generic CSV of docs/actuals.md


class ServiceChange(BaseModel):
    """One change of an option's service status, effective on a date."""

    model_config = _FROZEN

    status: ServiceStatus
    on: dt.date
    reason: str = ""


class ServicePeriod(BaseModel):
    """A stretch of days an option was in service: [start, end), `end` None while it still is."""

    model_config = _FROZEN

    start: dt.date
    end: dt.date | None

    def days_within(self, start: dt.date, end: dt.date) -> int:
        """Days of this period inside [start, end)."""
        low = max(self.start, start)
        high = min(self.end or end, end)
        return max((high - low).days, 0)


def service_periods(events: Iterable[ServiceChange]) -> list[ServicePeriod]:
    """The in-service periods an option's status events give (ordered by date, then as given): a period
    opens on `en_service` and closes on the next `suspendu` or `arrete`."""
    periods: list[ServicePeriod] = []
    opened: dt.date | None = None
    for event in sorted(events, key=lambda event: event.on):
        if event.status is ServiceStatus.EN_SERVICE:
            if opened is None:
                opened = event.on
        elif opened is not None:
            if event.on > opened:
                periods.append(ServicePeriod(start=opened, end=event.on))
            opened = None
    if opened is not None:
        periods.append(ServicePeriod(start=opened, end=None))
    return periods


def current_status(events: Iterable[ServiceChange]) -> ServiceStatus | None:
    """The status of the latest event (by date, then as given); None before any."""
    ordered = sorted(events, key=lambda event: event.on)
    return ordered[-1].status if ordered else None


class ActualPeriod(BaseModel):
    """One period of actual usage of an option, as read from an imported file.

    `model` is the name billed by the provider (a snapshot such as `gpt-4o-mini-2024-07-18`), mapped to
    an EcoLogits model by the engine. A figure the file does not give is None (never 0). `energy_kwh`
    is measured energy (CodeCarbon, or the generic CSV); `emissions_kgco2eq` and `zone` are CodeCarbon's
    own figure and country, kept for the check against the file. `key` identifies the period within its
    source, so that importing the same data again replaces it instead of counting it twice.
    """

    model_config = _FROZEN

    source: ActualSource
    key: str
    start: dt.datetime
    end: dt.datetime
    model: str | None = None
    requests: int | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    energy_kwh: float | None = None
    cost_eur: float | None = None
    duration_s: float | None = None
    emissions_kgco2eq: float | None = None
    zone: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ActualPeriod:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise PydanticCustomError("naive_datetime", "les dates doivent porter un fuseau horaire (UTC)")
        if self.end <= self.start:
            raise PydanticCustomError("period_order", "la fin de la période doit suivre son début")
        for name in ("requests", "input_tokens", "output_tokens", "energy_kwh", "cost_eur", "duration_s"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise PydanticCustomError("negative", "« {name} » ne peut pas être négatif", {"name": name})
        return self

    def share_within(self, start: dt.datetime, end: dt.datetime) -> float:
        """The share of this period inside [start, end) (0 to 1), for a figure spread evenly over it."""
        low, high = max(self.start, start), min(self.end, end)
        if high <= low:
            return 0.0
        return (high - low) / (self.end - self.start)
