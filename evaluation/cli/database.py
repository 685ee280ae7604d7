"""Commands that use the database: `import`, `export`, `users` and `demo` (help texts in French)."""

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

from evaluation.exchange.files import FORMATS

if TYPE_CHECKING:
    from evaluation.storage import Repository, StoredUser

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2
PASSWORD_ENV = "JAUGE_PASSWORD"  # noqa: S105 - the name of the variable, not a password


def default_actor() -> str:
    """Who acts on the command line, as the system says: `cli:<user of the process>`. The user is read
    from the process's user id (the password database), not from the USER or LOGNAME variables anyone can
    set; `cli:uid-<n>` when the id has no name (a bare container)."""
    try:
        import pwd

        return f"cli:{pwd.getpwuid(os.geteuid()).pw_name}"
    except (ImportError, KeyError, OSError):
        pass
    try:
        return f"cli:uid-{os.geteuid()}"
    except AttributeError:  # pragma: no cover - no user ids (Windows): the name the system gives
        return f"cli:{getpass.getuser()}"


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
        from evaluation.services.accounts import InvalidAccount
        from evaluation.services.permissions import WorkflowError
        from evaluation.storage import StorageError

        try:
            return handler(args)
        except InvalidAccount as exc:
            sys.stderr.write(f"erreur : {exc}\n")
            return EXIT_INVALID
        except (DatabaseUnavailable, StorageError, WorkflowError) as exc:
            sys.stderr.write(f"erreur : {exc}\n")
            return EXIT_FAILURE

    return run


def cmd_import(args: argparse.Namespace) -> int:
    from evaluation.cli.progress import terminal_progress
    from evaluation.exchange.files import load_proposals

    path = Path(args.file)
    proposals = load_proposals(path)  # InvalidFileError -> exit 2 in cli.main, nothing written
    with repository(args.database) as repo:
        # The audit trail names the system user who ran the command; --auteur only says whose proposals they are.
        result = repo.import_proposals(proposals, actor=default_actor(), owner=args.author, replace=args.replace,
                                       source=path.name, progress=terminal_progress("Import"))
    sys.stdout.write(f"Import terminé : {len(result.created)} dossier(s) créé(s), "
                     f"{len(result.replaced)} remplacé(s) par une nouvelle version.\n")
    for decided, draft in result.new_versions.items():
        sys.stdout.write(f"Le dossier « {decided} » est décidé : il reste tel quel ; le contenu du fichier est "
                         f"enregistré comme nouvelle version « {draft} » (brouillon, à soumettre à la revue).\n")
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


def write_output(data: bytes, output: str | None, written: str) -> None:
    """`data` into the file `output` (whole or not at all; `written` then told on stderr), else on stdout."""
    if output:
        _write_atomically(Path(output), data)
        sys.stderr.write(written)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


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
    from evaluation.exchange.files import dump_proposals

    fmt = export_format(args.format, args.output)
    with repository(args.database) as repo:
        proposals = repo.load_proposals()
    if not proposals:
        sys.stderr.write("Le portefeuille est vide : aucun dossier à exporter.\n")
    write_output(dump_proposals(proposals, fmt), args.output,
                 f"{len(proposals)} dossier(s) exporté(s) en {fmt.upper()} dans {args.output}.\n")
    return EXIT_OK


class PasswordUnavailable(RuntimeError):
    pass


