"""The draft délibération of a decided proposal, in French: visas (the legal sources of the rules checked, the
proposal, the DSI's opinions, the evaluation), considérants (the need, the options compared, the cost, the
footprint with its range, the compliance, the motivation) and articles (the decision, the option, the
conditions). The figures are those the élus decided on (the frozen evaluation records).

`deliberation(file)` returns the text as blocks; deliberation_odt.py and deliberation_docx.py write them.
The secrétariat edits the file before the session: nothing here replaces its legal review.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from evaluation.domain.workflow import Outcome
from evaluation.services.decision_file import DecisionFile
from ui.formatting import format_euros, format_number, format_range, format_years
from ui.i18n import label
from ui.reports.decision_texts import local_date, versions_line

LANG = "fr"
CHECKED = ("pass", "warn", "fail")
DECISION_VERBS = {
    Outcome.APPROUVE: "D'approuver le projet",
    Outcome.APPROUVE_SOUS_CONDITIONS: "D'approuver sous conditions le projet",
    Outcome.REJETE: "De rejeter le projet",
    Outcome.AJOURNE: "D'ajourner l'examen du projet",
}


@dataclass(frozen=True)
class Block:
    """One part of the document: a title, a heading, a paragraph or a bulleted item."""

    kind: str  # title, subtitle, heading, paragraph, item
    text: str


@dataclass(frozen=True)
class Deliberation:
    title: str
    blocks: list[Block] = field(default_factory=list)


def _dig(record: Mapping[str, Any] | None, *path: str) -> Any:
    value: Any = record
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


# The article a visa puts before a source, by the source's first word ("Vu la loi n° ...").
ARTICLES = {"loi": "la ", "décret": "le ", "règlement": "le ", "référentiel": "le ", "arrêté": "l'",
            "ordonnance": "l'", "code": "le ", "directive": "la "}


def _visa(source: str) -> str:
    first = source.split(" ", 1)[0].lower()
    article = ARTICLES.get(first)
    return f"Vu {article}{first}{source[len(first):]} ;" if article else f"Vu : {source} ;"


def _gwp(record: Mapping[str, Any] | None) -> str:
    return format_range(_dig(record, "footprint", "annual", "gwp_kgco2eq", "min"),
                        _dig(record, "footprint", "annual", "gwp_kgco2eq", "max"), "gwp_kgco2eq", lang=LANG)


def _visas(file: DecisionFile) -> list[Block]:
    records = [file.retained_record] if file.retained_record else file.records
    sources = list(dict.fromkeys(str(item.get("source")) for record in records if record
                                 for item in record.get("checklist") or []
                                 if item.get("status") in CHECKED and item.get("source")))
    proposal = file.proposal
    by = ", ".join(str(v) for v in (proposal.direction, proposal.sponsor) if v)
    blocks = [Block("paragraph", _visa(source)) for source in sources]
    blocks.append(Block("paragraph", f"Vu le dossier « {proposal.title} » (identifiant {proposal.id}, version "
                                     f"{file.decision.proposal_version}){f', présenté par {by}' if by else ''} ;"))
    for line in file.opinions:
        opinion = label("opinion", line.opinion.value, lang=LANG).lower()
        comment = f" : « {line.comment} »" if line.comment else ""
        blocks.append(Block("paragraph", f"Vu l'avis {opinion} de la direction des systèmes d'information du "
                                         f"{local_date(line.at, LANG)} sur l'option « {line.option} »{comment} ;"))
    blocks.append(Block("paragraph", f"Vu l'évaluation du projet produite par Jauge et figée le "
                                     f"{local_date(file.decision.created_at, LANG)} "
                                     f"({versions_line(file.versions, LANG)}) ;"))
    return blocks


def _option_line(record: Mapping[str, Any]) -> str:
    kind = label("kind", record.get("kind"), lang=LANG)
    return (f"« {record.get('option')} » ({kind}) : coût complet "
            f"{format_euros(_dig(record, 'finance', 'tco'), lang=LANG)}, valeur actuelle nette budgétaire "
            f"{format_euros(_dig(record, 'finance', 'budget_npv'), lang=LANG)} et socio-économique "
            f"{format_euros(_dig(record, 'finance', 'socio_npv'), lang=LANG)}, émissions annuelles {_gwp(record)}, "
            f"conformité : {label('verdict', record.get('verdict'), lang=LANG).lower()} ;")


def _considerants(file: DecisionFile) -> list[Block]:
    proposal = file.proposal
    need = str(proposal.need).strip() or "non décrit dans le dossier"
    blocks = [Block("paragraph", f"Considérant le besoin exprimé : {need}"
                                 + (f" (utilisateurs visés : {proposal.target_users})" if proposal.target_users else "")
                                 + " ;"),
              Block("paragraph", f"Considérant que {len(file.records)} options ont été comparées :")]
    blocks += [Block("item", _option_line(record)) for record in file.records]
    record = file.retained_record
    if record is not None:
        payback = _dig(record, "finance", "payback_years")
        horizon = file.proposal.horizon_years or file.decision.settings.get("horizon_years")
        blocks.append(Block("paragraph", (
            f"Considérant que l'option « {file.retained} » représente un coût complet de "
            f"{format_euros(_dig(record, 'finance', 'tco'), lang=LANG)}"
            + (f" sur {format_number(horizon, lang=LANG)} ans" if horizon else "")
            + f", pour une valeur actuelle nette budgétaire de "
            f"{format_euros(_dig(record, 'finance', 'budget_npv'), lang=LANG)} (argent payé ou économisé) et "
            f"socio-économique de {format_euros(_dig(record, 'finance', 'socio_npv'), lang=LANG)} (avec le temps des "
            f"agents valorisé et le coût du carbone) au taux "
            f"de {format_number(100 * float(_dig(record, 'finance', 'discount_rate') or 0), lang=LANG)} %"
            + (f" et un délai de retour de {format_years(payback, lang=LANG)}" if payback is not None else "")
            + " ;")))
        method = label("fp_method", _dig(record, "footprint", "method", "name") or "none", lang=LANG)
        zone = _dig(record, "footprint", "method", "zone")
        blocks.append(Block("paragraph", (
            f"Considérant que son empreinte carbone annuelle est estimée à {_gwp(record)}, du minimum au maximum des "
            f"hypothèses de la méthode (méthode {method}{f' ; zone d’hébergement {zone}' if zone else ''}) ;")))
        items = record.get("checklist") or []
        fails = [i for i in items if i.get("status") == "fail"]
        warns = [i for i in items if i.get("status") == "warn"]
        rules = str(file.versions.get("rules", ""))
        text = (f"Considérant qu'au regard de la grille de conformité {rules}, cette option compte {len(fails)} "
                f"règle(s) non conforme(s) et {len(warns)} point(s) à vérifier, dont "
                f"{sum(1 for i in fails if i.get('blocking'))} bloquant(s)")
        if file.acknowledged:
            text += " ; les points suivants ont été pris en compte dans la décision : " + " ; ".join(
                f"{issue.rule} ({issue.message})" for issue in file.acknowledged)
        blocks.append(Block("paragraph", text + " ;"))
    blocks.append(Block("paragraph", f"Considérant la motivation de la décision : {file.decision.motivation}"))
    return blocks


def _articles(file: DecisionFile) -> list[Block]:
    proposal = file.proposal
    articles = [f"{DECISION_VERBS[file.outcome]} « {proposal.title} »."]
    if file.retained:
        articles.append(f"De retenir pour sa mise en œuvre l'option « {file.retained} ».")
    if file.conditions:
        lines = [f"{c.text} (responsable : {c.owner}"
                 + (f", échéance : {local_date(c.due_date, LANG)}" if c.due_date else "") + ")"
                 for c in file.conditions]
        articles.append("De subordonner cette approbation aux conditions suivantes : " + " ; ".join(lines) + ".")
    elif file.outcome is Outcome.APPROUVE_SOUS_CONDITIONS:
        articles.append("De subordonner cette approbation aux conditions fixées par la décision.")
    return [Block("paragraph", f"Article {n} : {text}") for n, text in enumerate(articles, start=1)]


def deliberation(file: DecisionFile) -> Deliberation:
    """The draft délibération of a decided proposal, as blocks of French text."""
    title = f"Projet de délibération : {file.proposal.title}"
    blocks = [Block("title", title),
              Block("subtitle", f"Décision du {local_date(file.decision.created_at, LANG)} — "
                                f"{label('outcome', file.outcome.value, lang=LANG)} — projet à relire et compléter "
                                "par le secrétariat de l'assemblée"),
              Block("heading", "Visas"), *_visas(file),
              Block("heading", "Considérants"), *_considerants(file),
              Block("heading", "Après en avoir délibéré, décide :"), *_articles(file)]
    return Deliberation(title=title, blocks=blocks)


def deliberation_filename(proposal_id: str, fmt: str) -> str:
    return f"jauge-deliberation-{proposal_id}.{fmt}"
