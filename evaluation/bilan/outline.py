"""The bilan as a sequence of blocks (headings, paragraphs, tables, charts) that the ODT, DOCX and PDF
writers render alike; table cells are French text, figures formatted with evaluation.bilan.text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from evaluation.bilan import charts
from evaluation.bilan.model import CRITERIA, Bilan, Group
from evaluation.bilan.reference import bilan_reference
from evaluation.bilan.text import fr_euros, fr_number, fr_span, paragraphs

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text as an XML document may hold it: the control characters XML 1.0 forbids are dropped (a title
    pasted with one would otherwise stop the DOCX or ODT from being written)."""
    return _NOT_IN_XML.sub("", text)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # smaller, grey: sources, definitions, what a total leaves out


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty


@dataclass(frozen=True)
class Picture:
    png: bytes
    caption: str


Block = Heading | Paragraph | Table | Picture


def title(bilan: Bilan) -> str:
    who = f" — {bilan.collectivite}" if bilan.collectivite else ""
    return f"Bilan {bilan.year} de la stratégie numérique responsable : projets d'IA{who}"


def _criterion_header(criterion: str) -> str:
    label = bilan_reference().labels.criteria[criterion]
    return f"{label.name} ({label.unit})"


def _group_table(groups: tuple[Group, ...], heading: str, labels: dict[str, str] | None = None) -> Table:
    return Table(
        headers=(heading, "Projets", *(_criterion_header(c) for c in ("energy_kwh", "gwp_kgco2eq", "wcf_l"))),
        rows=tuple(((labels or {}).get(g.key, g.key), str(len(g.projects)),
                    *(fr_span(g.annual[c]) for c in ("energy_kwh", "gwp_kgco2eq", "wcf_l"))) for g in groups),
        widths=(5, 1.5, 3, 3, 3),
    )