def read_password() -> str:
    """JAUGE_PASSWORD, or typed twice without echo (getpass); never printed."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise PasswordUnavailable(f"mot de passe absent : définissez {PASSWORD_ENV} ou lancez la commande "
                                  "dans un terminal")
    first = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Confirmez le mot de passe : ") != first:
        raise PasswordUnavailable("les deux mots de passe saisis diffèrent")
    return first


def cmd_audit(args: argparse.Namespace) -> int:
    from evaluation.storage.audit_export import audit_csv, audit_json

    with repository(args.database) as repo:
        events = repo.audit_events(proposal_id=args.proposal) if args.proposal else repo.audit_events()
    data = audit_csv(events) if args.format == "csv" else audit_json(events) + b"\n"
    write_output(data, args.output, f"{len(events)} événement(s) écrit(s) dans {args.output}.\n")
    return EXIT_OK


def cmd_users_create(args: argparse.Namespace) -> int:
    from evaluation.services.accounts import Accounts, check_login, check_roles

    check_login(args.login)
    check_roles(args.roles)
    try:
        password = read_password()
    except PasswordUnavailable as exc:
        sys.stderr.write(f"erreur : {exc}\n")
        return EXIT_INVALID
    with repository(args.database) as repo:
        user = Accounts(repo).create(login=args.login, password=password, roles=args.roles, name=args.name or "",
                                     by=default_actor())
    sys.stdout.write(f"Compte « {user.login} » créé (rôles : {', '.join(user.roles)}).\n")
    return EXIT_OK


def cmd_users_list(args: argparse.Namespace) -> int:
    with repository(args.database) as repo:
        users = repo.list_users()
    if not users:
        sys.stdout.write("Aucun compte.\n")
    for user in users:
        state = "actif" if user.active else "désactivé"
        sys.stdout.write(f"{user.login}\t{user.name}\t{', '.join(user.roles)}\t{state}\n")
    return EXIT_OK


def cmd_users_password(args: argparse.Namespace) -> int:
    from evaluation.services.accounts import Accounts

    try:
        password = read_password()
    except PasswordUnavailable as exc:
        sys.stderr.write(f"erreur : {exc}\n")
        return EXIT_INVALID
    with repository(args.database) as repo:
        Accounts(repo).change_password(args.login, new_password=password, by=default_actor())
    sys.stdout.write(f"Mot de passe du compte « {args.login} » remplacé.\n")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    import secrets
    from collections import Counter

    from evaluation.cli.demo import DEMO_ACCOUNTS, advance_portfolio
    from evaluation.cli.demo_follow_up import add_demo_follow_up
    from evaluation.cli.demo_register import demo_current_uses, demo_register
    from evaluation.domain.workflow import STATUS_LABELS_FR, Status
    from evaluation.exchange.files import load_proposals
    from evaluation.resources import SAMPLES_DIR
    from evaluation.services.accounts import Accounts
    from evaluation.services.workflow import Workflow

    proposals = load_proposals(SAMPLES_DIR / "portfolio.yaml")
    with repository(args.database) as repo:
        if repo.count_users() or repo.count_proposals():
            if args.if_empty:
                sys.stdout.write("La base contient déjà des comptes ou des dossiers : la démonstration n'est pas "
                                 "recréée (les identifiants ont été affichés à sa création ; `python -m evaluation "
                                 "users password` en change un).\n")
                return EXIT_OK
            sys.stderr.write("erreur : la base n'est pas vide (comptes ou dossiers présents) ; la démonstration "
                             "se crée sur une base vide.\n")
            return EXIT_FAILURE
        accounts = Accounts(repo)
        actor = default_actor()
        credentials: list[tuple[str, str, str]] = []
        people: dict[str, StoredUser] = {}
        for login, name, roles in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            people[login] = accounts.create(login=login, password=password, roles=roles, name=name, by=actor)
            credentials.append((login, password, ", ".join(roles)))
        Workflow(repo).import_proposals(proposals, user=people["porteur"], source="portfolio.yaml")
        reached = advance_portfolio(repo, people)
        demo_register(repo, people)
        demo_current_uses(repo, people)
        followed = add_demo_follow_up(repo, people)
        if followed:  # it may have decided one more proposal
            reached = Counter(summary.status for summary in repo.list_proposals())
    steps = ", ".join(f"{reached[status]} {STATUS_LABELS_FR[status].lower()}" for status in Status if reached[status])
    sys.stdout.write(f"Démonstration prête : {len(proposals)} dossiers importés ({steps}).\n"
                     + (f"Suivi : le dossier « {followed} » est décidé, son option approuvée en service avec quatre "
                        "mois d'usage importé.\n" if followed else "")
                     + "\nComptes de démonstration (ces mots de passe ne seront plus affichés) :\n")
    width = max(len(login) for login, _, _ in credentials)
    for login, password, role_list in credentials:
        sys.stdout.write(f"  {login.ljust(width)}  {password}  ({role_list})\n")
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
                          help="enregistre une nouvelle version des brouillons déjà présents au lieu de refuser "
                               "l'import ; un dossier décidé est rouvert en nouvelle version (brouillon lié) ; "
                               "un dossier soumis, en revue ou avec avis rendu est refusé")
    importer.add_argument("--auteur", "--author", dest="author", metavar="IDENTIFIANT", default=None,
                          help="compte à qui appartiennent les dossiers créés (par défaut cli:<utilisateur "
                               "système>) ; le journal d'audit inscrit toujours l'utilisateur système "
                               "qui lance la commande")
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

    audit = commands.add_parser(
        "audit", help="exporte le journal d'audit (tout, ou celui d'un dossier)",
        description="Écrit le journal d'audit (qui, quand, quoi, avant et après), du plus ancien au plus récent.")
    audit.add_argument("--dossier", "--proposal", dest="proposal", metavar="ID", default=None,
                       help="seulement les événements de ce dossier")
    audit.add_argument("--format", choices=("json", "csv"), default="json", help="format (json par défaut)")
    audit.add_argument("--output", "--sortie", dest="output", metavar="FICHIER", default=None,
                       help="fichier à écrire (par défaut la sortie standard)")
    _database_option(audit)
    audit.set_defaults(handler=_guarded(cmd_audit))

    users = commands.add_parser("users", help="gère les comptes (création, liste, mot de passe)",
                                description="Gère les comptes de l'application.")
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", parser_class=type(users))
    actions.required = True
    create = actions.add_parser(
        "create", help="crée un compte",
        description=f"Crée un compte. Le mot de passe (12 caractères au moins) est lu dans {PASSWORD_ENV} ou "
                    "demandé deux fois sans être affiché ; il n'est jamais écrit en clair.")
    create.add_argument("--login", required=True, metavar="IDENTIFIANT", help="identifiant de connexion")
    create.add_argument("--role", dest="roles", action="append", required=True, metavar="RÔLE",
                        choices=("porteur", "dsi", "elu", "admin"),
                        help="rôle : porteur, dsi, elu ou admin (répétez l'option pour en donner plusieurs)")
    create.add_argument("--name", "--nom", dest="name", metavar="NOM", default=None, help="nom affiché")
    _database_option(create)
    create.set_defaults(handler=_guarded(cmd_users_create))
    listing = actions.add_parser("list", help="liste les comptes et leurs rôles")
    _database_option(listing)
    listing.set_defaults(handler=_guarded(cmd_users_list))
    password = actions.add_parser("password", help="remplace le mot de passe d'un compte",
                                  description=f"Remplace le mot de passe d'un compte (lu dans {PASSWORD_ENV} ou "
                                              "demandé sans être affiché).")
    password.add_argument("--login", required=True, metavar="IDENTIFIANT", help="identifiant du compte")
    _database_option(password)
    password.set_defaults(handler=_guarded(cmd_users_password))

    demo = commands.add_parser(
        "demo", help="crée une démonstration : un compte par rôle et le portefeuille d'exemple",
        description="Sur une base vide : crée un compte par rôle (admin, porteur, dsi, elu), importe "
                    "data/samples/portfolio.yaml au nom du porteur, fait avancer les dossiers dans le circuit "
                    "de validation (à chaque étape, et des décisions : approuvé, approuvé sous conditions avec "
                    "une condition en retard, rejeté, ajourné), et affiche une seule fois les identifiants et mots de passe.")
    demo.add_argument("--si-vide", "--if-empty", dest="if_empty", action="store_true",
                      help="ne fait rien (et sort sans erreur) si la base contient déjà des données")
    _database_option(demo)
    demo.set_defaults(handler=_guarded(cmd_demo))
