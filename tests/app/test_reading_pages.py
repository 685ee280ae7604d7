"""AppTest tests of the reading pages (Portefeuille, Fiche, Comparer, Méthodologie) on a temporary
SQLite database loaded with the sample portfolio."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from evaluation.config import get_config
from evaluation.exchange.files import load_proposals
from evaluation.resources import ROOT
from evaluation.storage import open_repository
from tests.app.forms_harness import ensure_account, unescape

DASHBOARD = ROOT / "dashboard.py"
SAMPLE = ROOT / "data" / "samples" / "portfolio.yaml"
TIMEOUT_S = 120
SAMPLE_IDS = [proposal.id for proposal in load_proposals(SAMPLE)]
SAMPLE_TITLES = {proposal.id: proposal.title for proposal in load_proposals(SAMPLE)}
SCIENTIFIC = re.compile(r"\d[eE][+-]?\d")
# "483 – 483 kg": a range whose ends are equal once written (ranges are written "a – b"; "R311-3-1-1"
# article numbers are not ranges).
COLLAPSED_RANGE = re.compile(r"(?<![\d,])(\d[\d,.\u202f]*)\s+[–-]\s+\1(?![\d,])")


def _clear() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    get_config.cache_clear()


def _use_database(monkeypatch: pytest.MonkeyPatch, directory: Path) -> str:
    url = f"sqlite:///{directory / 'jauge.sqlite3'}"
    monkeypatch.setenv("JAUGE_DATABASE_URL", url)
    monkeypatch.setenv("JAUGE_DATA_DIR", str(directory))
    _clear()
    return url


@pytest.fixture(scope="module")
def sample_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding the 19 sample proposals, shared by the module's tests."""
    directory = tmp_path_factory.mktemp("reading")
    with pytest.MonkeyPatch.context() as monkeypatch:
        url = _use_database(monkeypatch, directory)
        repo = open_repository(url)
        repo.import_proposals(load_proposals(SAMPLE), actor="test")
        repo.close()
        yield url
    _clear()


def sign_in(at: AppTest) -> None:
    """Put a signed-in account holding every role in the session (and in the database: the account is
    read again on every run)."""
    from ui.auth import SESSION_USER, SessionUser

    user = SessionUser(login="lecteur", name="Lecteur de test", roles=("porteur", "dsi", "elu", "admin"))
    ensure_account(user)
    at.session_state[SESSION_USER] = user


