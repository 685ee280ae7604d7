"""Streamlit alone, with the portfolio page's heaviest parts: the floor of bench_dashboard.py's measures.

    streamlit run scripts/streamlit_floor.py   (run by `bench_dashboard.py --floor`)

Nothing of Jauge runs here: no database, no engine, no accounts, no translations, no markup of our own. A
sign-in page (a title, a caption, a form of two fields and a button) and, once its button is pressed, a
portfolio page with what the real one draws that weighs in the browser: four filters (multiselects), four
metrics, a Plotly matrix of 1,000 bubbles in four traces with its quadrants (ui/charts.py's cap and layout)
and a sortable table of one page of rows (250 rows, 13 columns, ui/views/portfolio/rows.PAGE_ROWS). The
widgets carry the dashboard's keys (pf_direction, pf_matrix, pf_table), so that the benchmark drives both
apps with the same code; each script run writes a JAUGE_TIMINGS line as dashboard.py does. The sign-in page
has the dashboard's one technique that is about Streamlit rather than Jauge: it has the browser fetch the
portfolio's front-end modules while the person types (ui/preload.py).

Where the dashboard is slower than this app, the difference is Jauge's; what this app takes is what
Streamlit, Plotly and the browser take for such a page on this machine.
"""

from __future__ import annotations

import json
import os
import time

import numpy as np
import pandas as pd
import streamlit as st

from ui.preload import preload_script

ROWS = 30_000  # options of the benchmark's portfolio
POINTS = 1_000  # ui/views/portfolio/rows.MATRIX_MAX_POINTS
PAGE_ROWS = 250  # ui/views/portfolio/rows.PAGE_ROWS
VERDICTS = ("conforme", "réserves", "bloquant", "inconnu")
COLOURS = ("#18753c", "#b34000", "#ce0500", "#666666")


@st.cache_data
def portfolio(directions: tuple[str, ...]) -> pd.DataFrame:
    """A seeded portfolio of ROWS options with the table's thirteen columns."""
    rng = np.random.default_rng(20261204)
    return pd.DataFrame({
        "title": [f"Dossier {n // 3 + 1}" for n in range(ROWS)],
        "option": [f"Option {n % 3 + 1}" for n in range(ROWS)],
        "kind": rng.choice(["non_ai", "genai_api", "genai_self_hosted", "classic_ml"], ROWS),
        "model": rng.choice(["mistral-small", "Mistral-7B", "—"], ROWS),
        "direction": rng.choice(list(directions) or ["Direction"], ROWS),
        "status": rng.choice(["brouillon", "soumis", "en revue", "décidé"], ROWS),
        "verdict": rng.choice(list(VERDICTS), ROWS),
        "quadrant": rng.choice(["à prioriser", "à arbitrer", "à simplifier", "à écarter"], ROWS),
        "value": rng.uniform(0, 4, ROWS).round(1),
        "cost": rng.uniform(0, 4, ROWS).round(1),
        "gwp": rng.lognormal(3, 1.5, ROWS),
        "budget_npv": rng.normal(-20_000, 50_000, ROWS).round(),
        "socio_npv": rng.normal(40_000, 80_000, ROWS).round(),
    })


