"""French paragraphs generated from the bilan's figures, ready to paste into the report on sustainable
development, and the French number formats they use."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from evaluation.bilan.model import ACTUAL, Bilan, Group, Range
from evaluation.bilan.reference import bilan_reference

NBSP = "\u202f"  # narrow no-break space: thousands separator and before units, as in French typography


def fr_number(value: float, digits: int = 3) -> str:
    """`12 345`, `1,23`, `0,000456`: about `digits` significant digits, French separators."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", NBSP).replace(".", ",")


def fr_euros(value: float) -> str:
    return f"{fr_number(round(value), 12)}{NBSP}€"


def fr_range(value: Range, unit: str = "") -> str:
    """`entre 1,2 et 3,4 kWh`, or `1,2 kWh` when both ends read the same once rounded; `non estimé` when
    unknown."""
    suffix = f"{NBSP}{unit}" if unit else ""
    if value.min is None or value.max is None:
        return "non estimé"
    low, high = fr_number(value.min), fr_number(value.max)
    return f"{low}{suffix}" if low == high else f"entre {low} et {high}{suffix}"


def fr_span(value: Range, unit: str = "") -> str:
    """`1,2 – 3,4 kWh` for tables."""
    suffix = f"{NBSP}{unit}" if unit else ""
    if value.min is None or value.max is None:
        return "—"
    low, high = fr_number(value.min), fr_number(value.max)
    return f"{low}{suffix}" if low == high else f"{low} – {high}{suffix}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count <= 1 else (plural_form or singular + 's')}"