def open_page(module: str, *, query: dict[str, str] | None = None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    sign_in(at)
    if lang:
        at.session_state["lang"] = lang
    at.run()
    if module != "portfolio/page.py":
        at.switch_page(f"ui/views/{module}")
    if query:
        at.query_params.update(query)
    at.run()
    assert [exception.value for exception in at.exception] == []
    return at


def shown_text(at: AppTest) -> str:
    """Every text a person reads on the page (titles, markdown, captions, metrics, badges)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        parts.extend(str(element.value) for element in getattr(at, kind))
    for metric in at.metric:
        parts.extend((str(metric.label), str(metric.value)))
    return "\n".join(parts).replace("\\", "")


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def charts(at: AppTest) -> list[Any]:
    return list(at.get("plotly_chart"))


def _plotly_array(value: Any) -> Any:
    """A data array of a Plotly JSON figure: a list, or a typed array {"dtype", "bdata", "shape"}."""
    import base64

    import numpy as np

    if not isinstance(value, dict):
        return np.asarray(value)
    array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
    shape = value.get("shape")
    return array.reshape([int(size) for size in str(shape).split(",")]) if shape else array


def assert_readable_numbers(text: str) -> None:
    assert not SCIENTIFIC.search(text), SCIENTIFIC.search(text)
    assert not COLLAPSED_RANGE.search(text), COLLAPSED_RANGE.search(text)


# ------------------------------------------------------------------------------------------ portfolio


def test_the_portfolio_shows_key_figures_the_matrix_and_the_table(sample_database: str) -> None:
    at = open_page("portfolio/page.py")
    assert metric(at, "Dossiers") == "19"
    assert "CO2e" in metric(at, "Émissions annuelles")
    assert metric(at, "VAN budgétaire totale") == "599\u202f433\u00a0€"  # the sample's cash only, recommended options
    assert len(charts(at)) == 1
    assert len(at.dataframe) == 1
    text = shown_text(at)
    assert "Matrice par défaut (version 1)" in text and "default@1" not in text
    assert_readable_numbers(text)


def test_the_matrix_chart_has_a_title_axis_titles_and_a_verdict_legend(sample_database: str) -> None:
    import json

    at = open_page("portfolio/page.py")
    figure = json.loads(charts(at)[0].proto.spec)
    layout = figure["layout"]
    assert layout["title"]["text"] == "Matrice coût-bénéfice des options"
    assert "Coût" in layout["xaxis"]["title"]["text"] and "Valeur" in layout["yaxis"]["title"]["text"]
    assert {trace["name"] for trace in figure["data"]} <= {"Conforme", "À corriger", "Bloquant"}
    # customdata: one integer per point, the option's row in the page's table (Plotly writes a typed array)
    rows = [row for trace in figure["data"] for row in _plotly_array(trace["customdata"]).tolist()]
    assert all(_plotly_array(trace["customdata"]).shape == _plotly_array(trace["x"]).shape
               for trace in figure["data"])
    assert sorted(rows) == list(range(len(at.dataframe[0].value)))


def test_a_verdict_filter_narrows_the_key_figures(sample_database: str) -> None:
    at = open_page("portfolio/page.py")
    at.multiselect(key="pf_verdict").set_value(["bloquant"]).run()
    assert [exception.value for exception in at.exception] == []
    assert int(metric(at, "Dossiers")) < 19
    assert metric(at, "Dossiers bloqués") == metric(at, "Dossiers")


def test_the_portfolio_reads_in_english_on_request(sample_database: str) -> None:
    at = open_page("portfolio/page.py", lang="en")
    assert at.title[0].value.endswith("Portfolio")
    assert metric(at, "Proposals") == "19"
    assert metric(at, "Total budget NPV") == "€599,433"


def test_an_empty_portfolio_says_how_to_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use_database(monkeypatch, tmp_path)
    at = open_page("portfolio/page.py")
    assert "Aucun dossier pour l'instant" in shown_text(at)
    assert not charts(at)
    at = open_page("fiche/page.py")
    assert "Aucun dossier pour l'instant" in shown_text(at)
    _clear()


def test_an_empty_portfolio_links_only_to_pages_the_person_may_open(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.auth import SESSION_USER, SessionUser

    _use_database(monkeypatch, tmp_path)
    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    at.session_state[SESSION_USER] = SessionUser(login="elue", name="Élue de test", roles=("elu",))
    ensure_account(at.session_state[SESSION_USER])
    at.run()
    assert [exception.value for exception in at.exception] == []
    assert "Aucun dossier pour l'instant" in shown_text(at)
    links = [str(element.proto.page) for element in at.get("page_link")]  # the pages' URL paths
    assert links == []  # an élu may export but neither import nor write a proposal
    # a porteur, who may import and write proposals, is offered both: the check above reads the right links
    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    at.session_state[SESSION_USER] = SessionUser(login="porteuse", name="Porteuse de test", roles=("porteur",))
    ensure_account(at.session_state[SESSION_USER])
    at.run()
    porteur_links = [str(element.proto.page) for element in at.get("page_link")]
    assert porteur_links == ["import-export", "proposal"]
    _clear()


# ----------------------------------------------------------------------------------------------- fiche


def test_the_fiche_has_its_six_tabs_and_key_figures(sample_database: str) -> None:
    at = open_page("fiche/page.py", query={"proposal": "assistant-courriers"})
    assert [tab.label for tab in at.tabs] == ["Synthèse", "Empreinte", "Coût-bénéfice", "Conformité", "Suivi",
                                            "Historique"]
    text = shown_text(at)
    assert "Assistant de rédaction des réponses aux courriers des usagers" in text
    assert "Recommandation de la matrice" in text
    assert metric(at, "VAN budgétaire").endswith("€")
    for criterion in ("Énergie", "Émissions de GES", "Eau"):
        assert any(m.label == criterion for m in at.metric), criterion
    assert "NR-01" in text and "Lire le texte" in text  # Conformité: rule ids and sources
    assert "Import" in [str(v) for df in at.dataframe for v in df.value.get("action", [])]  # Historique
    assert len(charts(at)) >= 4  # usage/embodied, zones, cash flows, tornado
    assert_readable_numbers(text)


def test_the_fiche_names_the_method_and_the_ecologits_version(sample_database: str) -> None:
    import ecologits

    at = open_page("fiche/page.py", query={"proposal": "assistant-courriers", "option": "1"})
    text = shown_text(at)
    assert f"EcoLogits {ecologits.__version__}" in text
    assert "zone France" in text
    assert "Mistral Small (dernière version)" in text  # a readable model name, not "mistral-small-latest"


def test_the_fiche_offers_its_pdf_and_its_history(sample_database: str) -> None:
    at = open_page("fiche/page.py", query={"proposal": "chatbot-rh"})
    buttons = {button.proto.id: button for button in at.get("download_button")}
    assert [str(button.proto.label) for button in buttons.values()] == [
        "Télécharger la fiche (PDF)", "Exporter l'historique (CSV)"]


def test_an_option_without_ai_gets_a_sentence_instead_of_an_empty_chart(sample_database: str) -> None:
    import json

    at = open_page("fiche/page.py", query={"proposal": "chatbot-rh", "option": "0"})  # the FAQ, without AI
    assert at.selectbox[1].value == 0
    assert "Rien à répartir entre usage et fabrication" in shown_text(at)
    for chart in charts(at):  # every chart drawn has something to show
        figure = json.loads(chart.proto.spec)
        assert any(len(_plotly_array(trace.get(axis, [])).ravel()) for trace in figure["data"]
                   for axis in ("x", "y", "r")), figure["layout"].get("title")
    at = open_page("fiche/page.py", query={"proposal": "chatbot-rh", "option": "2"})  # generative AI: the chart
    assert "Rien à répartir" not in shown_text(at)


def fiche_title(at: AppTest) -> str:
    """The fiche's heading as a person reads it (after the page's icon)."""
    return unescape(at.title[0].value).removeprefix(":material/article: ")


def test_an_unknown_proposal_id_opens_the_first_proposal(sample_database: str) -> None:
    at = open_page("fiche/page.py", query={"proposal": "n-existe-pas"})
    picker = at.selectbox[0]
    first_title = picker.options[0]  # the first proposal the selector lists (by title)
    assert len(picker.options) == len(SAMPLE_IDS)
    assert picker.value in SAMPLE_IDS and SAMPLE_TITLES[picker.value] == first_title
    assert fiche_title(at) == first_title  # its fiche is the one shown


@pytest.mark.parametrize("proposal_id", SAMPLE_IDS)
def test_every_sample_fiche_opens_without_error(sample_database: str, proposal_id: str) -> None:
    at = open_page("fiche/page.py", query={"proposal": proposal_id})
    assert at.selectbox[0].value == proposal_id  # the proposal asked for, not another
    assert fiche_title(at) == SAMPLE_TITLES[proposal_id]
    assert at.query_params["proposal"] == proposal_id
    assert_readable_numbers(shown_text(at))


# --------------------------------------------------------------------------------------------- compare


def test_compare_shows_the_table_the_radar_and_the_bars(sample_database: str) -> None:
    at = open_page("compare.py", query={"proposal": "assistant-courriers"})
    assert len(at.multiselect(key="compare_options").value) == 3
    assert len(at.table) == 1
    assert len(charts(at)) == 4  # radar, emissions, cost, benefit
    text = shown_text(at)
    assert "★" in text  # the caption explains the mark
    assert_readable_numbers(text)


def test_compare_names_every_option_whole_in_its_table_and_its_charts(sample_database: str) -> None:
    import html
    import json

    at = open_page("compare.py", query={"proposal": "assistant-courriers"})
    proposal = next(p for p in load_proposals(SAMPLE) if p.id == "assistant-courriers")
    names = [f"{i + 1}. {option.name}" for i, option in enumerate(proposal.options)]
    assert max(len(name) for name in names) > 28  # long enough to have been cut
    headers = [str(column).replace("\\", "") for column in at.table[0].value.columns]
    for name, header in zip(names, headers, strict=True):
        assert header.startswith(name), header  # the whole name, then its model
    figures = [json.loads(chart.proto.spec) for chart in charts(at)]
    for figure in figures:
        traces = figure["data"]
        shown = [str(trace["name"]) for trace in traces if trace.get("name")] if len(traces) > 1 else \
            [str(label) for label in _plotly_array(traces[0]["y"]).tolist()]
        assert [html.unescape(text.replace("<br>", " ")) for text in shown] == names, figure["layout"]["title"]
    radar = figures[0]["data"][0]
    assert not any("…" in str(label) for label in radar["theta"])  # criteria wrapped, not cut


def test_compare_asks_for_two_options(sample_database: str) -> None:
    at = open_page("compare.py", query={"proposal": "assistant-courriers"})
    first = at.multiselect(key="compare_options").value[:1]
    at.multiselect(key="compare_options").set_value(first).run()
    assert "Choisissez au moins deux options" in shown_text(at)
    assert not charts(at)


# ----------------------------------------------------------------------------------------- methodology


def test_methodology_reads_its_values_from_the_data(sample_database: str) -> None:
    import ecologits

    from evaluation.footprint.reference import equivalence_factors

    at = open_page("methodology.py")
    assert [tab.label for tab in at.tabs][:3] == ["Empreinte", "Coût-bénéfice", "Matrice"]
    text = shown_text(at)
    assert f"EcoLogits {ecologits.__version__}" in text
    assert "default@1" in text
    tables = [df.value for df in at.dataframe] + [table.value for table in at.table]
    assert any("0,2176" in str(table.to_string()) for table in tables)  # the car factor, from the data file
    assert len(equivalence_factors()) >= 5
    assert any("à vérifier" in str(table.to_string()) for table in tables)


def test_text_typed_by_people_is_shown_as_written_not_as_markup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evaluation.domain.proposal import Proposal

    url = _use_database(monkeypatch, tmp_path)
    sample = load_proposals(SAMPLE)[0]
    tricky = "<b>Gras</b> [lien](https://exemple.invalid) **étoiles** :material/warning:"
    proposal = Proposal.model_validate({**sample.model_dump(), "title": tricky, "direction": "[x](https://a.invalid)",
                                        "need": "<script>alert(1)</script> _souligné_"})
    repo = open_repository(url)
    repo.import_proposals([proposal], actor="test")
    repo.close()
    at = open_page("fiche/page.py", query={"proposal": proposal.id})
    title = at.title[0].value
    assert "\\[lien\\]" in title and "\\*\\*" in title and "\\<b\\>" in title  # escaped, shown literally
    assert any("\\<script\\>" in str(m.value) for m in at.markdown)
    _clear()
