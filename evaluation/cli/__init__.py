"""Command line: `python -m evaluation COMMAND` (help texts in French)."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import orjson

from evaluation.exchange.errors import InvalidFileError

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_ERROR = 1

Handler = Callable[[argparse.Namespace], int]


def _print_errors(exc: InvalidFileError) -> int:
    count = len(exc.errors)
    sys.stderr.write(f"Fichier refusé : {count} erreur{'s' if count > 1 else ''}, rien n'a été écrit.\n")
    for error in exc.errors:
        sys.stderr.write(f"  - {error.describe()}\n")
    return EXIT_INVALID


def _evaluation_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » : écrivez-la AAAA-MM-JJ (2026-12-03)") from None


def json_list(records: Sequence[bytes], *, indent: bool = False) -> list[bytes]:
    """Records already written as JSON, as one JSON list in pieces to write one after the other (no copy
    of the whole text): one record a line, or indented for reading."""
    if indent:
        return [orjson.dumps(orjson.loads(b"[" + b",".join(records) + b"]"), option=orjson.OPT_INDENT_2), b"\n"]
    if not records:
        return [b"[]\n"]
    return [b"[\n", b",\n".join(records), b"\n]\n"]


def json_records(records: Sequence[dict[str, Any]], *, indent: bool = False) -> list[bytes]:
    """Records as one JSON list, in pieces (json_list)."""
    dumps, option = orjson.dumps, orjson.OPT_SERIALIZE_NUMPY
    return json_list([dumps(record, option=option) for record in records], indent=indent)


def cmd_evaluate(args: argparse.Namespace) -> int:
    # One batch whose objects all live until the output is written: the cyclic garbage collector would
    # walk its millions of dicts again and again for nothing (40 % of the time on 20,000 options);
    # reference counting still frees what dies. Switched on again for whatever runs next (tests).
    gc.disable()
    try:
        return _evaluate(args)
    finally:
        gc.enable()


def _evaluate(args: argparse.Namespace) -> int:
    from evaluation.cli.progress import terminal_progress
    from evaluation.exchange.files import load_proposals
    from evaluation.exchange.settings_file import load_settings
    from evaluation.pipeline.compact import compact_json_records
    from evaluation.pipeline.evaluate import build_context, evaluate_frame, evaluation_records, records_to_csv
    from evaluation.table.build import options_frame

    settings = load_settings(Path(args.settings) if args.settings else None)
    proposals = load_proposals(Path(args.file))
    context = build_context(settings, on=args.date)
    table = options_frame(proposals, settings)
    del proposals  # not kept: their memory serves the evaluation's columns (less asked of the system)
    frame = evaluate_frame(table, context, terminal_progress("Évaluation"))
    out = sys.stdout.buffer
    # The compact form by default (docs/format.md); --detail and CSV: every item and range spelled out.
    if args.format == "csv":
        out.write(records_to_csv(evaluation_records(frame, context)))
    elif args.detail:
        out.writelines(json_records(evaluation_records(frame, context), indent=args.indent))
    else:
        out.writelines(json_list(compact_json_records(frame, context), indent=args.indent))
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from evaluation.checklist import load_rules
    from evaluation.checklist.record import rules_document
    from evaluation.exchange.settings_file import load_settings

    settings = load_settings(Path(args.settings) if args.settings else None)
    document = rules_document(load_rules(settings.rules), lang=args.lang)
    sys.stdout.buffer.write(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from evaluation.exchange.schema import proposal_file_schema
    from evaluation.pipeline.format_doc import format_documentation

    if args.markdown:
        sys.stdout.write(format_documentation())
        return EXIT_OK
    sys.stdout.buffer.write(orjson.dumps(proposal_file_schema(), option=orjson.OPT_INDENT_2) + b"\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from evaluation.exchange.files import load_proposals

    proposals = load_proposals(Path(args.file))
    options = sum(len(p.options) for p in proposals)
    sys.stdout.write(f"Fichier valide : {len(proposals)} dossier(s), {options} option(s).\n")
    return EXIT_OK


class _FrenchParser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :")

    def format_help(self) -> str:
        return (super().format_help()
                .replace("usage:", "utilisation :")
                .replace("positional arguments:", "arguments :")
                .replace("options:", "options :")
                .replace("show this help message and exit", "affiche cette aide et quitte"))

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"erreur : {message}\n")


CORE_COMMANDS = frozenset({"evaluate", "rules", "validate", "schema"})


def build_parser(*, extra: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without `extra`, only CORE_COMMANDS (what `evaluate` needs to start:
    the other commands' modules are not imported)."""
    parser = _FrenchParser(
        prog="python -m evaluation",
        description="Jauge : évaluer les projets d'IA d'une collectivité (coût-bénéfice, empreinte, conformité).",
    )
    commands: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", metavar="COMMANDE", parser_class=_FrenchParser)
    commands.required = True

    evaluate = commands.add_parser("evaluate", help="évalue chaque option de chaque dossier d'un fichier",
                                   description="Évalue chaque option de chaque dossier du fichier et écrit le "
                                               "résultat sur la sortie standard.")
    evaluate.add_argument("file", metavar="FICHIER", help="dossiers en YAML, JSON, CSV ou XLSX")
    evaluate.add_argument("--settings", metavar="FICHIER", default=None,
                          help="paramètres de la collectivité (YAML) ; à défaut, ceux de data/default_settings.yaml")
    evaluate.add_argument("--format", choices=("json", "csv"), default="json", help="format de sortie (json par défaut)")
    evaluate.add_argument("--date", type=_evaluation_date, default=None, metavar="AAAA-MM-JJ",
                          help="date de l'évaluation : le droit en vigueur ce jour-là s'applique (aujourd'hui à défaut)")
    evaluate.add_argument("--detail", action="store_true",
                          help="forme complète : chaque point de la liste de contrôle avec son statut, son "
                               "code, son message, sa source et son lien, chaque fourchette en {min, max} (à "
                               "défaut, forme compacte : identifiants des règles par statut, codes à part, "
                               "fourchettes en [min, max] ; textes et sources une fois pour toutes avec "
                               "« python -m evaluation rules » ; voir docs/format.md)")
    evaluate.add_argument("--indent", action="store_true",
                          help="JSON indenté pour la lecture (à défaut : un enregistrement par ligne)")
    evaluate.set_defaults(handler=cmd_evaluate)

    rules = commands.add_parser("rules", help="affiche les règles de la liste de contrôle, leurs messages et "
                                              "leurs sources",
                                description="Les règles du fichier de règles des paramètres : pour chacune, son "
                                            "groupe, son caractère bloquant, ses messages par code (ceux "
                                            "qu'« evaluate » donne pour chaque option) et sa source.")
    rules.add_argument("--settings", metavar="FICHIER", default=None,
                       help="paramètres de la collectivité (YAML) ; à défaut, ceux de data/default_settings.yaml")
    rules.add_argument("--lang", choices=("fr", "en"), default="fr", help="langue des textes (fr par défaut)")
    rules.set_defaults(handler=cmd_rules)

    validate = commands.add_parser("validate", help="vérifie un fichier de dossiers sans rien écrire")
    validate.add_argument("file", metavar="FICHIER", help="dossiers en YAML, JSON, CSV ou XLSX")
    validate.set_defaults(handler=cmd_validate)

    schema = commands.add_parser("schema", help="affiche le schéma JSON du format d'échange")
    schema.add_argument("--markdown", action="store_true", help="la documentation des champs en Markdown")
    schema.set_defaults(handler=cmd_schema)

    for register in _extra_commands() if extra else ():
        register(commands)
    return parser


