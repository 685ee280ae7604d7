"""The bilan of a year, computed from what storage holds: pure functions, no I/O.

Footprints come from the evaluation frozen with each decision (the retained option's record), prorated to
the days the option was in service, replaced by the imported actuals for the days they cover. Totals and
groups are sums of the projects' figures, minimum and maximum separately; a project whose figure is
unknown is left out of a total and named in `left_out`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from evaluation.bilan.model import (
    ACTUAL,
    CRITERIA,
    ESTIMATED,
    UNKNOWN,
    Avoided,
    Bilan,
    BilanSource,
    Budget,
    Comparison,
    Compliance,
    Counts,
    Group,
    OpenCondition,
    ProjectLine,
    Range,
    RuleIssue,
    ServiceChange,
    ServicePeriod,
)
from evaluation.domain.workflow import Outcome, Status
from evaluation.storage import AuditEvent, StoredCondition, StoredDecision

APPROVED = frozenset({Outcome.APPROUVE, Outcome.APPROUVE_SOUS_CONDITIONS})
NON_AI = "non_ai"
IN_SERVICE = "in_service"
OUT_OF_SERVICE = "out_of_service"
STOPPED = "arrete"  # evaluation.domain.actuals.ServiceStatus.ARRETE
NO_OBJECTIVE = "Non renseigné"
NO_DIRECTION = "Non renseignée"


# -- dates ---------------------------------------------------------------------------------------

def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First day of the year and first day of the next (excluded)."""
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def service_days(periods: Iterable[ServicePeriod], year: int) -> int:
    """Days of the year the option was in service (periods may not overlap; overlaps count once)."""
    first, after = year_bounds(year)
    days: set[dt.date] = set()
    for period in periods:
        start = max(period.start, first)
        end = min(period.end or after, after)
        days.update(start + dt.timedelta(days=offset) for offset in range(max(0, (end - start).days)))
    return len(days)


def service_range(periods: Sequence[ServicePeriod], year: int) -> tuple[dt.date, dt.date] | None:
    """The span of the year covered by the periods: first day in service, day after the last."""
    first, after = year_bounds(year)
    spans = [(max(p.start, first), min(p.end or after, after)) for p in periods]
    spans = [(start, end) for start, end in spans if end > start]
    if not spans:
        return None
    return min(start for start, _ in spans), max(end for _, end in spans)


def prorated(annual: Range, days: int, year_days: int) -> Range:
    """An annual figure for `days` of a year of `year_days` days."""
    return annual.scaled(days / year_days)


# -- the frozen evaluation --------------------------------------------------------------------------

def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def record_range(record: Mapping[str, Any], criterion: str, part: str = "annual") -> Range:
    """A criterion's annual range in an evaluation record (format.md); unknown when absent or null."""
    footprint = record.get("footprint") or {}
    value = (footprint.get(part) or {}).get(criterion)
    if not isinstance(value, Mapping):
        return UNKNOWN
    low, high = _float(value.get("min")), _float(value.get("max"))
    return Range(low, high) if low is not None and high is not None else UNKNOWN


def frozen_options(decision: StoredDecision) -> list[Mapping[str, Any]]:
    evaluation = decision.evaluation
    if isinstance(evaluation, Mapping):
        return [record for record in evaluation.get("options") or [] if isinstance(record, Mapping)]
    return [record for record in evaluation or [] if isinstance(record, Mapping)]


def frozen_proposal(decision: StoredDecision) -> Mapping[str, Any]:
    evaluation = decision.evaluation
    document = evaluation.get("proposal") if isinstance(evaluation, Mapping) else None
    return document if isinstance(document, Mapping) else {}


def chosen_record(decision: StoredDecision, option: str | None = None) -> Mapping[str, Any] | None:
    """The frozen record of `option` (by default the decision's chosen option)."""
    name = option or decision.chosen_option
    return next((record for record in frozen_options(decision) if record.get("option") == name), None)


