"""format.md's `checklist` items and `verdict`, read column by column from the `chk.*` columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from evaluation.table.columns import CHK_VERDICT, rule_code, rule_message, rule_status
from evaluation.table.read import object_values, row_frame

from .model import RuleSet, Status
from .step import DISABLED_CODE


def checklist_records(frame: pd.DataFrame, rules: RuleSet) -> list[list[dict[str, Any]]]:
    """The `checklist` items of every row, in the rules file's order: the rule's `id`, `group` and
    `blocking`, the option's `status`, its message's `code` (the key of the message in the rules file)
    and `message`, and the rule's `source` and `link` (the command line's compact form,
    compact_checklists, gives ids, statuses and codes; `python -m evaluation rules` the rest once)."""
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


CompactChecklist = tuple[dict[str, list[str]], dict[str, str]]


def compact_checklists(frame: pd.DataFrame, rules: RuleSet) -> list[CompactChecklist]:
    """The command line's compact checklist of every row: the rule ids grouped by status
    (`{"pass": [...], "warn": [...], "fail": [...], "na": [...]}`, every status present, ids in the
    rules file's order) and the message code of each rule whose code is not its status alone
    (`{"RG-1.5": "warn_estimate_only"}`). Rows with the same statuses and codes share one pair, built
    once: READ-ONLY."""
    ids = [rule.id for rule in rules.rules]
    if frame.empty:
        return []
    # Each column as small integer codes, each row's codes as one bytes key: the rows' distinct combinations
    # found with a dict, each combination's pair built once from the columns' distinct values.
    texts: list[list[str]] = []
    codes = np.empty((len(frame), 2 * len(ids)), dtype=np.int32)
    for position, column in enumerate([*map(rule_status, ids), *map(rule_code, ids)]):
        found, values = pd.factorize(frame[column]) if column in frame.columns else (np.full(len(frame), -1), [])
        codes[:, position] = found
        texts.append([*(str(value) for value in np.asarray(values, dtype=object)), "None"])  # -1: missing
    first: dict[Any, int] = {}
    keys: list[Any] = codes.view(np.dtype((np.void, codes.shape[1] * codes.itemsize))).ravel().tolist()
    which = [first.setdefault(key, row) for row, key in enumerate(keys)]
    built: dict[int, CompactChecklist] = {}
    for row in first.values():
        labels = [texts[position][code] for position, code in enumerate(codes[row].tolist())]
        statuses, messages = labels[:len(ids)], labels[len(ids):]
        groups: dict[str, list[str]] = {status.value: [] for status in Status}
        for rule_id, status in zip(ids, statuses, strict=True):
            groups.setdefault(status, []).append(rule_id)
        built[row] = (groups, {rule_id: code for rule_id, status, code in zip(ids, statuses, messages, strict=True)
                               if code != status})
    return [built[row] for row in which]


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
