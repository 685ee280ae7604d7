"""Commands that write a stored proposal's files: `fiche` (the PDF, the same as the dashboard's),
`deliberation` (the draft délibération, ODT or DOCX) and `reproduce` (the decision's figures recomputed
from its frozen inputs; exit status 3 when they differ). Help texts in French."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evaluation.cli.database import _database_option, _guarded, _write_atomically, repository

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2
EXIT_DIFFERENT = 3


def cmd_fiche(args: argparse.Namespace) -> int:
    from ui.reports.fiche import stored_fiche

    with repository(args.database) as repo:
        pdf = stored_fiche(repo, args.proposal, lang=args.lang)
    _write_atomically(Path(args.output), pdf)
    sys.stderr.write(f"Fiche du dossier « {args.proposal} » écrite dans {args.output}.\n")
    return EXIT_OK


def _not_decided(proposal_id: str) -> int:
    sys.stderr.write(f"erreur : le dossier « {proposal_id} » n'est pas décidé : il n'a ni décision ni évaluation "
                     "figée.\n")
    return EXIT_FAILURE


def cmd_deliberation(args: argparse.Namespace) -> int:
    from evaluation.services.decision_file import decision_file
    from ui.reports.deliberation import deliberation
    from ui.reports.deliberation_docx import deliberation_docx
    from ui.reports.deliberation_odt import deliberation_odt

    with repository(args.database) as repo:
        file = decision_file(repo, args.proposal)
    if file is None:
        return _not_decided(args.proposal)
    fmt = args.format or ("docx" if Path(args.output).suffix.lower() == ".docx" else "odt")
    document = deliberation(file)
    data = deliberation_odt(document) if fmt == "odt" else deliberation_docx(document)
    _write_atomically(Path(args.output), data)
    sys.stderr.write(f"Projet de délibération du dossier « {args.proposal} » écrit dans {args.output} "
                     f"({fmt.upper()}).\n")
    return EXIT_OK


def cmd_reproduce(args: argparse.Namespace) -> int:
    from evaluation.services.reproduce import reproduce_decision
    from ui.reports.decision_texts import difference_rows, reproduction_lines

    with repository(args.database) as repo:
        repo.get_proposal(args.proposal)  # NotFound: a French message, exit 1
        decision = repo.latest_decision(args.proposal)
    if decision is None:
        return _not_decided(args.proposal)
    try:
        result = reproduce_decision(decision)
    except ValueError as exc:  # a decision stored without its frozen proposal
        sys.stderr.write(f"erreur : {exc}\n")
        return EXIT_FAILURE
    for line in reproduction_lines(result, "fr"):
        sys.stdout.write(line + "\n")
    if not result.identical:
        rows = difference_rows(result, "fr", limit=len(result.differences))
        for row in rows:
            sys.stdout.write("  " + " | ".join(row) + "\n")
        return EXIT_DIFFERENT
    return EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `fiche`, `deliberation` and `reproduce` to the command line."""
    fiche = commands.add_parser(
        "fiche", help="écrit la fiche PDF d'un dossier (la même que celle du tableau de bord)",
        description="Écrit la fiche PDF d'un dossier enregistré. Pour un dossier décidé : la décision, puis les "
                    "chiffres et la conformité de l'option retenue, recalculés à partir de l'évaluation figée.")
    fiche.add_argument("proposal", metavar="ID", help="identifiant du dossier")
    fiche.add_argument("--output", "--sortie", dest="output", metavar="FICHIER", required=True,
                       help="fichier PDF à écrire")
    fiche.add_argument("--lang", "--langue", dest="lang", choices=("fr", "en"), default="fr",
                       help="langue de la fiche (fr par défaut)")
    _database_option(fiche)
    fiche.set_defaults(handler=_guarded(cmd_fiche))

    draft = commands.add_parser(
        "deliberation", help="écrit le projet de délibération d'un dossier décidé (ODT ou DOCX)",
        description="Écrit, pour un dossier décidé, un projet de délibération modifiable (visas, considérants, "
                    "articles), en français, à partir de la décision et de l'évaluation figée.")
    draft.add_argument("proposal", metavar="ID", help="identifiant du dossier décidé")
    draft.add_argument("--format", choices=("odt", "docx"), default=None,
                       help="odt (LibreOffice) ou docx (Word) ; par défaut celui de l'extension de --output, sinon odt")
    draft.add_argument("--output", "--sortie", dest="output", metavar="FICHIER", required=True,
                       help="fichier à écrire")
    _database_option(draft)
    draft.set_defaults(handler=_guarded(cmd_deliberation))

    again = commands.add_parser(
        "reproduce", help="recalcule l'évaluation figée d'une décision et la compare",
        description="Évalue de nouveau un dossier décidé tel qu'il a été décidé, avec les paramètres figés avec "
                    "la décision, et dit si les chiffres sont identiques, sinon lesquels diffèrent et pourquoi "
                    f"(version des méthodes). Code de sortie {EXIT_DIFFERENT} si des chiffres diffèrent.")
    again.add_argument("proposal", metavar="ID", help="identifiant du dossier décidé")
    _database_option(again)
    again.set_defaults(handler=_guarded(cmd_reproduce))
