"""Commands that use the database: `import` and `export` (help texts in French)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from evaluation.proposal_files import FORMATS

if TYPE_CHECKING:
    from evaluation.storage import Repository

EXIT_OK = 0
EXIT_FAILURE = 1


def default_actor() -> str:
    """Who acts when the command line does not say: `cli:<system user>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a bare container
        return "cli"


class DatabaseUnavailable(RuntimeError):
    pass


@contextmanager
def repository(url: str | None = None) -> Iterator[Repository]:
    """The repository, with a French message instead of a traceback when the database is unreachable."""
    from sqlalchemy.exc import OperationalError

    from evaluation.storage import open_repository

    try:
        repo = open_repository(url)
    except OperationalError as exc:
        raise DatabaseUnavailable(f"base de données inaccessible ({exc.orig or exc})") from None
    try:
        yield repo
    finally:
        repo.close()


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from evaluation.storage import StorageError

        try:
            return handler(args)
        except (DatabaseUnavailable, StorageError) as exc:
            sys.stderr.write(f"erreur : {exc}\n")
            return EXIT_FAILURE

    return run


def cmd_import(args: argparse.Namespace) -> int:
    from evaluation.proposal_files import load_proposals

    path = Path(args.file)
    proposals = load_proposals(path)  # InvalidFileError -> exit 2 in cli.main, nothing written
    with repository(args.database) as repo:
        result = repo.import_proposals(proposals, actor=args.author or default_actor(), replace=args.replace,
                                       source=path.name)
    sys.stdout.write(f"Import terminé : {len(result.created)} dossier(s) créé(s), "
                     f"{len(result.replaced)} remplacé(s) par une nouvelle version.\n")
    return EXIT_OK


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_format(fmt: str | None, output: str | None) -> str:
    """The format asked for, else the output file's extension, else JSON."""
    if fmt:
        return fmt
    if output:
        suffix = Path(output).suffix.lower().lstrip(".")
        suffix = "yaml" if suffix == "yml" else suffix
        if suffix in FORMATS:
            return suffix
    return "json"


def cmd_export(args: argparse.Namespace) -> int:
    from evaluation.proposal_files import dump_proposals

    fmt = export_format(args.format, args.output)
    with repository(args.database) as repo:
        proposals = repo.load_proposals()
    if not proposals:
        sys.stderr.write("Le portefeuille est vide : aucun dossier à exporter.\n")
    data = dump_proposals(proposals, fmt)
    if args.output:
        _write_atomically(Path(args.output), data)
        sys.stderr.write(f"{len(proposals)} dossier(s) exporté(s) en {fmt.upper()} dans {args.output}.\n")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return EXIT_OK


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", "--database", dest="database", metavar="URL", default=None,
                        help="base de données (URL SQLAlchemy) ; à défaut JAUGE_DATABASE_URL, sinon "
                             "var/jauge.sqlite3")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `import` and `export` to the command line."""
    importer = commands.add_parser(
        "import", help="importe des dossiers dans la base (tout ou rien)",
        description="Importe les dossiers d'un fichier YAML, JSON, CSV ou XLSX dans la base de données. "
                    "Tout ou rien : si un dossier est invalide, ou si un identifiant existe déjà (sans "
                    "--remplacer), rien n'est écrit et la commande se termine avec le code 2.")
    importer.add_argument("file", metavar="FICHIER", help="dossiers en YAML, JSON, CSV ou XLSX")
    importer.add_argument("--remplacer", "--replace", dest="replace", action="store_true",
                          help="enregistre une nouvelle version des dossiers déjà présents au lieu de refuser "
                               "l'import")
    importer.add_argument("--auteur", "--author", dest="author", metavar="IDENTIFIANT", default=None,
                          help="auteur inscrit au journal d'audit (par défaut cli:<utilisateur système>)")
    _database_option(importer)
    importer.set_defaults(handler=_guarded(cmd_import))

    exporter = commands.add_parser(
        "export", help="exporte tout le portefeuille (JSON, YAML, CSV ou XLSX)",
        description="Exporte tous les dossiers de la base dans le format d'échange ; le fichier produit se "
                    "réimporte tel quel.")
    exporter.add_argument("--format", choices=FORMATS, default=None,
                          help="format du fichier (par défaut celui de l'extension de --output, sinon json)")
    exporter.add_argument("--output", "--sortie", dest="output", metavar="FICHIER", default=None,
                          help="fichier à écrire (par défaut la sortie standard)")
    _database_option(exporter)
    exporter.set_defaults(handler=_guarded(cmd_export))
