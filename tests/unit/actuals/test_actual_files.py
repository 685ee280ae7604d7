"""Files of actual usage read whole, with every period, or refused whole with located French errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from evaluation.domain.actuals import ActualSource
from evaluation.exchange.actuals import ActualsFile, read_actuals
from evaluation.exchange.errors import InvalidFileError
from tests.support.actuals import codecarbon_run_totals

FILES = Path(__file__).parents[2] / "fixtures" / "actuals"


def read(name: str, source: ActualSource | None = None) -> ActualsFile:
    return read_actuals(name, (FILES / name).read_bytes(), source)


def refused(name: str, content: str, source: ActualSource | None = None) -> list[str]:
    with pytest.raises(InvalidFileError) as caught:
        read_actuals(name, content.encode(), source)
    return [error.describe() for error in caught.value.errors]


def test_openai_pages_give_one_period_per_bucket_and_model_with_the_files_totals() -> None:
    pages = json.loads((FILES / "openai_usage_pages.json").read_text())
    results = [r for page in pages for bucket in page["data"] for r in bucket["results"]]

    read_file = read_actuals("usage.json", (FILES / "openai_usage_pages.json").read_bytes())

    assert read_file.source is ActualSource.OPENAI
    assert len(read_file.periods) == len(results) == 6
    assert sum(p.requests or 0 for p in read_file.periods) == sum(r["num_model_requests"] for r in results)
    assert sum(p.output_tokens or 0 for p in read_file.periods) == sum(r["output_tokens"] for r in results)
    first = read_file.periods[0]
    assert (first.start, first.end) == (dt.datetime(2026, 1, 5, tzinfo=dt.UTC), dt.datetime(2026, 1, 6, tzinfo=dt.UTC))
    assert first.model == "gpt-4o-mini-2024-07-18" and first.cost_eur is None
    assert len(read_file.sha256) == 64


def test_an_openai_export_cut_short_is_refused() -> None:
    errors = refused("page1.json", (FILES / "openai_usage_cut_short.json").read_text())

    assert errors == ["page1.json, ligne 98, champ « has_more » : la dernière page annonce une suite "
                      "(has_more = true) : l'export est incomplet ; ajoutez les pages suivantes (next_page) au fichier"]


def test_openai_errors_are_located_by_page_bucket_result_and_field() -> None:
    pages = json.loads((FILES / "openai_usage_pages.json").read_text())
    pages[1]["data"][0]["results"][0]["num_model_requests"] = -3
    del pages[0]["data"][1]["results"][0]["output_tokens"]
    pages[0]["data"][2]["results"].append(dict(pages[0]["data"][2]["results"][0]))

    errors = refused("usage.json", json.dumps(pages, indent=2))

    assert len(errors) == 3
    assert any("champ « [0].data[1].results[0].output_tokens » : champ obligatoire manquant" in e for e in errors)
    assert any("[1].data[0].results[0].num_model_requests » : doit être un nombre entier positif ou nul "
               "(valeur reçue : -3)" in e for e in errors)
    assert any("[0].data[2].results[2] » : résultat en double" in e for e in errors)
    assert all(e.startswith("usage.json, ligne ") for e in errors)


def test_anthropic_report_counts_tokens_with_cache_and_no_requests() -> None:
    report = json.loads((FILES / "anthropic_usage_report.json").read_text())
    results = [r for bucket in report["data"] for r in bucket["results"]]

    read_file = read_actuals("rapport.json", (FILES / "anthropic_usage_report.json").read_bytes())

    assert read_file.source is ActualSource.ANTHROPIC
    assert [p.requests for p in read_file.periods] == [None, None, None]
    assert [p.output_tokens for p in read_file.periods] == [r["output_tokens"] for r in results]
    assert [p.input_tokens for p in read_file.periods] == [
        r["uncached_input_tokens"] + r["cache_read_input_tokens"] + sum(r["cache_creation"].values()) for r in results]
    assert read_file.periods[0].start == dt.datetime(2026, 2, 2, tzinfo=dt.UTC)


@pytest.mark.parametrize("name", ["codecarbon_emissions_current.csv", "codecarbon_emissions_2024.csv",
                                  "codecarbon_emissions_2022.csv"])
def test_codecarbon_sums_equal_the_files_run_totals(name: str) -> None:
    totals = codecarbon_run_totals(FILES / name)

    read_file = read_actuals(name, (FILES / name).read_bytes())

    assert read_file.source is ActualSource.CODECARBON
    for figure, field in (("energy_consumed", "energy_kwh"), ("emissions", "emissions_kgco2eq"),
                          ("duration", "duration_s")):
        assert sum(getattr(p, field) or 0 for p in read_file.periods) == pytest.approx(
            sum(run[figure] for run in totals.values()), rel=1e-9), figure
    assert {p.zone for p in read_file.periods} == {"FRA"}


def test_the_flushes_of_one_run_become_the_periods_between_them() -> None:
    periods = [p for p in read("codecarbon_emissions_current.csv").periods
               if p.key.startswith("9c1d7e55")]

    assert [(p.start.strftime("%H:%M"), p.end.strftime("%H:%M"), p.duration_s) for p in periods] == [
        ("01:00", "01:20", 1200.0), ("01:20", "01:40", 1200.0), ("01:40", "01:55", 900.0)]
    assert periods[1].energy_kwh == pytest.approx(periods[0].energy_kwh, rel=1e-9)


def test_a_run_whose_cumulated_figures_decrease_is_refused() -> None:
    text = ("timestamp,run_id,duration,emissions,energy_consumed\n"
            "2026-03-02T10:00:00,r1,3600,0.05,0.9\n"
            "2026-03-02T10:30:00,r1,1800,0.02,0.4\n")

    assert refused("emissions.csv", text) == [
        "emissions.csv, ligne 3 : l'exécution r1 cumule ses mesures : sa durée et son énergie ne peuvent pas "
        "diminuer d'une ligne à la suivante (ligne 2)"]


def test_codecarbon_energy_is_the_it_equipments_when_a_pue_was_set() -> None:
    text = ("timestamp,run_id,duration,emissions,energy_consumed,country_iso_code,pue\n"
            "2026-03-02T10:00:00,r1,3600,0.05,1.2,FRA,1.2\n")

    (period,) = read_actuals("e.csv", text.encode()).periods

    assert period.energy_kwh == pytest.approx(1.0)


def test_codecarbon_rows_in_error_are_all_named() -> None:
    text = ("timestamp,run_id,duration,emissions,energy_consumed\n"
            "2026-03-02T10:00:00,r1,3600,0.05,0.9\n"
            "hier,r1,3600,0.05,0.9\n"
            "2026-03-02T12:00:00,r1,-5,0.05,beaucoup\n")

    errors = refused("emissions.csv", text)

    assert errors == [
        "emissions.csv, ligne 3, champ « timestamp » : doit être une date et heure AAAA-MM-JJTHH:MM:SS "
        "(valeur reçue : « hier »)",
        "emissions.csv, ligne 4, champ « duration » : doit être strictement positif (valeur reçue : « -5 »)",
        "emissions.csv, ligne 4, champ « energy_consumed » : doit être un nombre (valeur reçue : « beaucoup »)"]


def test_the_generic_csv_keeps_empty_cells_empty_and_includes_the_last_day() -> None:
    read_file = read("generic_actuals.csv")

    assert read_file.source is ActualSource.CSV
    january, february, march, invoice = read_file.periods
    assert (january.start.date(), january.end.date()) == (dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    assert (january.requests, january.output_tokens, january.energy_kwh, january.cost_eur) == (
        41200, 16480000, None, 212.40)
    assert march.cost_eur is None
    assert (invoice.model, invoice.requests, invoice.cost_eur) == (None, None, 18.0)


def test_the_generic_csv_with_semicolons_takes_decimal_commas() -> None:
    text = ("period_start;period_end;model;requests;input_tokens;output_tokens;energy_kwh;cost_eur\n"
            "2026-01-01;2026-01-31;mistral-small-2603;100;;4000;;12,50\n")

    (period,) = read_actuals("f.csv", text.encode()).periods

    assert period.cost_eur == 12.5


def test_the_generic_csv_needs_exactly_its_columns() -> None:
    errors = refused("f.csv", "period_start,period_end,model,requests,output_tokens,cout\n", ActualSource.CSV)

    assert errors == ["f.csv : l'en-tête doit être exactement « period_start,period_end,model,requests,input_tokens,"
                      "output_tokens,energy_kwh,cost_eur » (colonnes absentes : input_tokens, energy_kwh, cost_eur; "
                      "colonnes inconnues : cout)"]


def test_generic_csv_errors_name_row_and_column() -> None:
    text = ("period_start,period_end,model,requests,input_tokens,output_tokens,energy_kwh,cost_eur\n"
            "2026-01-01,2026-01-31,gpt-4o-mini,12.5,,,,\n"
            "2026-02-31,2026-02-28,gpt-4o-mini,10,,,,\n"
            "2026-03-10,2026-03-01,gpt-4o-mini,10,,,,\n"
            "2026-04-01,2026-04-30,gpt-4o-mini,,,,,\n")

    errors = refused("f.csv", text)

    assert errors == [
        "f.csv, ligne 2, champ « requests » : doit être un nombre entier positif ou nul (valeur reçue : « 12.5 »)",
        "f.csv, ligne 3, champ « period_start » : doit être une date au format AAAA-MM-JJ (valeur reçue : « 2026-02-31 »)",
        "f.csv, ligne 4, champ « period_end » : la fin de la période précède son début",
        "f.csv, ligne 5 : ligne sans aucune valeur : indiquez au moins des requêtes, des jetons, une énergie ou un coût"]


def test_a_file_of_no_known_format_is_refused() -> None:
    assert refused("notes.csv", "date,montant\n2026-01-01,3\n") == [
        "notes.csv : format non reconnu : attendu un export d'usage OpenAI ou Anthropic (JSON), l'emissions.csv de "
        "CodeCarbon ou le CSV générique (period_start,period_end,model,requests,input_tokens,output_tokens,"
        "energy_kwh,cost_eur)"]
    assert refused("vide.json", "  ") == ["vide.json : le fichier est vide"]
