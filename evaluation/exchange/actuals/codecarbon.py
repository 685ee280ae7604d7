"""CodeCarbon's `emissions.csv`: one row per tracked run (or per measure of a long run).

Columns read: `timestamp` (end of the measure, `%Y-%m-%dT%H:%M:%S`, taken as UTC), `duration` (s),
`energy_consumed` (kWh); when present `emissions` (kg CO2eq), `country_iso_code`, `project_name`,
`run_id` (current files) or `experiment_id` (older ones), and `pue` (CodeCarbon multiplies the energy
by it; 1 by default): the energy stored is the IT equipment's, `energy_consumed / pue`. Every other
column (cpu_power, gpu_energy, os, codecarbon_version...) is accepted and not kept.
"""

from __future__ import annotations

import datetime as dt

from evaluation.domain.actuals import ActualPeriod, ActualSource
from evaluation.exchange.actuals.common import MAX_ROWS, Problems, csv_rows, number, refuse, utc

REQUIRED = ("timestamp", "duration", "energy_consumed")
RUN_COLUMNS = ("run_id", "experiment_id")


def read_codecarbon(file: str, text: str) -> list[ActualPeriod]:
    header, rows, delimiter = csv_rows(file, text)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise refuse(file, "colonnes obligatoires absentes : " + ", ".join(missing)
                     + " (le fichier doit être l'emissions.csv écrit par CodeCarbon)")
    decimal_comma = delimiter == ";"
    problems = Problems(file)
    periods: list[ActualPeriod] = []
    keys: dict[str, int] = {}
    for line, row in rows:
        values: dict[str, float] = {}
        for name in ("duration", "energy_consumed", "emissions", "pue"):
            cell = row.get(name, "")
            if not cell:
                if name in REQUIRED:
                    problems.add("valeur obligatoire manquante", row=line, field=name)
                continue
            try:
                values[name] = number(cell, decimal_comma=decimal_comma)
            except ValueError:
                problems.add(f"doit être un nombre (valeur reçue : « {cell} »)", row=line, field=name)
                continue
            if values[name] < 0 or (name in ("duration", "pue") and values[name] <= 0):
                problems.add(f"doit être strictement positif (valeur reçue : « {cell} »)" if name in ("duration", "pue")
                             else f"ne peut pas être négatif (valeur reçue : « {cell} »)", row=line, field=name)
        try:
            end = utc(dt.datetime.fromisoformat(row.get("timestamp", "")))
        except ValueError:
            problems.add(f"doit être une date et heure AAAA-MM-JJTHH:MM:SS (valeur reçue : « {row.get('timestamp')} »)",
                         row=line, field="timestamp")
            continue
        if any(name not in values for name in ("duration", "energy_consumed")) or values.get("pue", 1.0) <= 0:
            continue
        if values["duration"] <= 0 or values["energy_consumed"] < 0 or values.get("emissions", 0.0) < 0:
            continue
        run = next((row[name] for name in RUN_COLUMNS if row.get(name)), "")
        key = f"{run}|{end.isoformat()}"
        if key in keys:
            problems.add(f"mesure en double (même exécution et même horodatage que la ligne {keys[key]})", row=line)
            continue
        keys[key] = line
        zone = row.get("country_iso_code", "").upper() or None
        periods.append(ActualPeriod(
            source=ActualSource.CODECARBON, key=key, start=end - dt.timedelta(seconds=values["duration"]), end=end,
            model=row.get("project_name") or None, energy_kwh=values["energy_consumed"] / values.get("pue", 1.0),
            duration_s=values["duration"], emissions_kgco2eq=values.get("emissions"),
            zone=zone if zone and len(zone) == 3 and zone.isalpha() else None))
    problems.raise_any()
    if not periods:
        raise refuse(file, "aucune mesure dans le fichier")
    if len(periods) > MAX_ROWS:
        raise refuse(file, f"trop de lignes ({len(periods)}) : au plus {MAX_ROWS} par fichier")
    return periods
