"""The decision file worded for people, in French or English: the same lines and rows in the Synthèse tab, the
PDF fiche, the decisions register and the command line. Plain text: each view escapes it for its medium
(md_escape for Streamlit's markdown; fpdf2 and the office writers take text literally)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evaluation.services.decision_file import ConditionLine, DecisionFile
from evaluation.services.reproduce import Reproduction
from ui.formatting import format_number, matrix_label, rules_label
from ui.i18n import label, t

VERSION_ORDER = ("jauge", "ecologits", "matrix", "rules")
DIFFERENCES_SHOWN = 12


def local_date(moment: dt.datetime | dt.date, lang: str) -> str:
    """`03/12/2026` (French) or `2026-12-03`, in Paris time for a moment."""
    day = moment
    if isinstance(moment, dt.datetime):
        try:
            day = moment.astimezone(ZoneInfo("Europe/Paris")).date()
        except ZoneInfoNotFoundError:  # pragma: no cover - depends on the system's tzdata
            day = moment.astimezone(dt.UTC).date()
    return day.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")


def outcome_line(file: DecisionFile, lang: str) -> str:
    """« Approuvé sous conditions le 03/12/2026 par Élu (démo) »."""
    return t("decision.outcome_line", lang=lang, outcome=label("outcome", file.outcome.value, lang=lang),
             date=local_date(file.decision.created_at, lang), name=file.decided_by)


def versions_line(versions: dict[str, str], lang: str) -> str:
    """« Jauge 0.1.0 · EcoLogits 0.11.3 · matrice par défaut (version 1) · grille de conformité, version 2 »."""
    names = [*[n for n in VERSION_ORDER if n in versions], *sorted(n for n in versions if n not in VERSION_ORDER)]

    def written(name: str) -> str:
        if name == "rules":
            return rules_label(versions[name], lang=lang)
        value = matrix_label(versions[name], lang=lang) if name == "matrix" else versions[name]
        return f"{t(f'decision.version_names.{name}', lang=lang, default=name)} {value}"

    return " · ".join(written(name) for name in names)


def condition_state(condition: ConditionLine, lang: str, today: dt.date) -> str:
    """The words of the fiche's conditions panel (ui/conditions.py): levée le ... par ..., en retard, ouverte."""
    if condition.met and condition.met_at is not None:
        return t("conditions.fiche.met_line", lang=lang, date=local_date(condition.met_at, lang), who=condition.met_by)
    if condition.due_date is not None and condition.due_date < today:
        return t("conditions.fiche.late", lang=lang)
    return t("conditions.fiche.open", lang=lang)


def condition_rows(file: DecisionFile, lang: str, today: dt.date) -> list[list[str]]:
    """Header, then condition, owner, due date, state (met or not)."""
    rows = [[t(f"decision.col.{key}", lang=lang) for key in ("condition", "owner", "due", "state")]]
    for condition in file.conditions:
        due = (local_date(condition.due_date, lang) if condition.due_date is not None
               else t("decision.condition.no_due", lang=lang))
        state = condition_state(condition, lang, today)
        if condition.met and condition.met_comment:
            state += f" : {condition.met_comment}" if lang == "fr" else f": {condition.met_comment}"
        rows.append([condition.text, condition.owner, due, state])
    return rows


def opinion_rows(file: DecisionFile, lang: str) -> list[list[str]]:
    """Header, then option, opinion, comment, author."""
    rows = [[t(f"decision.col.{key}", lang=lang) for key in ("option", "opinion", "comment", "author")]]
    rows += [[line.option, label("opinion", line.opinion.value, lang=lang), line.comment, line.author]
             for line in file.opinions]
    return rows


def acknowledged_rows(file: DecisionFile, lang: str) -> list[list[str]]:
    """Header, then rule, status, message (with its source)."""
    rows = [[t(f"decision.col.{key}", lang=lang) for key in ("rule", "status", "message")]]
    rows += [[issue.rule, label("rule_status", issue.status, lang=lang),
              issue.message + (f" ({issue.source})" if issue.source else "")] for issue in file.acknowledged]
    return rows


def _value(value: object, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return format_number(value, lang=lang, significant=6)
    return str(value)


def reproduction_lines(result: Reproduction, lang: str) -> list[str]:
    """The verdict, then why figures differ (method versions), then what is not compared."""
    if result.identical:
        lines = [t("decision.reproduce.identical", lang=lang, count=format_number(result.compared, lang=lang))]
    else:
        lines = [t("decision.reproduce.differ", lang=lang, count=format_number(len(result.differences), lang=lang),
                   compared=format_number(result.compared, lang=lang))]
        if result.version_changes:
            changes = ", ".join(f"{t(f'decision.version_names.{c.name}', lang=lang, default=c.name)} "
                                f"{c.frozen or '—'} → {c.current or '—'}" for c in result.version_changes)
            lines.append(t("decision.reproduce.why_versions", lang=lang, changes=changes))
        else:
            lines.append(t("decision.reproduce.why_unknown", lang=lang))
    lines.append(t("decision.reproduce.not_compared", lang=lang))
    return lines


def difference_rows(result: Reproduction, lang: str, limit: int = DIFFERENCES_SHOWN) -> list[list[str]]:
    """Header, then option, figure, value at the decision, value recomputed (the first `limit`)."""
    rows = [[t(f"decision.col.{key}", lang=lang) for key in ("option", "field", "frozen", "recomputed")]]
    rows += [[d.option, d.field, _value(d.frozen, lang), _value(d.recomputed, lang)]
             for d in result.differences[:limit]]
    return rows