def matrix(rows: pd.DataFrame) -> dict[str, object]:
    """A Plotly figure like ui/charts.matrix_figure: one trace per verdict, quadrants, labels."""
    drawn = rows.head(POINTS)
    traces = []
    for verdict, colour in zip(VERDICTS, COLOURS, strict=True):
        part = drawn[drawn["verdict"] == verdict]
        traces.append({"type": "scatter", "x": part["cost"].to_numpy(), "y": part["value"].to_numpy(),
                       "mode": "markers", "name": verdict,
                       "marker": {"size": np.clip(np.sqrt(part["gwp"].to_numpy()), 6, 40), "color": colour,
                                  "opacity": 0.75, "line": {"width": 1, "color": "white"}},
                       "customdata": part.index.to_numpy(), "hovertext": (part["title"] + "<br>" + part["option"]).tolist(),
                       "hovertemplate": "%{hovertext}<br>valeur %{y:.1f} · coût %{x:.1f}<extra></extra>"})
    shapes = [{"type": "rect", "x0": x0, "x1": x0 + 2.25, "y0": y0, "y1": y0 + 2.25, "line": {"width": 0},
               "fillcolor": f"rgba({red},{green},80,0.07)", "layer": "below"}
              for x0, y0, red, green in ((-0.25, 2, 20, 120), (2, 2, 200, 120), (-0.25, -0.25, 20, 20), (2, -0.25, 200, 20))]
    return {"data": traces, "layout": {"shapes": shapes, "height": 520, "title": {"text": "Matrice coût-bénéfice"},
                                       "xaxis": {"range": [-0.25, 4.25], "dtick": 1, "title": {"text": "Coût"}},
                                       "yaxis": {"range": [-0.25, 4.25], "dtick": 1, "title": {"text": "Valeur"}}}}


def sign_in_page() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title("Connexion", anchor=False)
        st.caption("Identifiant et mot de passe")
        with st.form("si.form", border=True):
            st.text_input("Identifiant", key="si.login", autocomplete="username")
            st.text_input("Mot de passe", key="si.password", type="password", autocomplete="current-password")
            st.form_submit_button("Se connecter", type="primary", width="stretch",
                                  on_click=lambda: st.session_state.update(signed_in=True))


def portfolio_page() -> None:
    st.title("Portefeuille", anchor=False)
    rows = portfolio(tuple(json.loads(os.environ.get("JAUGE_FLOOR_DIRECTIONS", "[]"))))
    columns = st.columns(4)
    chosen = {}
    for column, (name, key) in zip(columns, (("status", "pf_status"), ("direction", "pf_direction"),
                                             ("kind", "pf_category"), ("verdict", "pf_verdict")), strict=True):
        chosen[name] = column.multiselect(name.capitalize(), sorted(rows[name].unique()), key=key, placeholder="Tous")
    shown = rows
    for name, values in chosen.items():
        if values:
            shown = shown[shown[name].isin(values)]
    for column, (label, value) in zip(st.columns(4), (
            ("Dossiers", f"{len(shown) // 3}"), ("CO2e annuel", f"{shown['gwp'].sum() / 1000:.1f} t"),
            ("VAN budgétaire", f"{shown['budget_npv'].sum() / 1e6:.1f} M€"),
            ("Règles bloquantes", f"{(shown['verdict'] == 'bloquant').sum()}")), strict=True):
        column.metric(label, value)
    st.plotly_chart(matrix(shown), key="pf_matrix", on_select="rerun", selection_mode=("points",),
                    config={"displaylogo": False}, width="stretch")
    st.caption(f"{min(POINTS, len(shown))} bulles sur {len(shown)} options")
    st.subheader("Options", anchor=False)
    st.dataframe(shown.head(PAGE_ROWS), key="pf_table", hide_index=True, on_select="rerun",
                 selection_mode="single-row")


def main() -> None:
    started, cpu = time.perf_counter(), time.thread_time()
    st.set_page_config(page_title="Plancher", layout="wide")
    name = "portfolio" if st.session_state.get("signed_in") else "sign-in"
    if name == "sign-in" and preload_script():
        with st.sidebar:
            st.html(preload_script(), unsafe_allow_javascript=True)
    try:
        page = st.Page(portfolio_page if name == "portfolio" else sign_in_page, title=name, url_path=name, default=True)
        st.navigation([page], position="hidden").run()
    finally:
        timings = os.environ.get("JAUGE_TIMINGS")
        if timings:
            with open(timings, "a", encoding="utf-8") as out:
                out.write(json.dumps({"page": name, "seconds": time.perf_counter() - started,
                                      "cpu_seconds": time.thread_time() - cpu}) + "\n")


main()
