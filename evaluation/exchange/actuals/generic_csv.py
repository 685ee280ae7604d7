"""The generic CSV of actual usage (docs/actuals.md): exactly the columns
`period_start,period_end,model,requests,input_tokens,output_tokens,energy_kwh,cost_eur`.

Dates are AAAA-MM-JJ, both days included (a month: 2026-01-01 to 2026-01-31); a period is stored as
[period_start, period_end + 1 day). Every other cell may be empty (not given, never 0). Counts are
whole numbers; energy (kWh, measured, IT equipment) and cost (EUR) numbers with a dot, or a comma in a
file separated by `;`.
"""

from __future__ import annotations

import datetime as dt

from evaluation.domain.actuals import ActualPeriod, ActualSource
from evaluation.exchange.actuals.common import MAX_ROWS, Problems, csv_rows, number, refuse

COLUMNS = ("period_start", "period_end", "model", "requests", "input_tokens", "output_tokens", "energy_kwh",
           "cost_eur")
_COUNTS = ("requests", "input_tokens", "output_tokens")
_AMOUNTS = ("energy_kwh", "cost_eur")


def _day(cell: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(cell), dt.time(), tzinfo=dt.UTC)


def read_generic_csv(file: str, text: str) -> list[ActualPeriod]:
    header, rows, delimiter = csv_rows(file, text)
    if tuple(header) != COLUMNS:
        missing = [name for name in COLUMNS if name not in header]
        unknown = [name for name in header if name not in COLUMNS]
        details = "; ".join(part for part in (
            "colonnes absentes : " + ", ".join(missing) if missing else "",
            "colonnes inconnues : " + ", ".join(unknown) if unknown else "",
            "" if missing or unknown else "colonnes dans un autre ordre") if part)
        raise refuse(file, f"l'en-tête doit être exactement « {','.join(COLUMNS)} » ({details})")
    problems = Problems(file)
    periods: list[ActualPeriod] = []
    keys: dict[str, int] = {}
    for line, row in rows:
        bounds: list[dt.datetime] = []
        for name in ("period_start", "period_end"):
            try:
                bounds.append(_day(row.get(name, "")))
            except ValueError:
                problems.add(f"doit être une date au format AAAA-MM-JJ (valeur reçue : « {row.get(name, '')} »)",
                             row=line, field=name)
        counts: dict[str, int | None] = {}
        for name in _COUNTS:
            cell = row.get(name, "")
            counts[name] = None
            if cell:
                if cell.isdigit():
                    counts[name] = int(cell)
                else:
                    problems.add(f"doit être un nombre entier positif ou nul (valeur reçue : « {cell} »)",
                                 row=line, field=name)
        amounts: dict[str, float | None] = {}
        for name in _AMOUNTS:
            cell = row.get(name, "")
            amounts[name] = None
            if cell:
                try:
                    amounts[name] = number(cell, decimal_comma=delimiter == ";")
                except ValueError:
                    problems.add(f"doit être un nombre (valeur reçue : « {cell} »)", row=line, field=name)
                    continue
                if (amounts[name] or 0.0) < 0:
                    problems.add(f"ne peut pas être négatif (valeur reçue : « {cell} »)", row=line, field=name)
        if len(bounds) < 2:
            continue
        start, end = bounds[0], bounds[1] + dt.timedelta(days=1)
        if end <= start:
            problems.add("la fin de la période précède son début", row=line, field="period_end")
            continue
        if any(error.row == line for error in problems.errors):
            continue
        if all(counts[name] is None for name in _COUNTS) and all(amounts[name] is None for name in _AMOUNTS):
            problems.add("ligne sans aucune valeur : indiquez au moins des requêtes, des jetons, une énergie ou "
                         "un coût", row=line)
            continue
        model = row.get("model") or None
        key = f"{start.date().isoformat()}|{end.date().isoformat()}|{model or ''}"
        if key in keys:
            problems.add(f"période en double (même début, même fin et même modèle que la ligne {keys[key]})", row=line)
            continue
        keys[key] = line
        periods.append(ActualPeriod(source=ActualSource.CSV, key=key, start=start, end=end, model=model,
                                    requests=counts["requests"], input_tokens=counts["input_tokens"],
                                    output_tokens=counts["output_tokens"], energy_kwh=amounts["energy_kwh"],
                                    cost_eur=amounts["cost_eur"]))
    problems.raise_any()
    if not periods:
        raise refuse(file, "aucune période dans le fichier")
    if len(periods) > MAX_ROWS:
        raise refuse(file, f"trop de lignes ({len(periods)}) : au plus {MAX_ROWS} par fichier")
    return periods