def _extra_commands() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    """Commands defined next to what they drive (storage, benchmarks)."""
    from evaluation.cli.actuals import register as register_actuals
    from evaluation.cli.bench import register as register_bench
    from evaluation.cli.bilan import register as register_bilan
    from evaluation.cli.database import register as register_storage
    from evaluation.cli.listing import register as register_list
    from evaluation.cli.register import register as register_register
    from evaluation.cli.reports import register as register_reports

    return [register_storage, register_list, register_reports, register_actuals, register_bench, register_register,
            register_bilan]


# Commands that hold a whole file's objects until they end: once their output is flushed, the process ends
# without freeing them one by one (0.3-0.4 s of CPU after a 20,000-option evaluation); they leave nothing
# to clean up (no database, no temporary file, no atexit hook of their own).
ENDS_WITHOUT_TEARDOWN = frozenset({"evaluate", "validate"})


def run() -> NoReturn:
    """`python -m evaluation`: main(), then the end of the process (ENDS_WITHOUT_TEARDOWN: at once,
    once what was written is flushed)."""
    code = main()
    if sys.argv[1:2] and sys.argv[1] in ENDS_WITHOUT_TEARDOWN:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:  # the reader left (`| head`): nothing more to say, as main() does
            pass
        os._exit(code)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(extra=not arguments or arguments[0] not in CORE_COMMANDS)
    args = parser.parse_args(arguments)
    handler: Handler = args.handler
    try:
        return handler(args)
    except InvalidFileError as exc:
        return _print_errors(exc)
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("JAUGE_DEBUG"):
            raise
        # No traceback for the person at the terminal: what went wrong, in one French line.
        sys.stderr.write(f"Erreur inattendue ({type(exc).__name__}) : {exc}\n"
                         "Rien n'a été écrit. Relancez avec JAUGE_DEBUG=1 pour le détail technique.\n")
        return EXIT_ERROR
