"""CodeCarbon's `emissions.csv`: one row per tracked run, or several for a run that flushed its
measures while running.

Columns read: `timestamp` (end of the measure, `%Y-%m-%dT%H:%M:%S`, taken as UTC), `duration` (s),
`energy_consumed` (kWh); when present `emissions` (kg CO2eq), `country_iso_code`, `project_name`, `run_id`
(2.x and later; `experiment_id` alone in files that have no `run_id`) and `pue` (CodeCarbon multiplies
the energy by it; 1 by default): the energy kept is the IT equipment's, `energy_consumed / pue`. Every
other column (cpu_power, gpu_energy, water_consumed, codecarbon_version...) is accepted and not kept.

The rows of one `run_id` hold CUMULATIVE totals since the tracker started (CodeCarbon writes every flush
so): each becomes the period since the previous flush, with the difference of duration, energy and
emissions, so that the periods add up to the run's last row, never to the sum of its rows. Rows without a
run id are separate measures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evaluation.domain.actuals import ActualPeriod, ActualSource
from evaluation.exchange.actuals.common import MAX_ROWS, Problems, csv_rows, number, refuse, utc

REQUIRED = ("timestamp", "duration", "energy_consumed")
RUN_COLUMNS = ("run_id", "experiment_id")
_NUMBERS = ("duration", "energy_consumed", "emissions", "pue")


@dataclass(frozen=True)
class _Measure:
    line: int
    run: str
    end: dt.datetime
    duration: float
    energy: float           # IT equipment (kWh)
    emissions: float | None
    project: str | None
    zone: str | None


def _numbers(row: dict[str, str], line: int, problems: Problems, decimal_comma: bool) -> dict[str, float] | None:
    values: dict[str, float] = {}
    for name in _NUMBERS:
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
        if name in ("duration", "pue") and values[name] <= 0:
            problems.add(f"doit être strictement positif (valeur reçue : « {cell} »)", row=line, field=name)
        elif values[name] < 0:
            problems.add(f"ne peut pas être négatif (valeur reçue : « {cell} »)", row=line, field=name)
    return values if not any(error.row == line for error in problems.errors) else None


def _measures(file: str, text: str, problems: Problems) -> list[_Measure]:
    header, rows, delimiter = csv_rows(file, text)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise refuse(file, "colonnes obligatoires absentes : " + ", ".join(missing)
                     + " (le fichier doit être l'emissions.csv écrit par CodeCarbon)")
    run_column = next((name for name in RUN_COLUMNS if name in header), None)
    measures = []
    for line, row in rows:
        try:
            end = utc(dt.datetime.fromisoformat(row.get("timestamp", "")))
        except ValueError:
            problems.add(f"doit être une date et heure AAAA-MM-JJTHH:MM:SS (valeur reçue : « {row.get('timestamp')} »)",
                         row=line, field="timestamp")
            end = None
        values = _numbers(row, line, problems, delimiter == ";")
        if end is None or values is None:
            continue
        zone = row.get("country_iso_code", "").upper()
        measures.append(_Measure(
            line=line, run=(row.get(run_column) or "") if run_column == "run_id" else "", end=end,
            duration=values["duration"], energy=values["energy_consumed"] / values.get("pue", 1.0),
            emissions=values.get("emissions"), project=row.get("project_name") or None,
            zone=zone if len(zone) == 3 and zone.isalpha() else None))
    return measures


def _period(measure: _Measure, key: str, duration: float, energy: float, emissions: float | None) -> ActualPeriod:
    return ActualPeriod(source=ActualSource.CODECARBON, key=key, start=measure.end - dt.timedelta(seconds=duration),
                        end=measure.end, model=measure.project, energy_kwh=energy, duration_s=duration,
                        emissions_kgco2eq=emissions, zone=measure.zone)


def read_codecarbon(file: str, text: str) -> list[ActualPeriod]:
    problems = Problems(file)
    measures = _measures(file, text, problems)
    periods: list[ActualPeriod] = []
    keys: dict[str, int] = {}
    previous: dict[str, _Measure] = {}   # the run's last flush
    for measure in sorted(measures, key=lambda m: (m.run, m.end, m.duration)):
        key = f"{measure.run}|{measure.end.isoformat()}" if measure.run else f"|{measure.end.isoformat()}|{measure.line}"
        if key in keys:
            problems.add(f"mesure en double (même exécution et même horodatage que la ligne {keys[key]})",
                         row=measure.line)
            continue
        keys[key] = measure.line
        before = previous.get(measure.run) if measure.run else None
        if before is None:
            periods.append(_period(measure, key, measure.duration, measure.energy, measure.emissions))
        else:
            duration, energy = measure.duration - before.duration, measure.energy - before.energy
            if duration <= 0 or energy < -1e-12:
                problems.add(f"l'exécution {measure.run} cumule ses mesures : sa durée et son énergie ne peuvent pas "
                             f"diminuer d'une ligne à la suivante (ligne {before.line})", row=measure.line)
                continue
            emissions = (None if measure.emissions is None or before.emissions is None
                         else max(measure.emissions - before.emissions, 0.0))
            periods.append(_period(measure, key, duration, max(energy, 0.0), emissions))
        if measure.run:
            previous[measure.run] = measure
    problems.raise_any()
    if not periods:
        raise refuse(file, "aucune mesure dans le fichier")
    if len(periods) > MAX_ROWS:
        raise refuse(file, f"trop de lignes ({len(periods)}) : au plus {MAX_ROWS} par fichier")
    return sorted(periods, key=lambda period: (period.start, period.key))