def approved_options(decision: StoredDecision, service: Mapping[tuple[str, str], Sequence[ServicePeriod]]
                     ) -> list[str]:
    """The options an approval covers: its chosen option; an approval that named none (older decisions)
    covers the options of the proposal put in service (as docs/actuals.md's approved_options)."""
    if decision.outcome not in APPROVED:
        return []
    if decision.chosen_option:
        return [decision.chosen_option]
    frozen = {str(record.get("option")) for record in frozen_options(decision)}
    return sorted(option for pid, option in service if pid == decision.proposal_id and option in frozen)


def finance_value(record: Mapping[str, Any], key: str) -> float | None:
    return _float((record.get("finance") or {}).get(key))


# -- counts -------------------------------------------------------------------------------------

def _in_year(at: dt.datetime | dt.date, year: int) -> bool:
    return at.year == year


def _first_moves(events: Sequence[AuditEvent], status: Status) -> dict[str, dt.datetime]:
    """When each proposal first moved to `status`."""
    first: dict[str, dt.datetime] = {}
    for event in events:
        after = event.after if isinstance(event.after, Mapping) else {}
        if event.action == "status" and after.get("status") == status.value and event.proposal_id:
            first.setdefault(event.proposal_id, event.at)
    return first


def latest_decisions(decisions: Iterable[StoredDecision], year: int | None = None) -> dict[str, StoredDecision]:
    """Each proposal's latest decision (taken in `year` when given)."""
    latest: dict[str, StoredDecision] = {}
    for decision in sorted(decisions, key=lambda d: (d.created_at, d.id)):
        if year is None or _in_year(decision.created_at, year):
            latest[decision.proposal_id] = decision
    return latest


def count_year(source: BilanSource, year: int) -> Counts:
    received = sum(_in_year(at, year) for at in _first_moves(source.status_events, Status.SOUMIS).values())
    evaluated = sum(_in_year(at, year) for at in _first_moves(source.status_events, Status.AVIS_RENDU).values())
    decided = {outcome.value: 0 for outcome in Outcome}
    for decision in latest_decisions(source.decisions, year).values():
        decided[decision.outcome.value] += 1
    started = sum(1 for periods in source.service.values() if periods and min(p.start for p in periods).year == year)
    if source.service_changes:
        stopped = sum(1 for changes in source.service_changes.values()
                      if any(c.status == STOPPED and c.on.year == year for c in changes))
    else:
        stopped = sum(1 for periods in source.service.values()
                      if periods and all(p.end is not None for p in periods)
                      and max(p.end for p in periods if p.end is not None).year == year)
    return Counts(received=received, evaluated=evaluated, decided=decided, put_in_service=started, stopped=stopped)


# -- projects -----------------------------------------------------------------------------------

def status_at_end(periods: Sequence[ServicePeriod], changes: Sequence[ServiceChange], year: int) -> str:
    """The option's service status on 31 December: the last change made by then (en_service, suspendu,
    arrete), else what the periods say (in_service or out_of_service)."""
    _, after = year_bounds(year)
    made = [change for change in changes if change.on < after]
    if made:
        return max(made, key=lambda change: change.on).status
    running = any(p.start < after and (p.end is None or p.end >= after) for p in periods)
    return IN_SERVICE if running else OUT_OF_SERVICE


