"""The fiche's Conformité tab: the checklist's verdict and each rule's status, message and source,
by group."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from evaluation.table.columns import CHK_RULES, CHK_RULES_FILE, CHK_VERDICT, rule_message, rule_status
from ui import theme
from ui.formatting import (
    md_escape,
    rules_label,
)
from ui.i18n import label, t
from ui.summaries import rule_ids
from ui.widgets import rule_status_badge, verdict_badge


def compliance_tab(row: pd.Series, *, lang: str, ctx: Any) -> None:
    st.caption(t("checklist.checklist.intro"))
    verdict_badge(row.get(CHK_VERDICT), help_text=t(f"checklist.checklist.verdict_help.{row.get(CHK_VERDICT)}"))
    rules = getattr(ctx, "rules", None)
    present = rule_ids(pd.DataFrame([row]))
    order = {"fail": 0, "warn": 1, "pass": 2, "na": 3}
    by_group: dict[str, list[Any]] = {}
    for rule_id in present:
        rule = _rule(rules, rule_id)
        group = str(getattr(getattr(rule, "group", None), "value", "autre"))
        by_group.setdefault(group, []).append((rule_id, rule))
    for group, items in by_group.items():
        statuses = [str(row.get(rule_status(rule_id))) for rule_id, _ in items]
        fails, warns = statuses.count("fail"), statuses.count("warn")
        title = label("rule_group", group, lang=lang)
        summary = t("app.fiche.compliance.group_counts", fail=fails, warn=warns, total=len(items))
        with st.expander(f"{title} — {summary}", expanded=fails + warns > 0,
                         icon=theme.STATUS_ICONS["fail" if fails else "warn" if warns else "pass"]):
            for rule_id, rule in sorted(items, key=lambda item: order.get(str(row.get(rule_status(item[0]))), 9)):
                _rule_line(row, rule_id, rule, lang=lang)
    reference = row.get(CHK_RULES)
    if isinstance(reference, str) and reference:
        st.caption(t("checklist.checklist.rules_used", rules=rules_label(reference, lang=lang)),
                   help=t("checklist.checklist.rules_file", file=md_escape(row.get(CHK_RULES_FILE, ""))))


def _rule(rules: Any, rule_id: str) -> Any:
    try:
        return rules.rule(rule_id) if rules is not None else None
    except KeyError:
        return None


def _rule_line(row: pd.Series, rule_id: str, rule: Any, *, lang: str) -> None:
    status = str(row.get(rule_status(rule_id)))
    cols = st.columns([1, 5])
    with cols[0]:
        st.markdown(f"**{rule_id}**")
        rule_status_badge(status)
        if rule is not None and rule.blocking:
            st.caption(t("app.fiche.compliance.blocking"))
    with cols[1]:
        if rule is not None:
            st.markdown(f"**{md_escape(rule.question.get(lang))}**")
        message = row.get(rule_message(rule_id))
        if isinstance(message, str) and message:
            st.markdown(md_escape(message))
        if rule is not None:
            source = rule.source
            citation = md_escape(source.citation())
            # The link comes from the rules file (data kept by the administrator), never from a proposal.
            st.caption(f":material/gavel: {citation} — [{t('checklist.checklist.open_source')}]({source.link})")
    st.divider()
