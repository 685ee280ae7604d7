"""The public register as open data: JSON (a list of the public documents), CSV (one row per entry) and the
CSV's Table Schema (the format of data.gouv.fr's schemas, frictionlessdata.io). Pure functions of the public
documents (evaluation.services.register.public_register): nothing else can reach the files."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from evaluation.domain.register import PUBLIC_KEYS

SCHEMA_VERSION = "1.0.0"
LIST_SEPARATOR = " ; "  # between the items of a list (data sources, models) in one CSV cell
# A cell a spreadsheet would read as a formula starts with one of these: it is written after an apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# name, type, French title, description; in the CSV's column order.
_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("id", "string", "Identifiant", "Identifiant stable de l'entrée du registre."),
    ("title", "string", "Nom public", "Le nom de l'algorithme ou du système d'IA."),
    ("department", "string", "Direction ou service", "Le service qui l'utilise."),
    ("purpose", "string", "Finalité", "Ce que fait l'outil et pourquoi, en mots simples."),
    ("legal_basis", "string", "Base juridique", "Le texte qui fonde la décision ou le traitement."),
    ("decision_role", "string", "Rôle dans les décisions",
     "none : aucun rôle dans des décisions individuelles ; assists : aide à la décision ; automated : décision "
     "entièrement automatisée."),
    ("decision_process", "string", "Place dans la décision", "Comment le résultat entre dans la décision."),
    ("decisions_per_year", "integer", "Décisions par an", "Nombre de décisions individuelles par an."),
    ("people_affected", "string", "Personnes concernées", "Qui est concerné et combien."),
    ("data_sources", "string", "Données utilisées et sources", "Liste séparée par « ; »."),
    ("human_oversight", "string", "Contrôle humain", "Qui vérifie et ce qu'il peut changer."),
    ("how_to_contest", "string", "Comment contester", "Le recours ouvert et à qui l'adresser."),
    ("risks", "string", "Risques", "Les risques identifiés."),
    ("mitigations", "string", "Mesures d'atténuation", "Ce qui est fait contre ces risques."),
    ("supplier", "string", "Fournisseur", "Le prestataire qui fournit ou héberge l'outil."),
    ("models", "string", "Modèles", "Fournisseur/modèle, liste séparée par « ; »."),
    ("hosting_zone", "string", "Zone d'hébergement", "Code ISO 3166 alpha-3 du mix électrique (FRA...), WOR "
                                                      "(monde) ou EEE (Europe)."),
    ("annual_gwp_kgco2eq_min", "number", "Empreinte annuelle, bas (kg CO2e)",
     "Borne basse de l'estimation des émissions annuelles."),
    ("annual_gwp_kgco2eq_max", "number", "Empreinte annuelle, haut (kg CO2e)",
     "Borne haute de l'estimation des émissions annuelles."),
    ("annual_cost_eur", "number", "Coût annuel (€)", "Coûts récurrents annuels approuvés."),
    ("tco_eur", "number", "Coût total de possession (€)", "Sur l'horizon de l'évaluation approuvée."),
    ("footprint_method", "string", "Méthode d'empreinte", "Méthode et version de l'estimation."),
    ("evaluated_on", "date", "Date de l'évaluation", "Date de l'évaluation approuvée."),
    ("contact", "string", "Contact", "Adresse du service à contacter."),
    ("status", "string", "Statut", "publiee (première publication) ou mise_a_jour."),
    ("revision", "integer", "Révision", "Numéro de la publication, 1 pour la première."),
    ("in_service_since", "date", "En service depuis", "Date de mise en service."),
    ("rules_url", "string", "Règles ou code source", "Lien vers les règles publiées ou le code source."),
    ("first_published", "date", "Première publication", "Date de la première publication."),
    ("last_updated", "date", "Dernière mise à jour", "Date de la dernière publication."),
)
CSV_COLUMNS: tuple[str, ...] = tuple(name for name, *_ in _FIELDS)
_REQUIRED = frozenset({"id", "title", "purpose", "legal_basis", "decision_role", "contact", "status", "revision",
                       "first_published", "last_updated"})
_ENUMS = {"decision_role": ["none", "assists", "automated"], "status": ["publiee", "mise_a_jour"]}


def to_json(documents: Sequence[Mapping[str, Any]]) -> bytes:
    """The public documents as a JSON list (keys in evaluation.domain.register.PUBLIC_KEYS order). `<`, `>`
    and `&` (only ever inside strings) are written as \\u escapes: the same data, inert if a page embeds it."""
    data = orjson.dumps([{key: document.get(key) for key in PUBLIC_KEYS} for document in documents],
                        option=orjson.OPT_INDENT_2)
    return data.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026") + b"\n"


def csv_row(document: Mapping[str, Any]) -> dict[str, str]:
    """One CSV row: lists joined, the footprint range in two columns, empty cells for missing values."""
    gwp = document.get("annual_gwp_kgco2eq") or {}
    values: dict[str, Any] = {**document, "annual_gwp_kgco2eq_min": gwp.get("min"),
                              "annual_gwp_kgco2eq_max": gwp.get("max")}
    row: dict[str, str] = {}
    for name, kind, *_ in _FIELDS:
        value = values.get(name)
        if value is None:
            row[name] = ""
        elif isinstance(value, list):
            row[name] = _cell(LIST_SEPARATOR.join(str(item) for item in value))
        elif kind == "number":
            row[name] = repr(float(value))
        elif kind == "integer":
            row[name] = str(int(value))
        else:
            row[name] = _cell(str(value))
    return row


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(documents: Sequence[Mapping[str, Any]]) -> bytes:
    """The public documents as CSV (UTF-8, comma, header row), valid against `table_schema()`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for document in documents:
        writer.writerow(csv_row(document))
    return buffer.getvalue().encode("utf-8")


def table_schema() -> dict[str, Any]:
    """The CSV's Table Schema (frictionless), as data.gouv.fr's schemas are written."""
    fields: list[dict[str, Any]] = []
    for name, kind, title, description in _FIELDS:
        spec: dict[str, Any] = {"name": name, "type": kind, "title": title, "description": description}
        constraints: dict[str, Any] = {}
        if name in _REQUIRED:
            constraints["required"] = True
        if name in _ENUMS:
            constraints["enum"] = _ENUMS[name]
        if kind in ("number", "integer"):
            constraints["minimum"] = 1 if name == "revision" else 0
        if name == "hosting_zone":
            constraints["pattern"] = "[A-Z]{3}"
        if constraints:
            spec["constraints"] = constraints
        fields.append(spec)
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "registre-algorithmes-ia",
        "title": "Registre public des algorithmes et de l'IA d'une collectivité",
        "description": "Une ligne par algorithme ou système d'IA publié au registre de la collectivité "
                       "(inventaire des principaux traitements algorithmiques, CRPA L312-1-3), avec son empreinte "
                       "et son coût approuvés. Produit par Jauge.",
        "version": SCHEMA_VERSION,
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0",
                      "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence"}],
        "missingValues": [""],
        "primaryKey": ["id"],
        "fields": fields,
    }
