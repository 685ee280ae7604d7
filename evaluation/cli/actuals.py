"""`python -m evaluation actuals import|report`: actual usage of an approved option, and the follow-up
report against the estimate frozen with the decision (help texts in French)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import orjson

from evaluation.cli.database import EXIT_OK, _database_option, _guarded, default_actor, repository

SOURCES = ("openai", "anthropic", "codecarbon", "csv")
OUTCOME_LABELS_FR = {"added": "ajoutée", "replaced": "remplacée", "unchanged": "déjà importée, inchangée"}


@dataclass(frozen=True)
class _CommandLine:
    """Who acts from the command line: the system account, with the administrator's role."""

    login: str
    roles: tuple[str, ...] = ("admin",)


def _number(value: float | int | None) -> str:
    if value is None:
        return "-"
    text = f"{value:,.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return text.replace(",", "\u202f").replace(".", ",")


def cmd_actuals_import(args: argparse.Namespace) -> int:
    from evaluation.domain.actuals import ActualSource
    from evaluation.exchange.errors import FieldError, InvalidFileError
    from evaluation.services.actuals import Tracking

    path = Path(args.file)
    if not path.is_file():
        raise InvalidFileError([FieldError(file=str(path), message="fichier introuvable")])
    content = path.read_bytes()
    with repository(args.database) as repo:
        report = Tracking(repo).import_file(
            args.proposal, args.option, user=_CommandLine(default_actor()), name=path.name, content=content,
            source=ActualSource(args.source) if args.source else None)
    stored = report.stored
    out = sys.stdout
    out.write(f"Fichier {path.name} ({stored.source.value}) : {stored.periods} période(s).\n")
    for period in report.file.periods:
        model = period.model or "-"
        if period.model in report.models:
            model += f" -> {report.models[period.model] or 'inconnu d’EcoLogits'}"
        out.write(f"  {period.start:%Y-%m-%d %H:%M} -> {period.end:%Y-%m-%d %H:%M}  {model}  "
                  f"requêtes {_number(period.requests)}  jetons générés {_number(period.output_tokens)}  "
                  f"énergie {_number(period.energy_kwh)} kWh  coût {_number(period.cost_eur)} €  "
                  f"{OUTCOME_LABELS_FR[stored.outcomes[period.key]]}\n")
    for warning in report.warnings:
        out.write(f"Attention : {warning}\n")
    out.write(f"Import terminé : {stored.added} période(s) ajoutée(s), {stored.replaced} remplacée(s), "
              f"{stored.unchanged} déjà importée(s) à l'identique.\n")
    return EXIT_OK


def cmd_actuals_report(args: argparse.Namespace) -> int:
    from evaluation.actuals.report import report_csv, report_records
    from evaluation.services.actuals import Tracking
    from evaluation.storage import NotFound

    with repository(args.database) as repo:
        if not repo.exists(args.proposal):
            raise NotFound(f"Dossier « {args.proposal} » introuvable.")
        tracking = Tracking(repo)
        statuses = {item.option: item.status.value for item in tracking.in_service(args.proposal)}
        records = report_records(tracking.comparisons(args.proposal), statuses)
    data = report_csv(records) if args.format == "csv" else orjson.dumps(records, option=orjson.OPT_INDENT_2) + b"\n"
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `actuals import` and `actuals report` to the command line."""
    actuals = commands.add_parser(
        "actuals", help="usage réel d'une option en service : import et comparaison à l'estimation",
        description="Suivi après la décision : importe l'usage réel d'une option approuvée et mise en service, "
                    "et le compare à l'estimation figée avec la décision.")
    actions = actuals.add_subparsers(dest="actuals_command", metavar="ACTION", parser_class=type(actuals))
    actions.required = True
    importer = actions.add_parser(
        "import", help="importe un fichier d'usage réel (tout ou rien)",
        description="Importe un export d'usage OpenAI (pages JSON de l'API usage/completions), un rapport "
                    "d'usage Anthropic (JSON), l'emissions.csv de CodeCarbon ou le CSV générique "
                    "(period_start,period_end,model,requests,input_tokens,output_tokens,energy_kwh,cost_eur). "
                    "Tout ou rien : un fichier invalide est refusé avec la liste de ses erreurs (code 2) et rien "
                    "n'est écrit ; réimporter les mêmes données ne les compte qu'une fois.")
    importer.add_argument("file", metavar="FICHIER", help="fichier d'usage réel")
    importer.add_argument("--proposal", "--dossier", dest="proposal", required=True, metavar="ID",
                          help="identifiant du dossier")
    importer.add_argument("--option", required=True, metavar="NOM", help="nom de l'option approuvée")
    importer.add_argument("--source", choices=SOURCES, default=None,
                          help="origine du fichier (par défaut reconnue d'après son contenu)")
    _database_option(importer)
    importer.set_defaults(handler=_guarded(cmd_actuals_import))

    report = actions.add_parser(
        "report", help="compare l'usage réel à l'estimation, par option et par mois",
        description="Écrit, pour chaque option approuvée du dossier, l'estimation (min-max), le réel et leur "
                    "rapport par mois et sur tout le suivi, la VAN a posteriori et les dépassements du seuil.")
    report.add_argument("proposal", metavar="ID", help="identifiant du dossier")
    report.add_argument("--format", choices=("json", "csv"), default="json", help="format (json par défaut)")
    _database_option(report)
    report.set_defaults(handler=_guarded(cmd_actuals_report))