def project_line(decision: StoredDecision, option: str, periods: Sequence[ServicePeriod], year: int,
                 source: BilanSource) -> ProjectLine | None:
    """The line of an approved option, or None when it was not in service in the year."""
    record = chosen_record(decision, option)
    days = service_days(periods, year)
    if record is None or days == 0:
        return None
    year_days = days_in_year(year)
    full_year = {criterion: record_range(record, criterion) for criterion in CRITERIA}
    actual = None
    span = service_range(periods, year)
    if source.actuals is not None and span is not None:
        actual = source.actuals(decision.proposal_id, option, span[0], span[1])
    actual_days = min(actual.days, days) if actual is not None else 0
    annual: dict[str, Range] = {}
    estimated_criteria: list[str] = []
    for criterion in CRITERIA:
        measured = actual.footprint.get(criterion) if actual is not None and actual_days > 0 else None
        if measured is not None and measured.known:
            annual[criterion] = measured.plus(prorated(full_year[criterion], days - actual_days, year_days))
        else:
            annual[criterion] = prorated(full_year[criterion], days, year_days)
            estimated_criteria.append(criterion)
    measured_any = len(estimated_criteria) < len(CRITERIA)
    basis = ACTUAL if measured_any and actual_days >= days else ESTIMATED
    spend, spend_basis = _spend(record, periods, year, days, actual_days,
                                actual.cost_eur if actual is not None else None)
    proposal = frozen_proposal(decision)
    governance = proposal.get("governance") or {}
    objective = governance.get("snr_objective") if isinstance(governance, Mapping) else None
    return ProjectLine(
        id=decision.proposal_id, title=str(proposal.get("title") or decision.proposal_id), option=option,
        kind=str(record.get("kind") or ""), direction=str(proposal.get("direction") or ""),
        category=str(proposal.get("category") or "autre"),
        objective=str(objective).strip() if objective and str(objective).strip() else None,
        status=status_at_end(periods, source.service_changes.get((decision.proposal_id, option), ()), year),
        decision=decision.outcome.value,
        decided_on=decision.created_at.date(), in_service_days=days, days_in_year=year_days,
        actual_days=actual_days, basis=basis, annual=annual,
        actual_left_out=actual.left_out if actual is not None and actual_days > 0 else (), estimated_criteria=tuple(estimated_criteria),
        estimate_full_year=full_year, spend_eur=spend, spend_basis=spend_basis,
        spend_actual_eur=(actual.cost_eur or 0.0) if actual is not None and actual_days > 0 else 0.0,
        npv=finance_value(record, "npv"),
    )


def _spend(record: Mapping[str, Any], periods: Sequence[ServicePeriod], year: int, days: int, actual_days: int,
           actual_cost: float | None) -> tuple[float | None, str]:
    """The year's spend: one-off costs when first put in service this year, annual costs per day in service;
    the imported cost replaces the estimate for the days it covers."""
    annual_cost, one_off = finance_value(record, "annual_cost"), finance_value(record, "one_off")
    if annual_cost is None or one_off is None:
        return (actual_cost, ACTUAL) if actual_cost is not None and actual_days >= days else (None, ESTIMATED)
    started = min(p.start for p in periods).year == year
    year_days = days_in_year(year)
    if actual_cost is not None and actual_days > 0:
        spend = actual_cost + annual_cost * (days - actual_days) / year_days
        basis = ACTUAL if actual_days >= days else ESTIMATED
    else:
        spend, basis = annual_cost * days / year_days, ESTIMATED
    return spend + (one_off if started else 0.0), basis


# -- sums ---------------------------------------------------------------------------------------

def sum_ranges(lines: Sequence[tuple[str, Mapping[str, Range]]]) -> tuple[dict[str, Range], dict[str, tuple[str, ...]]]:
    """Per criterion, the sum of the known ranges (min with min, max with max) and who was left out."""
    totals: dict[str, Range] = {}
    left_out: dict[str, tuple[str, ...]] = {}
    for criterion in CRITERIA:
        low = high = 0.0
        missing: list[str] = []
        for name, figures in lines:
            value = figures.get(criterion, UNKNOWN)
            if value.known:
                assert value.min is not None and value.max is not None
                low += value.min
                high += value.max
            else:
                missing.append(name)
        totals[criterion] = Range(low, high)
        left_out[criterion] = tuple(missing)
    return totals, left_out


