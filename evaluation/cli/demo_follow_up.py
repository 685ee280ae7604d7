"""The demonstration's follow-up: one approved option put in service, with a few months of imported usage.

Kept apart from `cmd_demo` (evaluation/cli/database.py), which calls `add_demo_follow_up` once the sample
portfolio has moved along the workflow: the first proposal with a DSI opinion and a generative API option
the checklist does not block is approved by the élu, put in service by the DSI four months before today,
and given one generic CSV of monthly usage, as a collectivité would write it from its invoices.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    """Approve, put in service and give imported usage to one option; its proposal id (None if none fits)."""
    from evaluation.domain.actuals import ActualSource, ServiceStatus
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
            tracking = Tracking(repo)
            start = _month_starts(today)[0]
            tracking.change_service_status(proposal.id, option.name, user=people["dsi"],
                                           status=ServiceStatus.EN_SERVICE, on=start)
            usage = option.usage
            content = demo_usage_csv(
                float(record["footprint"]["annual"]["requests"] or 0), usage.output_tokens_per_request,
                usage.input_tokens_per_request, option.costs.annual.api, str(option.model), today)
            tracking.import_file(proposal.id, option.name, user=people["dsi"], name=f"usage-{today}.csv",
                                 content=content, source=ActualSource.CSV)
            return proposal.id
    return None