def fr_list(items: Sequence[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


# The outcomes as the paragraphs write them: singular, plural.
_OUTCOME_WORDS = {
    "approuve": ("approuvé", "approuvés"),
    "approuve_sous_conditions": ("approuvé sous conditions", "approuvés sous conditions"),
    "rejete": ("rejeté", "rejetés"),
    "ajourne": ("ajourné", "ajournés"),
}


def _unit(criterion: str) -> str:
    return bilan_reference().labels.criteria[criterion].unit


def frame_paragraph(bilan: Bilan) -> str:
    who = f"de {bilan.collectivite}" if bilan.collectivite else "de la collectivité"
    return (f"La loi n° 2021-1485 du 15 novembre 2021 (REEN, art. 35) prévoit que la stratégie numérique "
            f"responsable des communes et EPCI de plus de 50 000 habitants fait l'objet d'un bilan annuel dans le "
            f"rapport sur la situation en matière de développement durable présenté avant le débat budgétaire "
            f"(CGCT, art. L. 2311-1-1 ; décret n° 2022-1084). Cette partie du bilan {who} porte sur les projets "
            f"d'intelligence artificielle en {bilan.year} : dossiers instruits, empreinte environnementale des "
            f"options en service, choix sobres, budget et conformité.")


def activity_paragraph(bilan: Bilan) -> str:
    counts = bilan.counts
    decided = sum(counts.decided.values())
    parts = [f"{n} {_OUTCOME_WORDS[key][0 if n <= 1 else 1]}" for key, n in counts.decided.items() if n]
    text = (f"En {bilan.year}, {plural(counts.received, 'dossier')} de projet d'IA "
            f"{'a été reçu' if counts.received <= 1 else 'ont été reçus'}, "
            f"{plural(counts.evaluated, 'dossier')} {'a été évalué' if counts.evaluated <= 1 else 'ont été évalués'} "
            f"par la DSI et {plural(decided, 'décision')} {'a été prise' if decided <= 1 else 'ont été prises'} "
            f"par les élus")
    text += f" ({fr_list(parts)})." if parts else "."
    if bilan.lifecycle_available:
        text += (f" {plural(counts.put_in_service, 'option')} "
                 f"{'a été mise' if counts.put_in_service <= 1 else 'ont été mises'} en service et "
                 f"{plural(counts.stopped, 'option')} {'a été arrêtée' if counts.stopped <= 1 else 'ont été arrêtées'}.")
    return text


def footprint_paragraph(bilan: Bilan) -> str:
    if not bilan.lifecycle_available:
        return ("Les dates de mise en service des options retenues ne sont pas encore suivies dans Jauge : "
                "l'empreinte de l'année ne peut pas être calculée, elle n'est pas remplacée par zéro.")
    if not bilan.projects:
        return f"Aucune option d'IA approuvée n'était en service en {bilan.year} : l'empreinte de l'année est nulle."
    totals = bilan.totals
    actual = sum(1 for line in bilan.projects if line.basis == ACTUAL)
    estimated = len(bilan.projects) - actual
    text = (f"{plural(len(bilan.projects), 'option')} {'était' if len(bilan.projects) <= 1 else 'étaient'} en "
            f"service pendant l'année. Rapportées à leurs jours de service, elles ont consommé "
            f"{fr_range(totals['energy_kwh'], _unit('energy_kwh'))} d'électricité, émis "
            f"{fr_range(totals['gwp_kgco2eq'], _unit('gwp_kgco2eq'))} de gaz à effet de serre et utilisé "
            f"{fr_range(totals['wcf_l'], _unit('wcf_l'))} d'eau. ")
    partial = sum(1 for line in bilan.projects if line.basis != ACTUAL and line.actual_days > 0)
    clauses = []
    if actual:
        clauses.append(f"sur des relevés réels importés pour {plural(actual, 'option')}")
    if partial:
        clauses.append(f"en partie sur des relevés réels pour {plural(partial, 'option')} (leurs autres jours "
                       f"en service estimés)")
    if estimated - partial:
        clauses.append(f"sur l'estimation figée à la décision pour {plural(estimated - partial, 'option')}")
    text += "Ces chiffres reposent " + fr_list(clauses)
    text += " ; les fourchettes traduisent l'incertitude des méthodes."
    missing = sorted({pid for names in bilan.left_out.values() for pid in names})
    if missing:
        text += (f" {plural(len(missing), 'projet')} sans estimation "
                 f"{'est exclu' if len(missing) <= 1 else 'sont exclus'} des totaux : {fr_list(missing)}.")
    return text


def groups_paragraph(title: str, groups: Sequence[Group], labels: Mapping[str, str] | None = None) -> str:
    if not groups:
        return ""
    parts = [f"{(labels or {}).get(g.key, g.key)} ({fr_range(g.annual['gwp_kgco2eq'], _unit('gwp_kgco2eq'))}, "
             f"{plural(len(g.projects), 'projet')})" for g in groups]
    return f"{title} : {fr_list(parts)}."


def avoided_paragraph(bilan: Bilan) -> str:
    if not bilan.avoided:
        return (f"Aucune option sans IA ou plus sobre retenue à la place d'une option d'IA n'était en service en "
                f"{bilan.year} : aucun évitement n'est compté.")
    names = [f"« {item.chosen} » plutôt que « {item.instead_of} » ({item.title})" for item in bilan.avoided]
    return (f"Le choix d'options sans IA ou plus sobres ({fr_list(names)}) a évité, sur leurs jours de service, "
            f"{fr_range(bilan.avoided_totals['gwp_kgco2eq'], _unit('gwp_kgco2eq'))} et "
            f"{fr_range(bilan.avoided_totals['energy_kwh'], _unit('energy_kwh'))} par rapport à l'option d'IA "
            f"écartée ; sur la même période, leurs coûts de fonctionnement sont "
            f"{'inférieurs' if bilan.avoided_cost_eur >= 0 else 'supérieurs'} de {fr_euros(abs(bilan.avoided_cost_eur))}. "
            f"Ce sont des estimations comparées, non des mesures.")


def budget_paragraph(bilan: Bilan) -> str:
    budget = bilan.budget
    text = (f"Les options approuvées en {bilan.year} représentent une valeur actuelle nette de "
            f"{fr_euros(budget.npv_approved)} ({plural(len(budget.npv_approved_projects), 'projet')}).")
    if budget.npv_unknown:
        text += f" VAN non calculée pour : {fr_list(list(budget.npv_unknown))}."
    if bilan.lifecycle_available:
        text += (f" La dépense de l'année des options en service est de {fr_euros(budget.spend_total)}, "
                 f"dont {fr_euros(budget.spend_actual)} sur coûts réels importés.")
        if budget.spend_unknown:
            text += f" Dépense inconnue pour : {fr_list(list(budget.spend_unknown))}."
    return text


def compliance_paragraph(bilan: Bilan) -> str:
    rules = bilan.compliance.rules
    fails = [r for r in rules if r.status == "fail"]
    warns = [r for r in rules if r.status == "warn"]
    text = (f"Dans l'évaluation figée avec les décisions, les options retenues comptent "
            f"{plural(len(fails), 'règle non conforme', 'règles non conformes')} et "
            f"{plural(len(warns), 'point à vérifier', 'points à vérifier')}")
    acknowledged = sum(1 for r in fails if r.acknowledged)
    text += f", dont {acknowledged} pris en compte explicitement par les élus." if acknowledged else "."
    conditions = bilan.compliance.open_conditions
    if conditions is None:
        text += " Le suivi des conditions posées par les décisions n'est pas disponible dans Jauge."
    else:
        late = sum(1 for c in conditions if c.past_due)
        if not conditions:
            text += f" Aucune condition posée par les décisions ne reste ouverte au 31 décembre {bilan.year}."
        else:
            many = len(conditions) > 1
            text += (f" {plural(len(conditions), 'condition')} posée{'s' if many else ''} par les décisions "
                     f"{'restent' if many else 'reste'} ouverte{'s' if many else ''} au 31 décembre {bilan.year}"
                     + (f", dont {late} échue{'s' if late > 1 else ''}." if late else "."))
    if bilan.compliance.register_published is None:
        text += " Le registre public des algorithmes n'est pas encore tenu dans Jauge : le nombre de fiches publiées n'est pas disponible."
    else:
        text += (f" {plural(bilan.compliance.register_published, 'fiche publiée', 'fiches publiées')} au registre "
                 "public des algorithmes dans l'année (toujours en ligne).")
    return text


def comparison_paragraph(bilan: Bilan) -> str:
    previous = bilan.previous
    if previous is None:
        return f"Aucune donnée n'est disponible pour {bilan.year - 1} : pas de comparaison avec l'année précédente."
    unit = _unit("gwp_kgco2eq")
    now_decided, then_decided = sum(bilan.counts.decided.values()), sum(previous.counts.decided.values())
    return (f"En {previous.year}, {plural(previous.counts.received, 'dossier')} reçu{'s' if previous.counts.received > 1 else ''}, "
            f"{plural(then_decided, 'décision')} ({now_decided} en {bilan.year}) et "
            f"{plural(previous.projects, 'option')} en service ({len(bilan.projects)} en {bilan.year}) ; émissions "
            f"de l'année précédente : {fr_range(previous.totals['gwp_kgco2eq'], unit)} "
            f"(contre {fr_range(bilan.totals['gwp_kgco2eq'], unit)} en {bilan.year}).")


def paragraphs(bilan: Bilan) -> list[tuple[str, str]]:
    """The report's paragraphs, each with its heading, in reading order."""
    labels = bilan_reference().labels
    groups = " ".join(text for text in (
        groups_paragraph("Par objectif de la SNR", bilan.by_objective),
        groups_paragraph("Par direction", bilan.by_direction),
        groups_paragraph("Par catégorie", bilan.by_category, labels.categories),
    ) if text)
    return [
        ("Cadre", frame_paragraph(bilan)),
        ("Dossiers de l'année", activity_paragraph(bilan)),
        ("Empreinte environnementale", footprint_paragraph(bilan) + (" " + groups if groups else "")),
        ("Choix sobres", avoided_paragraph(bilan)),
        ("Budget", budget_paragraph(bilan)),
        ("Conformité", compliance_paragraph(bilan)),
        ("Comparaison avec l'année précédente", comparison_paragraph(bilan)),
    ]
