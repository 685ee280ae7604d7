"""`python -m evaluation bilan --year YYYY`: the SNR annual bilan of the AI projects (help texts in French)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from evaluation.cli.database import _database_option, _guarded, repository, write_output

EXIT_OK = 0
EXIT_INVALID = 2
FORMATS = ("json", "xlsx", "odt", "docx", "pdf")
BINARY = frozenset({"xlsx", "odt", "docx", "pdf"})


def bilan_format(fmt: str | None, output: str | None) -> str:
    """The format asked for, else the output file's extension, else JSON."""
    if fmt:
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in FORMATS else "json"


def bilan_file(year: int, fmt: str, repository_url: str | None) -> bytes:
    """The bilan of `year` from the database, in `fmt`."""
    import orjson

    from evaluation.bilan.build import bilan_bytes
    from evaluation.bilan.collect import bilan_source

    with repository(repository_url) as repo:
        source = bilan_source(repo)
    if fmt == "json":
        from evaluation.bilan.as_json import bilan_json
        from evaluation.bilan.compute import compute_bilan

        return orjson.dumps(bilan_json(compute_bilan(source, year)), option=orjson.OPT_INDENT_2) + b"\n"
    return bilan_bytes(source, year, fmt)


def cmd_bilan(args: argparse.Namespace) -> int:
    fmt = bilan_format(args.format, args.output)
    if args.year < 2000 or args.year > dt.date.today().year + 1:
        sys.stderr.write(f"erreur : --year : année {args.year} hors de la plage admise "
                         f"(2000 à {dt.date.today().year + 1}).\n")
        return EXIT_INVALID
    if fmt in BINARY and not args.output:
        sys.stderr.write(f"erreur : --output : le format {fmt.upper()} s'écrit dans un fichier ; "
                         f"indiquez-le avec --output FICHIER.\n")
        return EXIT_INVALID
    data = bilan_file(args.year, fmt, args.database)
    write_output(data, args.output, f"Bilan {args.year} écrit en {fmt.upper()} dans {args.output}.\n")
    return EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "bilan", help="bilan annuel de la stratégie numérique responsable (projets d'IA)",
        description="Écrit la partie IA du bilan annuel de la stratégie numérique responsable (loi REEN art. 35, "
                    "CGCT L. 2311-1-1) : dossiers de l'année, empreinte des options en service, choix sobres, "
                    "budget, conformité, textes et graphiques.")
    parser.add_argument("--year", type=int, required=True, metavar="AAAA", help="année du bilan")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="json, xlsx, odt, docx ou pdf ; à défaut, l'extension de --output, sinon json")
    parser.add_argument("--output", metavar="FICHIER", default=None,
                        help="fichier à écrire (obligatoire pour xlsx, odt, docx et pdf) ; à défaut, la sortie standard")
    _database_option(parser)
    parser.set_defaults(handler=_guarded(cmd_bilan))
