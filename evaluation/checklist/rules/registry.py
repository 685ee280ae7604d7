"""The registry of rule functions (LOGIC), filled by the `rule` decorator in each group's module."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from evaluation.checklist.model import Status

from .options import Options
from .results import RuleResult


def status_of(code: str) -> Status:
    """The status an outcome code stands for (`fail_public` -> fail)."""
    return Status(code.split("_", 1)[0])


RuleFunction = Callable[[Options, Mapping[str, float]], RuleResult]


@dataclass(frozen=True)
class RuleLogic:
    """What the engine knows of a rule: its outcome codes, message parameters and tunable parameters."""

    rule_id: str
    outcomes: tuple[str, ...]
    params: frozenset[str]
    defaults: Mapping[str, float]
    labels: frozenset[str]
    evaluate: RuleFunction


LOGIC: dict[str, RuleLogic] = {}


def rule(
    rule_id: str,
    *,
    outcomes: tuple[str, ...],
    params: tuple[str, ...] = (),
    defaults: Mapping[str, float] | None = None,
    labels: tuple[str, ...] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the function evaluating a rule id."""

    def register(function: RuleFunction) -> RuleFunction:
        for code in outcomes:
            status_of(code)  # every code starts with a status
        LOGIC[rule_id] = RuleLogic(
            rule_id=rule_id, outcomes=outcomes, params=frozenset(params), defaults=dict(defaults or {}),
            labels=frozenset(labels), evaluate=function,
        )
        return function

    return register
