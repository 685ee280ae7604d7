"""The law the rules read as data: the AI Act's application dates (data/ai_act_dates.yaml) and the countries
with an adequacy decision (data/adequacy_decisions.yaml), validated, with which date is in force on a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from evaluation.exchange.reference_files import load_reference_file

FROZEN = ConfigDict(extra="forbid", frozen=True)
AI_ACT_FILE = "ai_act_dates.yaml"
ADEQUACY_FILE = "adequacy_decisions.yaml"


class Obligation(StrEnum):
    """The AI Act obligations the checklist dates (the keys of data/ai_act_dates.yaml's `obligations`)."""

    PROHIBITIONS = "prohibitions"
    ADDED_PROHIBITIONS = "added_prohibitions"
    AI_LITERACY = "ai_literacy"
    TRANSPARENCY = "transparency"
    HIGH_RISK_ANNEX_III = "high_risk_annex_iii"


class LegalText(BaseModel):
    """A regulation or an amending act: when it was adopted, published and entered into force."""

    model_config = FROZEN

    code: str = Field(..., pattern=r"^[a-z0-9_]+$")
    title: str = Field(..., min_length=1)
    short: str = Field(..., min_length=1)
    link: str = Field(..., pattern=r"^https://\S+$")
    adopted: dt.date
    published: dt.date | None = None
    in_force: dt.date | None = None  # None: adopted, not (known to be) in force
    verified: bool
    note: str | None = None

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force is not None and self.in_force <= day


class DatedRule(BaseModel):
    """The date from which one text makes an obligation apply (and, for art. 4, which wording)."""

    model_config = FROZEN

    applies_from: dt.date
    text: str
    article: str = Field(..., min_length=1)
    variant: str | None = Field(None, pattern=r"^[a-z_]+$")


class DatedObligation(BaseModel):
    model_config = FROZEN

    title: str = Field(..., min_length=1)
    dates: list[DatedRule] = Field(..., min_length=1)


@dataclass(frozen=True)
class Applicable:
    """What applies on the evaluation date: the rule of the latest text in force, and, beside it, the rule
    of a text adopted but not yet in force (None when there is none)."""

    current: DatedRule
    current_text: LegalText
    pending: DatedRule | None
    pending_text: LegalText | None


class AiActDates(BaseModel):
    """data/ai_act_dates.yaml."""

    model_config = FROZEN

    checked: dt.date
    texts: list[LegalText] = Field(..., min_length=1)
    obligations: dict[Obligation, DatedObligation]

    @model_validator(mode="after")
    def _consistent(self) -> AiActDates:
        codes = {text.code for text in self.texts}
        for name, obligation in self.obligations.items():
            for dated in obligation.dates:
                if dated.text not in codes:
                    raise ValueError(f"obligation « {name.value} » : texte « {dated.text} » inconnu "
                                     f"(textes : {', '.join(sorted(codes))})")
        missing = [o.value for o in Obligation if o not in self.obligations]
        if missing:
            raise ValueError(f"obligations manquantes : {', '.join(missing)}")
        return self

    def text(self, code: str) -> LegalText:
        return next(text for text in self.texts if text.code == code)

    def applicable(self, obligation: Obligation, on: dt.date) -> Applicable:
        """The rule in force on `on` (the latest set by a text in force; the original text when none is) and
        the rule of the first text adopted by then but not yet in force."""
        dates = self.obligations[obligation].dates
        in_force = [d for d in dates if self.text(d.text).in_force_on(on)]
        current = in_force[-1] if in_force else dates[0]
        pending = next((d for d in dates if not self.text(d.text).in_force_on(on)
                        and self.text(d.text).adopted <= on and d is not current), None)
        return Applicable(current=current, current_text=self.text(current.text), pending=pending,
                          pending_text=self.text(pending.text) if pending else None)


class AdequateCountry(BaseModel):
    """A country or territory with an adequacy decision (RGPD art. 45)."""

    model_config = FROZEN

    code: str = Field(..., pattern=r"^[A-Z]{3}$")
    fr: str = Field(..., min_length=1)
    en: str = Field(..., min_length=1)
    outcome: Literal["pass", "warn"]
    decision: str = Field(..., min_length=1)
    verified: bool
    scope: str | None = None

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


class AdequacyDecisions(BaseModel):
    """data/adequacy_decisions.yaml."""

    model_config = FROZEN

    source: str = Field(..., min_length=1)
    link: str = Field(..., pattern=r"^https://\S+$")
    checked: dt.date
    countries: list[AdequateCountry] = Field(..., min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> AdequacyDecisions:
        codes = [country.code for country in self.countries]
        doubles = sorted({code for code in codes if codes.count(code) > 1})
        if doubles:
            raise ValueError(f"pays en double : {', '.join(doubles)}")
        return self

    def by_code(self) -> dict[str, AdequateCountry]:
        return {country.code: country for country in self.countries}


@cache
def ai_act_dates() -> AiActDates:
    """The AI Act's application dates (data/ai_act_dates.yaml), validated once."""
    return load_reference_file(AI_ACT_FILE, AiActDates)


@cache
def adequacy_decisions() -> AdequacyDecisions:
    """The adequacy decisions (data/adequacy_decisions.yaml), validated once."""
    return load_reference_file(ADEQUACY_FILE, AdequacyDecisions)
