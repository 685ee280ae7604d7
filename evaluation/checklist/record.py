"""format.md's `checklist` items and `verdict`, read column by column from the `chk.*` columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from evaluation.table.columns import CHK_VERDICT, rule_message, rule_status
from evaluation.table.read import object_values, row_frame

from .model import RuleSet


def checklist_records(frame: pd.DataFrame, rules: RuleSet) -> list[list[dict[str, Any]]]:
    """The `checklist` items of every row, in the rules file's order."""
    columns = [
        ([str(v) for v in object_values(frame, rule_status(rule.id))],
         [str(v) for v in object_values(frame, rule_message(rule.id))],
         rule.id, rule.group.value, rule.blocking, rule.source.citation(), rule.source.link)
        for rule in rules.rules
    ]
    return [
        [{"id": rule_id, "group": group, "status": statuses[i], "blocking": blocking, "message": messages[i],
          "source": source, "link": link}
         for statuses, messages, rule_id, group, blocking, source, link in columns]
        for i in range(len(frame))
    ]


def verdicts(frame: pd.DataFrame) -> list[str]:
    """The verdict of every row: bloquant, a_corriger or conforme."""
    return [str(value) for value in object_values(frame, CHK_VERDICT)]


def checklist_record(row: Mapping[str, Any], rules: RuleSet) -> list[dict[str, Any]]:
    """format.md's checklist items for one evaluated option, in the rules file's order."""
    return checklist_records(row_frame(row), rules)[0]


def verdict_record(row: Mapping[str, Any]) -> str:
    """The option's verdict: bloquant, a_corriger or conforme."""
    return verdicts(row_frame(row))[0]
