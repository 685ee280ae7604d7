"""The rules file (matrices/<name>.yaml) as pydantic models: texts, sources, blocking, overrides."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

FROZEN = ConfigDict(extra="forbid", frozen=True)


class Status(StrEnum):
    """Outcome of one rule for one option."""

    PASS = "pass"  # noqa: S105 - a status, not a password
    WARN = "warn"
    FAIL = "fail"
    NA = "na"


class Verdict(StrEnum):
    """Outcome of the whole checklist for one option."""

    BLOQUANT = "bloquant"
    A_CORRIGER = "a_corriger"
    CONFORME = "conforme"


class Group(StrEnum):
    NUMERIQUE_RESPONSABLE = "numerique_responsable"
    IA_FRUGALE = "ia_frugale"
    AI_ACT = "ai_act"
    TRANSPARENCE_DONNEES = "transparence_donnees"
    SOUVERAINETE = "souverainete"


LANGS = ("fr", "en")


class Texts(BaseModel):
    """One text in French and in English."""

    model_config = FROZEN

    fr: str = Field(..., min_length=1)
    en: str = Field(..., min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


class Source(BaseModel):
    """Where a rule comes from: the text, the article and a link to Légifrance, EUR-Lex or the referential."""

    model_config = FROZEN

    text: str = Field(..., min_length=1)
    article: str = Field(..., min_length=1)
    link: str = Field(..., pattern=r"^https://\S+$")
    to_check: bool = False
    note: str | None = None
    checked: dt.date | None = None  # when the citation was last checked against the text itself

    def citation(self) -> str:
        """One line citing the source; says so when it was read only in secondary sources."""
        cited = f"{self.text}, {self.article}"
        if self.to_check:
            cited += " (source à vérifier" + (f" : {self.note}" if self.note else "") + ")"
        elif self.note:
            cited += f" ({self.note})"
        return cited


class Rule(BaseModel):
    """One rule of the checklist; its conditions are evaluated by evaluation/checklist/rules/<group>.py."""

    model_config = FROZEN

    id: str = Field(..., pattern=r"^[A-Z]{2,3}-[0-9]+(\.[0-9]+)?$")
    group: Group
    question: Texts
    conditions: Texts
    scope: Texts
    blocking: bool
    enabled: bool = True
    outcome_override: dict[Status, Status] = Field(default_factory=dict)
    parameters: dict[str, float] = Field(default_factory=dict)
    labels: dict[str, Texts] = Field(default_factory=dict)
    messages: dict[str, Texts]
    source: Source

    def effective_status(self, status: Status) -> Status:
        return self.outcome_override.get(status, status)


class Applicability(BaseModel):
    """How a dated obligation (AI Act) is described in messages; {date} is the date it applies from."""

    model_config = FROZEN

    in_force: Texts
    from_date: Texts
    pending: Texts  # a text adopted, not yet in force: {text}, {adopted}, {on} (evaluation date), {date}
    pending_wording: Texts  # the same text changing the obligation's wording, not its date


class Months(BaseModel):
    """Month names, January first, used to write dates in messages."""

    model_config = FROZEN

    fr: list[str] = Field(..., min_length=12, max_length=12)
    en: list[str] = Field(..., min_length=12, max_length=12)

    def get(self, lang: str) -> list[str]:
        return self.en if lang == "en" else self.fr


class Common(BaseModel):
    """Texts shared by every rule."""

    model_config = FROZEN

    disabled: Texts
    applicability: Applicability
    months: Months
    list_separator: Texts
    list_last_separator: Texts


class RuleSet(BaseModel):
    """A whole rules file: its name and version are recorded with every evaluation."""

    model_config = FROZEN

    name: str = Field(..., pattern=r"^[a-z0-9_-]+$")
    version: int | str
    title: Texts
    description: Texts | None = None
    groups: dict[Group, Texts]
    common: Common
    rules: list[Rule]
    _file: str = PrivateAttr(default="")

    @property
    def reference(self) -> str:
        """`name@version`, as recorded in chk.rules."""
        return f"{self.name}@{self.version}"

    @property
    def file(self) -> str:
        """The file the rules were read from (its name only), as recorded in chk.rules_file."""
        return self._file

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
