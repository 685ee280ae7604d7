"""The public register as a small static site a collectivité hosts on its own website: an index and one page
per entry, in French, with no script and nothing fetched from anywhere (the style is in each page), every
text escaped. Accessible: the page's language, a skip link, landmarks (header, nav, main, footer), one h1
and ordered headings, a definition list per entry, contrast above 7:1 for the text (RGAA 3.2, 8.3, 9.1,
12.7). A pure function of the public documents (evaluation.services.register.public_register)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from evaluation.domain.governance import DecisionRole
from evaluation.domain.register import DECISION_ROLE_LABELS_FR

INDEX = "index.html"
_SAFE_FILE = re.compile(r"[^a-z0-9-]+")
_HTTP = re.compile(r"^https?://[^\s<>\"']+$")

_STYLE = """
:root { color: #161616; background: #ffffff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
        line-height: 1.5; }
body { margin: 0; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #ffffff; padding: .5rem; }
header, main, footer, nav { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
header { border-bottom: 4px solid #000091; }
a { color: #000091; }
a:focus, a:hover { outline: 3px solid #0a76f6; outline-offset: 2px; }
h1 { font-size: 1.9rem; margin: .5rem 0; }
h2 { font-size: 1.4rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin-bottom: .25rem; }
.entry { border: 1px solid #3a3a3a; border-radius: 4px; padding: .75rem 1rem; margin: 1rem 0; }
.meta { color: #3a3a3a; }
dl { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: .5rem 1rem; }
dt { font-weight: 700; }
dd { margin: 0; white-space: pre-line; }
footer { border-top: 1px solid #3a3a3a; color: #3a3a3a; font-size: .95rem; }
@media (max-width: 40rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: .5rem; } }
"""


def entry_file(entry_id: str) -> str:
    """The file name of an entry's page."""
    return f"algorithme-{_SAFE_FILE.sub('-', entry_id.lower()).strip('-') or 'entree'}.html"


def fr_number(value: float, digits: int = 2) -> str:
    """1234.5 -> « 1 234,5 » (thin no-break space between thousands)."""
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:,.0f}"
    return text.replace(",", "\u202f").replace(".", ",")


def fr_date(iso: str | None) -> str:
    if not iso:
        return "non renseignée"
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def footprint_text(document: Mapping[str, Any]) -> str:
    """The annual footprint as its range, never collapsed: « 12 à 15 kg CO2e par an »."""
    gwp = document.get("annual_gwp_kgco2eq") or {}
    low, high = gwp.get("min"), gwp.get("max")
    if low is None or high is None:
        return "non estimée"
    return f"{fr_number(float(low))} à {fr_number(float(high))} kg CO2e par an"


def cost_text(document: Mapping[str, Any]) -> str:
    annual, tco = document.get("annual_cost_eur"), document.get("tco_eur")
    parts = []
    if annual is not None:
        parts.append(f"{fr_number(float(annual), 0)} € par an")
    if tco is not None:
        parts.append(f"coût total de possession {fr_number(float(tco), 0)} €")
    return ", ".join(parts) or "non renseigné"


def decision_role_text(value: Any) -> str:
    try:
        return DECISION_ROLE_LABELS_FR[DecisionRole(value)]
    except ValueError:
        return str(value)


def figure_rows(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, text) of an entry's figures, as the page and the site show them."""
    models = ", ".join(document.get("models") or []) or "aucun modèle nommé"
    method = document.get("footprint_method")
    return [
        ("Modèle", models),
        ("Zone d'hébergement", document.get("hosting_zone") or "non renseignée"),
        ("Empreinte carbone annuelle", footprint_text(document)
         + (f" (méthode {method}, évaluation du {fr_date(document.get('evaluated_on'))})" if method else "")),
        ("Coût", cost_text(document)),
    ]


def detail_rows(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, text) of everything else a citizen reads about an entry."""
    per_year = document.get("decisions_per_year")
    return [
        ("Service", document.get("department") or "non renseigné"),
        ("Finalité", document.get("purpose") or ""),
        ("Base juridique", document.get("legal_basis") or ""),
        ("Rôle dans les décisions", decision_role_text(document.get("decision_role"))),
        ("Place dans la décision", document.get("decision_process") or "non renseignée"),
        ("Décisions par an", fr_number(float(per_year), 0) if per_year is not None else "non renseigné"),
        ("Personnes concernées", document.get("people_affected") or ""),
        ("Données utilisées et sources", "\n".join(document.get("data_sources") or [])),
        ("Contrôle humain", document.get("human_oversight") or ""),
        ("Comment contester", document.get("how_to_contest") or ""),
        ("Risques", document.get("risks") or "non renseignés"),
        ("Mesures d'atténuation", document.get("mitigations") or "non renseignées"),
        ("Fournisseur", document.get("supplier") or "non renseigné"),
        ("En service depuis", fr_date(document.get("in_service_since"))),
        ("Contact", document.get("contact") or ""),
    ]


def _dl(rows: Sequence[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>" for label, text in rows) + "</dl>"


def _page(*, title: str, collectivite: str, body: str, generated_on: dt.date, back: bool) -> str:
    nav = (f'<nav aria-label="Fil d\'Ariane"><a href="{INDEX}">Registre des algorithmes et de l\'IA</a></nav>'
           if back else "")
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} – {escape(collectivite)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        '<a class="skip" href="#contenu">Aller au contenu</a>\n'
        f'<header><p class="meta">{escape(collectivite)}</p></header>\n{nav}\n'
        f'<main id="contenu">\n{body}\n</main>\n'
        f"<footer><p>Registre publié par {escape(collectivite)}, produit le {generated_on.strftime('%d/%m/%Y')}. "
        "Les empreintes sont des fourchettes d'estimation (bas – haut) ; les coûts sont ceux de l'évaluation "
        "approuvée par les élus.</p></footer>\n</body>\n</html>\n"
    )


def index_page(documents: Sequence[Mapping[str, Any]], *, collectivite: str, generated_on: dt.date) -> str:
    items = []
    for document in documents:
        items.append(
            f'<article class="entry"><h3><a href="{entry_file(str(document["id"]))}">'
            f"{escape(str(document.get('title') or ''))}</a></h3>"
            f"<p>{escape(str(document.get('purpose') or ''))}</p>"
            f'<p class="meta">{escape(str(document.get("department") or ""))} · mise à jour le '
            f"{escape(fr_date(document.get('last_updated')))}</p>{_dl(figure_rows(document))}</article>")
    count = len(documents)
    listing = "\n".join(items) if items else "<p>Aucun algorithme n'est publié pour le moment.</p>"
    body = (
        "<h1>Registre des algorithmes et de l'intelligence artificielle</h1>\n"
        f"<p>{escape(collectivite)} publie ici les algorithmes et systèmes d'IA qu'elle utilise : ce qu'ils font, "
        "sur quelle base, avec quelles données, qui les contrôle, comment contester une décision, leur empreinte "
        "et leur coût (code des relations entre le public et l'administration, art. L312-1-3).</p>\n"
        f"<h2>{count} algorithme{'s' if count > 1 else ''} publié{'s' if count > 1 else ''}</h2>\n{listing}"
    )
    return _page(title="Registre des algorithmes et de l'IA", collectivite=collectivite, body=body,
                 generated_on=generated_on, back=False)


def entry_page(document: Mapping[str, Any], *, collectivite: str, generated_on: dt.date) -> str:
    title = str(document.get("title") or "")
    rules = str(document.get("rules_url") or "")
    link = (f'<p><a href="{escape(rules, quote=True)}">Règles publiées ou code source de cet algorithme</a></p>'
            if _HTTP.match(rules) else "<p>Règles ou code source : non publiés en ligne.</p>")
    revision = int(document.get("revision") or 1)
    body = (
        f"<h1>{escape(title)}</h1>\n"
        f'<p class="meta">Publié le {escape(fr_date(document.get("first_published")))}, mis à jour le '
        f"{escape(fr_date(document.get('last_updated')))} (version {revision}).</p>\n"
        f"<h2>Ce que fait cet algorithme</h2>\n{_dl(detail_rows(document))}\n{link}\n"
        f"<h2>Chiffres</h2>\n{_dl(figure_rows(document))}"
    )
    return _page(title=title, collectivite=collectivite, body=body, generated_on=generated_on, back=True)


def site_files(documents: Sequence[Mapping[str, Any]], *, collectivite: str,
               generated_on: dt.date) -> dict[str, str]:
    """File name -> HTML: the index and one page per entry."""
    files = {INDEX: index_page(documents, collectivite=collectivite, generated_on=generated_on)}
    for document in documents:
        files[entry_file(str(document["id"]))] = entry_page(document, collectivite=collectivite,
                                                            generated_on=generated_on)
    return files
