"""`python -m evaluation register`: the public register as a static site (html), as open data (json, csv)
or the CSV's Table Schema (--schema). Only published entries are read (Repository.published_register)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

import orjson

from evaluation.cli.database import EXIT_OK, _database_option, _guarded, repository, write_output

EXIT_USAGE = 2


def write_site(files: dict[str, str], directory: Path) -> None:
    """Write the site whole or not at all: built in a sibling folder, then put in place of the old pages."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}."))
    try:
        for name, html in files.items():
            (staging / name).write_text(html, encoding="utf-8")
        directory.mkdir(exist_ok=True)
        for old in directory.glob("*.html"):
            if old.name not in files:
                old.unlink()
        for name in files:
            os.replace(staging / name, directory / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def cmd_register(args: argparse.Namespace) -> int:
    from evaluation.services.register import collectivite_name, public_register
    from evaluation.services.register_open_data import table_schema, to_csv, to_json

    if args.schema:
        data = orjson.dumps(table_schema(), option=orjson.OPT_INDENT_2) + b"\n"
        return _emit(data, args.output, "schéma du CSV")
    fmt = args.format or "json"
    if fmt == "html" and not args.output:
        sys.stderr.write("erreur : --format html écrit un dossier : indiquez-le avec --output DOSSIER.\n")
        return EXIT_USAGE
    with repository(args.database) as repo:
        documents = public_register(repo)
        name = collectivite_name(repo) if fmt == "html" else ""
    if fmt == "html":
        from evaluation.services.register_site import site_files

        files = site_files(documents, collectivite=name, generated_on=dt.date.today())
        write_site(files, Path(args.output))
        sys.stderr.write(f"Site du registre écrit dans {args.output} : {len(files)} page(s), "
                         f"{len(documents)} algorithme(s) publié(s).\n")
        return EXIT_OK
    data = to_csv(documents) if fmt == "csv" else to_json(documents)
    return _emit(data, args.output, f"{len(documents)} entrée(s) publiée(s) en {fmt.upper()}")


def _emit(data: bytes, output: str | None, what: str) -> int:
    write_output(data, output, f"Écrit dans {output} : {what}.\n")
    return EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `register` to the command line."""
    parser = commands.add_parser(
        "register", help="publie le registre public des algorithmes (site statique, JSON, CSV)",
        description="Écrit le registre public des algorithmes et de l'IA : seules les entrées publiées en font "
                    "partie. --format html écrit un petit site statique (une page d'accueil et une page par "
                    "algorithme, sans script ni ressource externe) dans le dossier --output ; json et csv écrivent "
                    "les données ouvertes ; --schema écrit le schéma (Table Schema) du CSV.")
    parser.add_argument("--format", choices=("html", "json", "csv"), default=None,
                        help="html (site, dans un dossier), json (par défaut) ou csv")
    parser.add_argument("--output", "--sortie", dest="output", metavar="CHEMIN", default=None,
                        help="dossier du site (html) ou fichier à écrire (par défaut la sortie standard)")
    parser.add_argument("--schema", action="store_true", help="écrit le schéma (Table Schema) du CSV")
    _database_option(parser)
    parser.set_defaults(handler=_guarded(cmd_register))
