"""Colours: the same colour for the same thing on every page, chart and PDF.

Palettes derive from Okabe and Ito's colour-blind-safe set (2008) where a meaning allows it;
verdicts keep the usual green / orange / red. No Streamlit import.
"""

from __future__ import annotations

import hashlib

# Checklist verdict of an option (chk.verdict).
VERDICT_COLOURS = {"conforme": "#1a7f37", "a_corriger": "#d97706", "bloquant": "#c62828"}
# Streamlit badge colours of the same verdicts.
VERDICT_BADGES = {"conforme": "green", "a_corriger": "orange", "bloquant": "red"}
VERDICT_ICONS = {"conforme": ":material/check_circle:", "a_corriger": ":material/warning:",
                 "bloquant": ":material/block:"}
VERDICT_ORDER = ("conforme", "a_corriger", "bloquant")

# Rule outcome (chk.<RULE>.status).
STATUS_COLOURS = {"pass": "#1a7f37", "warn": "#d97706", "fail": "#c62828", "na": "#8c8c8c"}
STATUS_BADGES = {"pass": "green", "warn": "orange", "fail": "red", "na": "gray"}
STATUS_ICONS = {"pass": ":material/check_circle:", "warn": ":material/warning:", "fail": ":material/cancel:",
                "na": ":material/remove_circle_outline:"}
STATUS_ORDER = ("fail", "warn", "pass", "na")

# Matrix quadrant (mx.quadrant): background tint of the quadrant and its label colour.
QUADRANT_COLOURS = {"a_prioriser": "#009e73", "a_arbitrer": "#0072b2", "a_simplifier": "#e69f00",
                    "a_ecarter": "#8c8c8c"}
QUADRANT_BADGES = {"a_prioriser": "green", "a_arbitrer": "blue", "a_simplifier": "orange", "a_ecarter": "gray"}

# Option kind (option.kind).
KIND_COLOURS = {"non_ai": "#6b7280", "genai_api": "#7b3fb0", "genai_self_hosted": "#cc79a7",
                "ml": "#0072b2", "vision": "#009e73", "rules": "#a0522d"}
KIND_ICONS = {"non_ai": ":material/description:", "genai_api": ":material/cloud:",
              "genai_self_hosted": ":material/dns:", "ml": ":material/insights:",
              "vision": ":material/visibility:", "rules": ":material/account_tree:"}

# Footprint criteria (fp.*.C).
FOOTPRINT_COLOURS = {"energy_kwh": "#e69f00", "gwp_kgco2eq": "#444444", "adpe_kgsbeq": "#a0522d",
                     "pe_mj": "#d55e00", "wcf_l": "#56b4e9"}
FOOTPRINT_ICONS = {"energy_kwh": ":material/bolt:", "gwp_kgco2eq": ":material/co2:",
                   "adpe_kgsbeq": ":material/diamond:", "pe_mj": ":material/local_fire_department:",
                   "wcf_l": ":material/water_drop:"}
# Usage and embodied parts of a footprint.
PHASE_COLOURS = {"usage": "#0072b2", "embodied": "#e69f00"}

# Finance series.
FINANCE_COLOURS = {"cost": "#d55e00", "benefit": "#009e73", "net": "#0072b2", "cumulative": "#444444",
                   "carbon": "#6b7280"}

# Workflow status of a proposal.
STATUS_WORKFLOW_COLOURS = {"brouillon": "#8c8c8c", "soumis": "#56b4e9", "en_revue": "#0072b2",
                           "avis_rendu": "#7b3fb0", "decide": "#009e73"}

# Matrix criteria: known ids get a fixed colour, others a stable one from their id.
CRITERION_COLOURS = {
    "rentabilite": "#009e73", "usagers": "#56b4e9", "agents": "#0072b2", "necessite": "#cc79a7",
    "strategie": "#7b3fb0", "cout": "#d55e00", "empreinte": "#444444", "conformite": "#c62828",
    "souverainete": "#e69f00",
}
_SPARE = ("#117733", "#332288", "#88ccee", "#ddcc77", "#aa4499", "#44aa99", "#999933", "#882255")


def criterion_colour(criterion_id: str) -> str:
    """A criterion's colour, stable across pages and sessions."""
    if criterion_id in CRITERION_COLOURS:
        return CRITERION_COLOURS[criterion_id]
    digest = hashlib.sha256(criterion_id.encode("utf-8")).digest()
    return _SPARE[digest[0] % len(_SPARE)]


# Compared options (Comparer page): one colour per position.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
UNKNOWN = "#8c8c8c"

# Plotly defaults: a local font stack only (Streamlit serves its own fonts; nothing from a CDN).
FONT_FAMILY = '"Source Sans", "Source Sans Pro", "DejaVu Sans", Arial, sans-serif'
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
                 "responsive": True}


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def rgba(colour: str, alpha: float) -> str:
    red, green, blue = hex_to_rgb(colour)
    return f"rgba({red},{green},{blue},{alpha})"
