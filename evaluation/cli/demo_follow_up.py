"""The demonstration's follow-up: one approved option put in service, with a few months of imported usage.

Kept apart from `cmd_demo` (evaluation/cli/database.py), which calls `add_demo_follow_up` once the sample
portfolio has moved along the workflow: the first decided proposal whose approved option is a generative API
(else the first proposal with a DSI opinion and such an option the checklist does not block, approved then
by the élu) is put in service by the DSI four months before today and given one generic CSV of monthly
usage, as a collectivité would write it from its invoices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evaluation.domain.option import Option
    from evaluation.services.actuals import Tracking
    from evaluation.storage import Repository, StoredUser

MONTHS = 4
# Actual usage against the estimate, month by month: a slow start, then more than foreseen.
RAMP = (0.55, 0.9, 1.2, 1.45)
OUTPUT_TOKEN_DRIFT = (0.95, 1.05, 1.1, 1.15)


def _month_starts(today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for _ in range(MONTHS):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first)
    return sorted(months)


def demo_usage_csv(requests_per_year: float, tokens_per_request: float, input_per_request: float,
                   api_per_year: float, model: str, today: dt.date) -> bytes:
    """The generic CSV of the last MONTHS whole months of usage of an option estimated at these volumes."""
    lines = ["period_start,period_end,model,requests,input_tokens,output_tokens,energy_kwh,cost_eur"]
    for index, start in enumerate(_month_starts(today)):
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        days = (end - start).days + 1
        requests = round(requests_per_year * days / 365 * RAMP[index])
        output = round(requests * tokens_per_request * OUTPUT_TOKEN_DRIFT[index])
        cost = api_per_year * days / 365 * RAMP[index] * OUTPUT_TOKEN_DRIFT[index]
        lines.append(f"{start},{end},{model},{requests},{round(requests * input_per_request)},{output},,{cost:.2f}")
    return ("\n".join(lines) + "\n").encode()


def add_demo_follow_up(repo: Repository, people: dict[str, StoredUser], *, today: dt.date | None = None) -> str | None:
    """Put one approved API option in service with imported usage (approving one if no decision did); its
    proposal id (None if none fits)."""
    from evaluation.domain.option import OptionKind
    from evaluation.domain.workflow import Outcome, Status
    from evaluation.exchange.settings_file import load_settings
    from evaluation.pipeline.evaluate import evaluate_proposals
    from evaluation.services.actuals import Tracking
    from evaluation.services.decision_checks import blocking_failures, checklist_issues, to_acknowledge
    from evaluation.services.workflow import Workflow

    today = today or dt.date.today()
    stored_settings = repo.get_settings()
    settings = stored_settings.settings() if stored_settings else load_settings()
    tracking = Tracking(repo)
    for summary in sorted(repo.list_proposals(statuses=[Status.DECIDE]), key=lambda s: s.id):
        decision = repo.latest_decision(summary.id)
        approved = tracking.approved_options(summary.id)
        if decision is None or not approved:
            continue
        option = next(o for o in repo.get_proposal(summary.id).proposal.options if o.name == approved[0])
        record = tracking.frozen_option(summary.id, option.name).record
        if option.kind is OptionKind.GENAI_API and (record.get("footprint") or {}).get("estimated"):
            _follow(tracking, summary.id, option, record, people, today)
            return summary.id
    for summary in sorted(repo.list_proposals(statuses=[Status.AVIS_RENDU]), key=lambda s: s.id):
        proposal = repo.get_proposal(summary.id).proposal
        records = evaluate_proposals([proposal], settings)
        for option, record in zip(proposal.options, records, strict=True):
            issues = checklist_issues(records, option=option.name)
            if option.kind is not OptionKind.GENAI_API or blocking_failures(issues) or not record["footprint"]["estimated"]:
                continue
            Workflow(repo).decide(
                proposal.id, user=people["elu"], outcome=Outcome.APPROUVE, records=records, settings=settings,
                motivation="Approuvé pour une mise en service progressive, avec un suivi trimestriel de l'usage réel.",
                chosen_option=option.name, acknowledged=to_acknowledge(issues))
            _follow(tracking, proposal.id, option, record, people, today)
            return proposal.id
    return None


def _follow(tracking: Tracking, proposal_id: str, option: Option, record: Mapping[str, Any],
            people: Mapping[str, StoredUser], today: dt.date) -> None:
    """Put the option in service at the first of the months and import their usage, as the DSI."""
    from evaluation.domain.actuals import ActualSource, ServiceStatus

    tracking.change_service_status(proposal_id, option.name, user=people["dsi"], status=ServiceStatus.EN_SERVICE,
                                   on=_month_starts(today)[0])
    usage = option.usage
    content = demo_usage_csv(float(record["footprint"]["annual"]["requests"] or 0), usage.output_tokens_per_request,
                             usage.input_tokens_per_request, option.costs.annual.api, str(option.model), today)
    tracking.import_file(proposal_id, option.name, user=people["dsi"], name=f"usage-{today}.csv", content=content,
                         source=ActualSource.CSV)