def group_lines(lines: Sequence[ProjectLine], key: Callable[[ProjectLine], str]) -> tuple[Group, ...]:
    groups: dict[str, list[ProjectLine]] = {}
    for line in lines:
        groups.setdefault(key(line), []).append(line)
    return tuple(
        Group(key=name, projects=tuple(line.id for line in members),
              annual=sum_ranges([(line.id, line.annual) for line in members])[0])
        for name, members in sorted(groups.items())
    )


# -- avoided ------------------------------------------------------------------------------------

def _heavier_ai_alternative(decision: StoredDecision, chosen: Mapping[str, Any], option: str
                            ) -> Mapping[str, Any] | None:
    """The best-ranked AI option set aside whose estimated carbon is above the retained option's, if any."""
    chosen_gwp = record_range(chosen, "gwp_kgco2eq")
    if not chosen_gwp.known:
        return None
    assert chosen_gwp.max is not None
    candidates = []
    for record in frozen_options(decision):
        if record.get("option") == option or record.get("kind") == NON_AI:
            continue
        gwp = record_range(record, "gwp_kgco2eq")
        if gwp.known and gwp.min is not None and gwp.min > chosen_gwp.max:
            rank = (record.get("matrix") or {}).get("rank")
            candidates.append((rank if isinstance(rank, int) else 10**6, str(record.get("option")), record))
    if not candidates:
        return None
    return min(candidates, key=lambda item: (item[0], item[1]))[2]


def avoided_by(decision: StoredDecision, line: ProjectLine) -> Avoided | None:
    """Footprint and cost avoided by a non-AI or frugal retained option, over its days in service."""
    chosen = chosen_record(decision, line.option)
    if chosen is None:
        return None
    alternative = _heavier_ai_alternative(decision, chosen, line.option)
    if alternative is None:
        return None
    share = line.in_service_days / line.days_in_year
    footprint: dict[str, Range] = {}
    for criterion in CRITERIA:
        mine, theirs = record_range(chosen, criterion), record_range(alternative, criterion)
        if mine.known and theirs.known:
            assert mine.min is not None and mine.max is not None and theirs.min is not None and theirs.max is not None
            footprint[criterion] = Range((theirs.min - mine.max) * share, (theirs.max - mine.min) * share)
        else:
            footprint[criterion] = UNKNOWN
    mine_cost, their_cost = finance_value(chosen, "annual_cost"), finance_value(alternative, "annual_cost")
    cost = (their_cost - mine_cost) * share if mine_cost is not None and their_cost is not None else None
    return Avoided(id=line.id, title=line.title, chosen=line.option, chosen_kind=line.kind,
                   instead_of=str(alternative.get("option")), instead_of_kind=str(alternative.get("kind") or ""),
                   in_service_days=line.in_service_days, footprint=footprint, annual_cost_eur=cost)


# -- compliance ---------------------------------------------------------------------------------

def rule_issues(decision: StoredDecision, option: str | None = None) -> list[RuleIssue]:
    record = chosen_record(decision, option)
    if record is None:
        return []
    acknowledged = set(decision.acknowledged)
    issues = []
    for item in record.get("checklist") or []:
        if isinstance(item, Mapping) and item.get("status") in ("fail", "warn"):
            rule = str(item.get("id"))
            issues.append(RuleIssue(proposal_id=decision.proposal_id, rule=rule, status=str(item["status"]),
                                    message=str(item.get("message") or ""), acknowledged=rule in acknowledged))
    return issues


def open_conditions(conditions: Iterable[StoredCondition], decisions: Mapping[str, StoredDecision],
                    year: int) -> tuple[OpenCondition, ...]:
    """The conditions of the followed decisions not met by the end of the year."""
    _, after = year_bounds(year)
    found = []
    for condition in conditions:
        decision = decisions.get(condition.proposal_id)
        if decision is None or condition.decision_id != decision.id:
            continue
        if condition.met_at is not None and condition.met_at.date() < after:
            continue
        found.append(OpenCondition(proposal_id=condition.proposal_id, text=condition.text, owner=condition.owner,
                                   due=condition.due_date, past_due=condition.due_date < after))
    return tuple(sorted(found, key=lambda c: (c.due, c.proposal_id, c.text)))


