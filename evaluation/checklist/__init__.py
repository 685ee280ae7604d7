"""The alignment checklist: numérique responsable (REEN, RGESN), frugal AI, AI Act, CRPA, RGPD.

The rules are data (matrices/rules.yaml: texts, sources, blocking, overrides); their conditions are
vectorised functions over the options table (rules/, one module per group); step.py adds the chk.* columns.
"""

from .model import Group, Rule, RuleSet, Source, Status, Texts, Verdict
from .record import checklist_record, verdict_record
from .reference import InvalidRulesError, load_rules, parse_rules, rules_path
from .rules import LOGIC
from .step import add_checklist

__all__ = [
    "LOGIC",
    "Group",
    "InvalidRulesError",
    "Rule",
    "RuleSet",
    "Source",
    "Status",
    "Texts",
    "Verdict",
    "add_checklist",
    "checklist_record",
    "load_rules",
    "parse_rules",
    "rules_path",
    "verdict_record",
]
