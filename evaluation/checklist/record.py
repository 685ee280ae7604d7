"""format.md's `checklist` items and `verdict`, read column by column from the `chk.*` columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from evaluation.table.columns import CHK_VERDICT, rule_code, rule_message, rule_status
from evaluation.table.read import object_values, row_frame

from .model import RuleSet
from .step import DISABLED_CODE


def checklist_records(frame: pd.DataFrame, rules: RuleSet, *, detail: bool = True) -> list[list[dict[str, Any]]]:
    """The `checklist` items of every row, in the rules file's order.

    Each item has the rule's `id`, the option's `status` and its message's `code` (the key of the message
    in the rules file); with `detail`, also the rule's `group` and `blocking`, the option's `message` and
    the rule's `source` and `link`, which are the same for every option (`python -m evaluation rules`
    gives them once)."""
    if not detail:
        return _brief_records(frame, rules)
    columns = [
        ([str(v) for v in object_values(frame, rule_status(rule.id))],
         [str(v) for v in object_values(frame, rule_code(rule.id))],
         [str(v) for v in object_values(frame, rule_message(rule.id))],
         rule.id, rule.group.value, rule.blocking, rule.source.citation(), rule.source.link)
        for rule in rules.rules
    ]
    return [
        [{"id": rule_id, "group": group, "status": statuses[i], "code": codes[i], "blocking": blocking,
          "message": messages[i], "source": source, "link": link}
         for statuses, codes, messages, rule_id, group, blocking, source, link in columns]
        for i in range(len(frame))
    ]


def _brief_records(frame: pd.DataFrame, rules: RuleSet) -> list[list[dict[str, Any]]]:
    """The brief items of every row. Options with the same statuses and codes (most of a portfolio: a
    few hundred combinations for thousands of options) share one list, built once: READ-ONLY, copy it
    before changing it."""
    ids = [rule.id for rule in rules.rules]
    statuses = zip(*[[str(v) for v in object_values(frame, rule_status(rule_id))] for rule_id in ids], strict=True)
    codes = zip(*[[str(v) for v in object_values(frame, rule_code(rule_id))] for rule_id in ids], strict=True)
    built: dict[tuple[tuple[str, ...], tuple[str, ...]], list[dict[str, Any]]] = {}
    records = []
    for key in zip(statuses, codes, strict=True):
        items = built.get(key)
        if items is None:
            items = built[key] = [{"id": rule_id, "status": status, "code": code}
                                  for rule_id, status, code in zip(ids, *key, strict=True)]
        records.append(items)
    return records


def verdicts(frame: pd.DataFrame) -> list[str]:
    """The verdict of every row: bloquant, a_corriger or conforme."""
    return [str(value) for value in object_values(frame, CHK_VERDICT)]


def checklist_record(row: Mapping[str, Any], rules: RuleSet) -> list[dict[str, Any]]:
    """format.md's checklist items for one evaluated option, in the rules file's order."""
    return checklist_records(row_frame(row), rules)[0]


def verdict_record(row: Mapping[str, Any]) -> str:
    """The option's verdict: bloquant, a_corriger or conforme."""
    return verdicts(row_frame(row))[0]


def rules_document(rules: RuleSet, *, lang: str = "fr") -> dict[str, Any]:
    """The rules once, for records without detail (`python -m evaluation rules`): for each rule its group,
    whether it blocks, its question, its messages by code (templates: `{name}` parts are filled for each
    option, as `--detail` shows) and its source, citation and link."""
    return {
        "rules": rules.reference,
        "file": rules.file,
        "lang": lang,
        "title": rules.title.get(lang),
        "groups": {group.value: texts.get(lang) for group, texts in rules.groups.items()},
        "items": [
            {"id": rule.id, "group": rule.group.value, "blocking": rule.blocking, "enabled": rule.enabled,
             "question": rule.question.get(lang),
             "messages": {**{code: texts.get(lang) for code, texts in rule.messages.items()},
                          DISABLED_CODE: rules.common.disabled.get(lang).format(rules=rules.reference)},
             "source": rule.source.citation(), "link": rule.source.link,
             "checked": rule.source.checked.isoformat() if rule.source.checked else None}
            for rule in rules.rules
        ],
    }
