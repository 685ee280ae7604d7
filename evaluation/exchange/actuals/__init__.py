"""Files of actual usage, read whole or refused whole with located French errors: OpenAI's and
Anthropic's usage exports (JSON), CodeCarbon's emissions.csv, the generic CSV (docs/actuals.md)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from evaluation.domain.actuals import ActualPeriod, ActualSource
from evaluation.exchange.actuals.codecarbon import read_codecarbon
from evaluation.exchange.actuals.common import decode, refuse
from evaluation.exchange.actuals.generic_csv import COLUMNS, read_generic_csv
from evaluation.exchange.actuals.usage_json import OPENAI_RESULT, read_anthropic, read_openai

__all__ = ["COLUMNS", "ActualsFile", "detect_source", "read_actuals"]


@dataclass(frozen=True)
class ActualsFile:
    """A file of actual usage read whole: its source, its periods and its content's SHA-256."""

    name: str
    source: ActualSource
    periods: list[ActualPeriod]
    sha256: str


def detect_source(name: str, text: str) -> ActualSource:
    """The source a file comes from, by its content: OpenAI's result objects, Anthropic's
    `uncached_input_tokens`, CodeCarbon's `energy_consumed` column, the generic CSV's header."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        if OPENAI_RESULT in text or '"num_model_requests"' in text:
            return ActualSource.OPENAI
        if '"uncached_input_tokens"' in text or '"starting_at"' in text:
            return ActualSource.ANTHROPIC
        raise refuse(name, "JSON non reconnu : ni un export d'usage OpenAI (usage/completions) ni un rapport "
                           "d'usage Anthropic (usage_report/messages) ; précisez la source")
    first = stripped.split("\n", 1)[0]
    if "energy_consumed" in first:
        return ActualSource.CODECARBON
    if first.replace(";", ",").replace(" ", "").startswith("period_start,period_end"):
        return ActualSource.CSV
    raise refuse(name, "format non reconnu : attendu un export d'usage OpenAI ou Anthropic (JSON), l'emissions.csv "
                       "de CodeCarbon ou le CSV générique (" + ",".join(COLUMNS) + ")")


def read_actuals(name: str, content: bytes, source: ActualSource | None = None) -> ActualsFile:
    """Every period of the file, or InvalidFileError listing every located error (nothing is half read)."""
    if not content.strip():
        raise refuse(name, "le fichier est vide")
    text = decode(name, content)
    source = ActualSource(source) if source else detect_source(name, text)
    if source is ActualSource.ANTHROPIC:
        periods = read_anthropic(name, text)
    elif source is ActualSource.OPENAI:
        periods = read_openai(name, text)
    elif source is ActualSource.CODECARBON:
        periods = read_codecarbon(name, text)
    else:
        periods = read_generic_csv(name, text)
    if not periods:
        raise refuse(name, "aucune période d'usage dans le fichier")
    return ActualsFile(name=name, source=source, periods=periods, sha256=hashlib.sha256(content).hexdigest())
