"""Evaluating every rule for every option: statuses, messages, counts and the option's verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from evaluation.domain.settings import Settings
from evaluation.table.columns import (
    CHECKLIST,
    CHK_BLOCKING_COUNT,
    CHK_EVALUATED_ON,
    CHK_FAIL_COUNT,
    CHK_RULES,
    CHK_RULES_FILE,
    CHK_VERDICT,
    CHK_WARN_COUNT,
    group_count,
    rule_message,
    rule_status,
)

from .law import Applicable
from .model import LANGS, Group, Rule, RuleSet, Status, Verdict
from .rules import LOGIC, Options, RuleResult, status_of

# --- Message texts -----------------------------------------------------------------------------


def format_date(date: dt.date, rules: RuleSet, lang: str) -> str:
    """`1er janvier 2027`, `2 août 2026` in French; `2 August 2026` in English."""
    month = rules.common.months.get(lang)[date.month - 1]
    day = "1er" if lang == "fr" and date.day == 1 else str(date.day)
    return f"{day} {month} {date.year}"


def format_int(value: int, lang: str) -> str:
    """Thousands separated: `50 000` (narrow no-break space) in French, `50,000` in English."""
    text = f"{value:,}"
    return text.replace(",", "\u202f") if lang == "fr" else text


def _label(rule: Rule, key: str, lang: str) -> str:
    texts = rule.labels.get(key)
    return texts.get(lang) if texts is not None else key


def format_value(value: Any, rule: Rule, rules: RuleSet, lang: str) -> str:
    """A message parameter as a person reads it (labels from the rules file)."""
    if value is None or (isinstance(value, (float, np.floating)) and np.isnan(value)):
        return ""
    if isinstance(value, dt.date):
        return format_date(value, rules, lang)
    if isinstance(value, tuple):
        labels = [_label(rule, str(item), lang) for item in value]
        if len(labels) <= 1:
            return "".join(labels)
        separator = rules.common.list_separator.get(lang)
        return separator.join(labels[:-1]) + rules.common.list_last_separator.get(lang) + labels[-1]
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return format_int(int(value), lang)
    if isinstance(value, (float, np.floating)):
        return format_int(round(float(value)), lang) if float(value).is_integer() else str(value)
    return _label(rule, str(value), lang)


def _render(template: str, values: Mapping[str, Any], rule: Rule, rules: RuleSet, lang: str) -> str:
    """The message: every parameter as read; `<prefix>applicability` becomes "en vigueur depuis le
    <prefix>date" or "applicable à partir du <prefix>date"."""
    texts = {name: format_value(value, rule, rules, lang) for name, value in values.items()
             if not name.endswith("applicability")}
    for name, value in values.items():
        if name.endswith("applicability"):
            prefix = name[: -len("applicability")]
            which = rules.common.applicability.in_force if value == "in_force" else (
                rules.common.applicability.from_date)
            texts[name] = which.get(lang).format(date=texts.get(f"{prefix}date", ""))
    return template.format(**texts)


def pending_sentence(rules: RuleSet, lang: str, on: dt.date) -> Callable[[Applicable], str]:
    """The sentence about a text adopted but not yet in force on the evaluation date (rules file's wording)."""
    def sentence(applicable: Applicable) -> str:
        if applicable.pending is None or applicable.pending_text is None:
            return ""
        same_date = applicable.pending.applies_from == applicable.current.applies_from
        template = (rules.common.applicability.pending_wording if same_date else rules.common.applicability.pending)
        return template.get(lang).format(
            text=applicable.pending_text.short, adopted=format_date(applicable.pending_text.adopted, rules, lang),
            on=format_date(on, rules, lang), date=format_date(applicable.pending.applies_from, rules, lang))
    return sentence