def outline(bilan: Bilan, *, generated: dt.date | None = None) -> list[Block]:
    reference = bilan_reference()
    labels = reference.labels
    texts = dict(paragraphs(bilan))
    blocks: list[Block] = [
        Heading(title(bilan), 0),
        Paragraph(f"Généré par Jauge le {(generated or dt.date.today()).strftime('%d/%m/%Y')} à partir des "
                  f"dossiers, décisions et relevés enregistrés. Texte et tableaux modifiables.", note=True),
        Heading("Cadre"), Paragraph(texts["Cadre"]),
        Heading("Dossiers de l'année"), Paragraph(texts["Dossiers de l'année"]),
        Table(headers=("Indicateur", str(bilan.year), *( (str(bilan.previous.year),) if bilan.previous else ())),
              rows=_count_rows(bilan)),
        Picture(charts.count_bars(f"Décisions des élus en {bilan.year}",
                                  [(labels.outcomes[k], n) for k, n in bilan.counts.decided.items()]),
                f"Décisions prises en {bilan.year}, par issue."),
        Heading("Empreinte environnementale"), Paragraph(texts["Empreinte environnementale"]),
    ]
    if bilan.projects:
        blocks += [
            Table(headers=("Projet", "Option", "Jours en service", "Base",
                           *(_criterion_header(c) for c in ("energy_kwh", "gwp_kgco2eq", "wcf_l"))),
                  rows=tuple((line.title, line.option, str(line.in_service_days), _basis(line.basis, line.actual_days),
                              *(fr_span(line.annual[c]) for c in ("energy_kwh", "gwp_kgco2eq", "wcf_l")))
                             for line in bilan.projects),
                  caption="Empreinte de l'année par projet, rapportée aux jours en service.",
                  widths=(4, 3, 1.6, 2, 2.2, 2.2, 2)),
            Table(headers=("Critère", "Total de l'année", "Projets exclus (sans estimation)"),
                  rows=tuple((_criterion_header(c), fr_span(bilan.totals[c]), ", ".join(bilan.left_out[c]) or "aucun")
                             for c in CRITERIA),
                  caption="Totaux : sommes des projets, minimum et maximum séparément."),
            Picture(charts.range_bars("Émissions de GES de l'année par projet",
                                      [(line.title, line.annual["gwp_kgco2eq"]) for line in bilan.projects],
                                      labels.criteria["gwp_kgco2eq"].unit),
                    "Émissions de gaz à effet de serre de l'année par projet (fourchette min-max)."),
            _group_table(bilan.by_objective, "Objectif de la SNR"),
            Picture(charts.range_bars("Émissions de GES par objectif de la SNR",
                                      [(g.key, g.annual["gwp_kgco2eq"]) for g in bilan.by_objective],
                                      labels.criteria["gwp_kgco2eq"].unit),
                    "Émissions de l'année par objectif de la stratégie numérique responsable."),
            _group_table(bilan.by_direction, "Direction"),
            _group_table(bilan.by_category, "Catégorie", labels.categories),
        ]
    blocks += [Heading("Choix sobres"), Paragraph(texts["Choix sobres"])]
    if bilan.avoided:
        blocks.append(Table(
            headers=("Projet", "Option retenue", "Option d'IA écartée", "Jours", _criterion_header("gwp_kgco2eq"),
                     _criterion_header("energy_kwh"), "Coûts évités (€, négatif : surcoût)"),
            rows=tuple((a.title, a.chosen, a.instead_of, str(a.in_service_days), fr_span(a.footprint["gwp_kgco2eq"]),
                        fr_span(a.footprint["energy_kwh"]),
                        fr_euros(a.annual_cost_eur) if a.annual_cost_eur is not None else "—") for a in bilan.avoided),
            widths=(3.5, 2.8, 2.8, 1.4, 2.4, 2.2, 2.2)))
    blocks += [Heading("Budget"), Paragraph(texts["Budget"])]
    if bilan.projects:
        blocks.append(Table(
            headers=("Projet", "Dépense de l'année", "Base", "VAN (décision)"),
            rows=tuple((line.title, fr_euros(line.spend_eur) if line.spend_eur is not None else "—",
                        labels.bases[line.spend_basis], fr_euros(line.npv) if line.npv is not None else "—")
                       for line in bilan.projects)))
    blocks += [Heading("Conformité"), Paragraph(texts["Conformité"])]
    if bilan.compliance.rules:
        blocks.append(Table(
            headers=("Dossier", "Règle", "Statut", "Pris en compte par les élus", "Message"),
            rows=tuple((r.proposal_id, r.rule, "Non conforme" if r.status == "fail" else "À vérifier",
                        "oui" if r.acknowledged else "non", r.message) for r in bilan.compliance.rules),
            widths=(3, 1.6, 2, 2, 8.4)))
    if bilan.compliance.open_conditions:
        blocks.append(Table(
            widths=(3, 7, 3, 2, 2),
            headers=("Dossier", "Condition", "Responsable", "Échéance", "Échue"),
            rows=tuple((c.proposal_id, c.text, c.owner, c.due.strftime("%d/%m/%Y"), "oui" if c.past_due else "non")
                       for c in bilan.compliance.open_conditions),
            caption=f"Conditions des décisions encore ouvertes au 31 décembre {bilan.year}."))
    blocks += [Heading("Comparaison avec l'année précédente"), Paragraph(texts["Comparaison avec l'année précédente"])]
    if bilan.previous is not None:
        blocks.append(Picture(
            charts.range_bars(f"Émissions de GES des options en service : {bilan.previous.year} et {bilan.year}",
                              [(str(bilan.previous.year), bilan.previous.totals["gwp_kgco2eq"]),
                               (str(bilan.year), bilan.totals["gwp_kgco2eq"])], labels.criteria["gwp_kgco2eq"].unit),
            "Émissions de gaz à effet de serre de l'année, comparées à l'année précédente."))
    blocks += [Heading("Définitions des indicateurs")]
    blocks += [Paragraph(f"{i.name} ({i.unit}) : {i.definition}", note=True) for i in reference.indicators]
    blocks += [Heading("Références")]
    blocks += [Paragraph(f"{t.text} — {t.summary} {t.link} (vérifié le {t.checked.strftime('%d/%m/%Y')} ; "
                         f"{t.verified})", note=True) for t in reference.legal_frame]
    return blocks


def _basis(basis: str, actual_days: int) -> str:
    word = bilan_reference().labels.bases[basis]
    return f"{word} ({actual_days} j réels)" if basis != "actual" and actual_days else word


def _count_rows(bilan: Bilan) -> tuple[tuple[str, ...], ...]:
    labels = bilan_reference().labels
    previous = bilan.previous

    def row(name: str, now: int, before: int | None) -> tuple[str, ...]:
        return (name, fr_number(now, 12), *((fr_number(before, 12),) if previous is not None and before is not None
                                            else ()))

    rows = [row("Dossiers reçus", bilan.counts.received, previous.counts.received if previous else None),
            row("Dossiers évalués", bilan.counts.evaluated, previous.counts.evaluated if previous else None)]
    rows += [row(f"Décisions : {labels.outcomes[k].lower()}", n, previous.counts.decided.get(k) if previous else None)
             for k, n in bilan.counts.decided.items()]
    if bilan.lifecycle_available:
        rows += [row("Options mises en service", bilan.counts.put_in_service,
                     previous.counts.put_in_service if previous else None),
                 row("Options arrêtées", bilan.counts.stopped, previous.counts.stopped if previous else None),
                 row("Options en service dans l'année", len(bilan.projects), previous.projects if previous else None)]
    return tuple(rows)
