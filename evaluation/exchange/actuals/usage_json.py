"""Provider usage exports, as their APIs return them: pages of time buckets.

- OpenAI, `GET /v1/organization/usage/completions`: a page `{"object": "page", "data": [buckets],
  "has_more", "next_page"}`; a bucket `{"object": "bucket", "start_time", "end_time" (Unix seconds),
  "results": [...]}`; a result `{"object": "organization.usage.completions.result", "input_tokens",
  "output_tokens", "input_cached_tokens", "num_model_requests", "model", "project_id", "api_key_id",
  "user_id", "batch", "service_tier"}` (the grouping fields are null unless grouped by them).
- Anthropic, `GET /v1/organizations/usage_report/messages`: `{"data": [{"starting_at", "ending_at"
  (RFC 3339), "results": [...]}], "has_more", "next_page"}`; a result `{"uncached_input_tokens",
  "cache_read_input_tokens", "cache_creation": {"ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"},
  "output_tokens", "server_tool_use", "model", "workspace_id", "api_key_id", "service_tier",
  "context_window", ...}`. It counts no requests: the periods have `requests` None.

A file holds one page or a JSON list of pages (every page of one export); the last page must not
announce another (`has_more`), so that an export cut short is refused rather than half counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from evaluation.domain.actuals import ActualPeriod, ActualSource
from evaluation.exchange.actuals.common import MAX_ROWS, Problems, refuse, rfc3339, whole
from evaluation.yaml_lines import line_index, line_of

Path = tuple[str | int, ...]
OPENAI_RESULT = "organization.usage.completions.result"
_OPENAI_KEY_FIELDS = ("model", "project_id", "api_key_id", "user_id", "batch", "service_tier")
_ANTHROPIC_KEY_FIELDS = ("model", "workspace_id", "api_key_id", "account_id", "service_account_id", "service_tier",
                         "context_window", "inference_geo", "speed")


def _pages(file: str, text: str) -> tuple[list[tuple[Path, Any]], Callable[[Path], int | None]]:
    """Each page with its path in the file, and a function giving the line of a path."""
    try:
        raw = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise refuse(file, f"JSON invalide : {exc}") from None
    try:
        index = line_index(text)
    except Exception:  # a JSON text PyYAML does not read: errors keep their field, without a line
        index = {}

    def line(path: Path) -> int | None:
        return line_of(index, list(path)) if index else None

    if isinstance(raw, dict):
        return [((), raw)], line
    if isinstance(raw, list) and raw and all(isinstance(page, dict) for page in raw):
        return [((number,), page) for number, page in enumerate(raw)], line
    raise refuse(file, "le fichier doit contenir une page de l'API d'usage (un objet avec « data ») "
                       "ou la liste de ses pages")


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (("." if text else "") + part)
    return text


class _Reader:
    """Walks the pages of one export, collecting located errors."""

    def __init__(self, file: str, text: str) -> None:
        self.pages, self.line = _pages(file, text)
        self.problems = Problems(file)

    def error(self, path: Path, message: str) -> None:
        self.problems.add(message, line=self.line(path), field=_dotted(path) or None)

    def buckets(self, expected_object: str | None) -> list[tuple[Path, dict[str, Any]]]:
        found: list[tuple[Path, dict[str, Any]]] = []
        for number, (path, page) in enumerate(self.pages):
            if expected_object and page.get("object", expected_object) != expected_object:
                self.error(path + ("object",), f"valeur « {page.get('object')} » inattendue ; attendu : "
                                               f"« {expected_object} »")
            data = page.get("data")
            if not isinstance(data, list):
                self.error(path + ("data",), "champ obligatoire manquant ou qui n'est pas une liste de périodes")
                continue
            if number == len(self.pages) - 1 and page.get("has_more") is True:
                self.error(path + ("has_more",), "la dernière page annonce une suite (has_more = true) : l'export "
                                                 "est incomplet ; ajoutez les pages suivantes (next_page) au fichier")
            for position, bucket in enumerate(data):
                if isinstance(bucket, dict):
                    found.append((path + ("data", position), bucket))
                else:
                    self.error(path + ("data", position), "doit être un objet (une période)")
        return found

    def count(self, result: dict[str, Any], path: Path, name: str, *, required: bool = True) -> int | None:
        value = result.get(name)
        if value is None:
            if required:
                self.error(path + (name,), "champ obligatoire manquant")
            return None
        try:
            return whole(value)
        except ValueError:
            self.error(path + (name,), f"doit être un nombre entier positif ou nul (valeur reçue : {value!r})")
            return None

    def results(self, bucket: dict[str, Any], path: Path) -> list[tuple[Path, dict[str, Any]]]:
        results = bucket.get("results")
        if not isinstance(results, list):
            self.error(path + ("results",), "champ obligatoire manquant ou qui n'est pas une liste")
            return []
        found: list[tuple[Path, dict[str, Any]]] = []
        for position, result in enumerate(results):
            if isinstance(result, dict):
                found.append((path + ("results", position), result))
            else:
                self.error(path + ("results", position), "doit être un objet")
        return found


def _add(periods: list[ActualPeriod], keys: dict[str, Path], reader: _Reader, path: Path, period: ActualPeriod) -> None:
    if period.key in keys:
        reader.error(path, f"résultat en double : même période et mêmes regroupements que {_dotted(keys[period.key])}")
        return
    keys[period.key] = path
    periods.append(period)


def _key(start: dt.datetime, end: dt.datetime, result: dict[str, Any], fields: Sequence[str]) -> str:
    return "|".join([start.isoformat(), end.isoformat(), *(str(result.get(name) or "") for name in fields)])


def read_openai(file: str, text: str) -> list[ActualPeriod]:
    reader = _Reader(file, text)
    periods: list[ActualPeriod] = []
    keys: dict[str, Path] = {}
    for path, bucket in reader.buckets("page"):
        times = [reader.count(bucket, path, name) for name in ("start_time", "end_time")]
        if times[0] is None or times[1] is None:
            continue
        start, end = (dt.datetime.fromtimestamp(value, dt.UTC) for value in (times[0], times[1]))
        if end <= start:
            reader.error(path + ("end_time",), "la fin de la période doit suivre son début")
            continue
        for result_path, result in reader.results(bucket, path):
            if result.get("object", OPENAI_RESULT) != OPENAI_RESULT:
                reader.error(result_path + ("object",), f"attendu : « {OPENAI_RESULT} » (usage des complétions)")
                continue
            counts = {name: reader.count(result, result_path, name)
                      for name in ("num_model_requests", "input_tokens", "output_tokens")}
            if any(value is None for value in counts.values()):
                continue
            _add(periods, keys, reader, result_path, ActualPeriod(
                source=ActualSource.OPENAI, key=_key(start, end, result, _OPENAI_KEY_FIELDS), start=start, end=end,
                model=result.get("model") or None, requests=counts["num_model_requests"],
                input_tokens=counts["input_tokens"], output_tokens=counts["output_tokens"]))
    reader.problems.raise_any()
    if len(periods) > MAX_ROWS:
        raise refuse(file, f"trop de résultats ({len(periods)}) : au plus {MAX_ROWS} par fichier")
    return periods


def read_anthropic(file: str, text: str) -> list[ActualPeriod]:
    reader = _Reader(file, text)
    periods: list[ActualPeriod] = []
    keys: dict[str, Path] = {}
    for path, bucket in reader.buckets(None):
        try:
            start, end = rfc3339(bucket.get("starting_at")), rfc3339(bucket.get("ending_at"))
        except ValueError:
            reader.error(path + ("starting_at",), "« starting_at » et « ending_at » doivent être des dates RFC 3339 "
                                                  "(2026-01-05T00:00:00Z)")
            continue
        if end <= start:
            reader.error(path + ("ending_at",), "la fin de la période doit suivre son début")
            continue
        for result_path, result in reader.results(bucket, path):
            output = reader.count(result, result_path, "output_tokens")
            uncached = reader.count(result, result_path, "uncached_input_tokens")
            cached = reader.count(result, result_path, "cache_read_input_tokens", required=False) or 0
            creation = result.get("cache_creation") or {}
            written = 0
            if isinstance(creation, dict):
                for name in ("ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"):
                    written += reader.count(creation, result_path + ("cache_creation",), name, required=False) or 0
            if output is None or uncached is None:
                continue
            _add(periods, keys, reader, result_path, ActualPeriod(
                source=ActualSource.ANTHROPIC, key=_key(start, end, result, _ANTHROPIC_KEY_FIELDS), start=start,
                end=end, model=result.get("model") or None, requests=None,
                input_tokens=uncached + cached + written, output_tokens=output))
    reader.problems.raise_any()
    if len(periods) > MAX_ROWS:
        raise refuse(file, f"trop de résultats ({len(periods)}) : au plus {MAX_ROWS} par fichier")
    return periods