# -- the bilan ----------------------------------------------------------------------------------

def compute_bilan(source: BilanSource, year: int, *, with_previous: bool = True) -> Bilan:
    """The bilan of `year`; with the previous year's counts and totals when it has any figure."""
    approved = {pid: d for pid, d in latest_decisions(source.decisions).items() if d.outcome in APPROVED}
    lines: list[ProjectLine] = []
    avoided: list[Avoided] = []
    for pid, decision in sorted(approved.items()):
        for option in approved_options(decision, source.service):
            line = project_line(decision, option, source.service.get((pid, option), ()), year, source)
            if line is None:
                continue
            lines.append(line)
            saved = avoided_by(decision, line)
            if saved is not None:
                avoided.append(saved)
    totals, left_out = sum_ranges([(line.id, line.annual) for line in lines])
    avoided_totals, _ = sum_ranges([(item.id, item.footprint) for item in avoided])
    decided_this_year = {pid: d for pid, d in latest_decisions(source.decisions, year).items()
                         if d.outcome in APPROVED}
    budget = _budget(decided_this_year, lines)
    followed = {**{line.id: approved[line.id] for line in lines}, **decided_this_year}
    options = {(line.id, line.option) for line in lines} | {(pid, d.chosen_option) for pid, d in decided_this_year.items()
                                                          if d.chosen_option}
    compliance = Compliance(
        rules=tuple(issue for pid, option in sorted(options) for issue in rule_issues(followed[pid], option)),
        open_conditions=(open_conditions(source.conditions, followed, year)
                         if source.conditions is not None else None),
        register_published=source.register_published(year) if source.register_published is not None else None,
    )
    counts = count_year(source, year)
    previous = None
    if with_previous:
        before = compute_bilan(source, year - 1, with_previous=False)
        if before.projects or any(before.counts.decided.values()) or before.counts.received:
            previous = Comparison(year=year - 1, counts=before.counts, totals=before.totals,
                                  projects=len(before.projects))
    return Bilan(
        year=year, collectivite=source.collectivite, counts=counts, projects=tuple(lines), totals=totals,
        left_out=left_out,
        by_objective=group_lines(lines, lambda line: line.objective or NO_OBJECTIVE),
        by_direction=group_lines(lines, lambda line: line.direction or NO_DIRECTION),
        by_category=group_lines(lines, lambda line: line.category),
        avoided=tuple(avoided), avoided_totals=avoided_totals,
        avoided_cost_eur=sum(item.annual_cost_eur or 0.0 for item in avoided),
        budget=budget, compliance=compliance, previous=previous,
        lifecycle_available=source.lifecycle_available,
    )


def _budget(decided: Mapping[str, StoredDecision], lines: Sequence[ProjectLine]) -> Budget:
    npv_known: list[tuple[str, float]] = []
    npv_unknown: list[str] = []
    for pid, decision in sorted(decided.items()):
        record = chosen_record(decision) if decision.chosen_option else None
        npv = finance_value(record, "npv") if record is not None else None
        if npv is None:
            npv_unknown.append(pid)
        else:
            npv_known.append((pid, npv))
    return Budget(
        npv_approved=sum(value for _, value in npv_known),
        npv_approved_projects=tuple(pid for pid, _ in npv_known), npv_unknown=tuple(npv_unknown),
        spend_total=sum(line.spend_eur for line in lines if line.spend_eur is not None),
        spend_actual=sum(line.spend_actual_eur for line in lines if line.spend_eur is not None),
        spend_unknown=tuple(line.id for line in lines if line.spend_eur is None),
    )
