"""The conditions of every rule: one small vectorised function per rule id over the options table.

A rule function returns, for every option, an outcome code and the parameters its message needs.
An outcome code is its status (`pass`, `warn`, `fail`, `na`), optionally followed by `_` and a
qualifier when one status has several reasons (`fail_public`, `warn_no_figure`). The texts of every
outcome live in the rules file (matrices/rules.yaml), keyed by these codes.

Kinds of options: `non_ai` (no automation), `rules` (deterministic automation: an algorithm in the
sense of the CRPA, not an AI system in the sense of the AI Act) and the AI kinds (`genai_api`,
`genai_self_hosted`, `ml`, `vision`). Which rules apply to which kinds is documented in each rule's
`scope` text in the rules file.

Each group of checklist/model.py's `Group` has its module here, named after it, holding the functions of
its rules; importing this package registers them in LOGIC, group by group in the order of `Group` (the
order of the default rules file). Adding a rule: its function in its group's module, its entry in the
rules file (matrices/*.yaml) and its texts.
"""

from __future__ import annotations

from importlib import import_module

from evaluation.checklist.model import Group

from .options import DatedDuty, Options
from .registry import LOGIC, RuleFunction, RuleLogic, rule, status_of
from .results import Outcomes, RuleResult, choose, combinations

for _group in Group:
    import_module(f"{__name__}.{_group.value}")

__all__ = [
    "LOGIC",
    "DatedDuty",
    "Options",
    "Outcomes",
    "RuleFunction",
    "RuleLogic",
    "RuleResult",
    "choose",
    "combinations",
    "rule",
    "status_of",
]