def _factorize(values: Any) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Position of each value among the distinct values (None and NaN count as values)."""
    codes, _ = pd.factorize(np.asarray(values, dtype=object) if np.asarray(values).dtype == object
                            else np.asarray(values), use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64)


def _first_positions(key: np.ndarray[Any, np.dtype[np.int64]]) -> np.ndarray[Any, np.dtype[np.int64]]:
    """For keys numbered in order of first appearance (as pd.factorize does), where each first appears."""
    running_max = np.maximum.accumulate(key)
    return np.flatnonzero(np.diff(running_max, prepend=-1) > 0).astype(np.int64)


def _categorical(positions: np.ndarray[Any, np.dtype[np.int64]], texts: list[str]) -> pd.Categorical:
    """A text column stored once per distinct text (fast to build and light for 100,000 options)."""
    categories, inverse = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
    return pd.Categorical.from_codes(inverse.reshape(-1)[positions], categories=pd.Index(categories, dtype=object))


def rule_messages(rule: Rule, result: RuleResult, rules: RuleSet, lang: str) -> pd.Categorical:
    """The message of every option: each distinct (outcome, parameters) is written once."""
    outcomes = result.outcomes
    n = len(outcomes.index)
    varying = {name: np.asarray(value) for name, value in result.params.items()
               if isinstance(value, (np.ndarray, pd.Series)) and len(value) == n}
    constant = {name: value for name, value in result.params.items() if name not in varying}
    key = outcomes.index
    for array in varying.values():
        part = _factorize(array)
        key = key * (int(part.max(initial=0)) + 1) + part
        key = np.asarray(pd.factorize(key)[0], dtype=np.int64)  # renumbered in order of appearance, below n
    if not varying:
        key = np.asarray(pd.factorize(key)[0], dtype=np.int64)
    texts = []
    for row in _first_positions(key).tolist():
        values: dict[str, Any] = dict(constant)
        values.update({name: array[row] for name, array in varying.items()})
        template = rule.messages[outcomes.names[outcomes.index[row]]].get(lang)
        texts.append(_render(template, values, rule, rules, lang))
    return _categorical(key, texts)


# --- The checklist ------------------------------------------------------------------------------

STATUSES = tuple(Status)


def rule_statuses(rule: Rule, result: RuleResult) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Position in STATUSES of every option's status, after the collectivité's outcome_override."""
    table = np.array([STATUSES.index(rule.effective_status(status_of(code))) for code in result.outcomes.names],
                     dtype=np.int64)
    return np.asarray(table[result.outcomes.index], dtype=np.int64)


def _status_values(positions: np.ndarray[Any, np.dtype[np.int64]]) -> pd.Categorical:
    return pd.Categorical.from_codes(positions, categories=pd.Index([s.value for s in STATUSES], dtype=object))


def evaluate_rule(rule: Rule, options: Options) -> RuleResult:
    logic = LOGIC[rule.id]
    parameters = {**logic.defaults, **rule.parameters}
    return logic.evaluate(options, parameters)


def add_checklist(frame: pd.DataFrame, rules: RuleSet, settings: Settings, lang: str = "fr", *,
                  on: dt.date) -> pd.DataFrame:
    """The frame with chk.* columns: every rule's status and message, counts and the verdict.

    `on` is the evaluation date: the law in force that day applies (data/ai_act_dates.yaml), and it is
    recorded (chk.evaluated_on) so that a frozen record says which day's law it used.
    Status and message columns are categorical (each distinct text stored once).
    """
    if lang not in LANGS:
        raise ValueError(f"langue « {lang} » non prise en charge (fr ou en)")
    base = frame.drop(columns=[c for c in frame.columns if str(c).startswith(CHECKLIST.prefix)])
    options = Options(base, settings, on=on, pending_text=pending_sentence(rules, lang, on))
    n = len(base)
    columns: dict[str, Any] = {}
    fail_count = np.zeros(n, dtype=np.int64)
    warn_count = np.zeros(n, dtype=np.int64)
    blocking_count = np.zeros(n, dtype=np.int64)
    group_counts = {(group, status): np.zeros(n, dtype=np.int64)
                    for group in Group for status in (Status.FAIL, Status.WARN)}
    fail, warn = STATUSES.index(Status.FAIL), STATUSES.index(Status.WARN)
    for rule in rules.rules:
        if not rule.enabled:
            columns[rule_status(rule.id)] = _status_values(np.full(n, STATUSES.index(Status.NA), dtype=np.int64))
            message = rules.common.disabled.get(lang).format(rules=rules.reference)
            columns[rule_message(rule.id)] = _categorical(np.zeros(n, dtype=np.int64), [message])
            continue
        result = evaluate_rule(rule, options)
        statuses = rule_statuses(rule, result)
        columns[rule_status(rule.id)] = _status_values(statuses)
        columns[rule_message(rule.id)] = rule_messages(rule, result, rules, lang)
        failed = statuses == fail
        warned = statuses == warn
        fail_count += failed
        warn_count += warned
        group_counts[(rule.group, Status.FAIL)] += failed
        group_counts[(rule.group, Status.WARN)] += warned
        if rule.blocking:
            blocking_count += failed
    verdict = np.where(blocking_count > 0, 0, np.where(fail_count + warn_count > 0, 1, 2))
    columns[CHK_VERDICT] = pd.Categorical.from_codes(
        verdict, categories=pd.Index([v.value for v in Verdict], dtype=object))
    columns[CHK_FAIL_COUNT] = fail_count
    columns[CHK_WARN_COUNT] = warn_count
    columns[CHK_BLOCKING_COUNT] = blocking_count
    for (group, status), counts in group_counts.items():
        columns[group_count(group.value, status.value)] = counts
    columns[CHK_RULES] = _categorical(np.zeros(n, dtype=np.int64), [rules.reference])
    columns[CHK_RULES_FILE] = _categorical(np.zeros(n, dtype=np.int64), [rules.file])
    columns[CHK_EVALUATED_ON] = _categorical(np.zeros(n, dtype=np.int64), [on.isoformat()])
    added = pd.DataFrame(columns, index=base.index)
    return pd.concat([base, added], axis=1)
