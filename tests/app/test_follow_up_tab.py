"""AppTest tests of the fiche's Suivi tab and of the portfolio's Suivi column, on a SQLite database with
one approved option in service and imported usage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from evaluation.config import get_config
from evaluation.domain.actuals import ServiceStatus
from evaluation.exchange.settings_file import load_settings
from evaluation.resources import ROOT
from evaluation.services.actuals import Tracking
from evaluation.storage import open_repository
from tests.app.forms_harness import ensure_account
from tests.support.actuals import API_OPTION, approve, openai_proposal
from tests.support.workflow import DSI

DASHBOARD = ROOT / "dashboard.py"
FILES = ROOT / "tests" / "fixtures" / "actuals"
PROPOSAL = "courriers-openai"


def _clear() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    get_config.cache_clear()


@pytest.fixture(scope="module")
def followed_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory: Path = tmp_path_factory.mktemp("suivi")
    url = f"sqlite:///{directory / 'jauge.sqlite3'}"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("JAUGE_DATABASE_URL", url)
        monkeypatch.setenv("JAUGE_DATA_DIR", str(directory))
        _clear()
        repo = open_repository(url)
        approve(repo, openai_proposal(PROPOSAL), API_OPTION, load_settings())
        tracking = Tracking(repo)
        tracking.change_service_status(PROPOSAL, API_OPTION, user=DSI, status=ServiceStatus.EN_SERVICE,
                                       on=dt.date(2026, 1, 5))
        tracking.import_file(PROPOSAL, API_OPTION, user=DSI, name="usage.json",
                             content=(FILES / "openai_usage_pages.json").read_bytes())
        repo.close()
        yield url
    _clear()


def open_fiche(roles: tuple[str, ...]) -> AppTest:
    from ui.auth import SESSION_USER, SessionUser

    at = AppTest.from_file(str(DASHBOARD), default_timeout=120)
    user = SessionUser(login=f"{roles[0]}.test", name="Test", roles=roles)
    ensure_account(user)  # the dashboard signs out a session whose stored account is missing
    at.session_state[SESSION_USER] = user
    at.run()
    at.switch_page("ui/views/fiche/page.py")
    at.query_params.update({"proposal": PROPOSAL})
    at.run()
    assert [exception.value for exception in at.exception] == []
    return at


def texts(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("subheader", "markdown", "caption", "info", "warning", "error", "success")
             for e in getattr(at, kind)]
    parts += [str(m.label) + " " + str(m.value) for m in at.metric]
    return "\n".join(parts)


def test_the_suivi_tab_sets_the_actual_against_the_estimate(followed_database: str) -> None:
    at = open_fiche(("elu",))

    text = texts(at)
    assert "Suivi" in [tab.label for tab in at.tabs]
    assert "En service" in text
    assert "Du 05/01/2026 au 10/01/2026 : 5 jour(s) en service couverts par des données importées" in text
    assert "B7xK2q" in text and "requêtes de modèles facturés inconnus" in text     # named, not counted
    table = next(df.value for df in at.dataframe if "period" in df.value.columns)
    assert list(table["period"]) == ["01/2026", "Total du suivi"]
    assert any("Émissions par mois" in str(chart.proto.spec) for chart in at.get("plotly_chart"))
    assert not [form for form in at.get("form") if "follow_status_form" in str(form.proto.form_id)]  # élu: reads


def test_the_dsi_suspends_the_option_with_a_reason(followed_database: str) -> None:
    at = open_fiche(("dsi",))
    form_key = f"follow_status_form_{PROPOSAL}_{API_OPTION}"
    status = next(box for box in at.selectbox if box.label == "Nouveau statut")
    status.select("suspendu")
    next(date for date in at.date_input if date.label == "Date d'effet").set_value(dt.date(2026, 2, 1))
    next(area for area in at.text_area if area.label == "Motif").input("Renégociation du marché")
    next(button for button in at.button if form_key in str(button.proto.form_id)).click()
    at.run()

    assert "Statut enregistré : Suspendu." in texts(at).replace("\\", "")  # shown escaped (Markdown)
    repo = open_repository(followed_database)
    try:
        (change,) = [c for c in repo.service_changes(PROPOSAL) if c.status is ServiceStatus.SUSPENDU]
        assert (change.on, change.reason, change.actor) == (dt.date(2026, 2, 1), "Renégociation du marché", "dsi.test")
    finally:
        repo.close()


def test_the_portfolio_shows_the_service_status(followed_database: str) -> None:
    from ui.auth import SESSION_USER, SessionUser

    at = AppTest.from_file(str(DASHBOARD), default_timeout=120)
    user = SessionUser(login="elu.test", name="Test", roles=("elu",))
    ensure_account(user)
    at.session_state[SESSION_USER] = user
    at.run()

    table = next(df.value for df in at.dataframe if "follow" in df.value.columns)
    assert set(table["follow"]) - {""} <= {"En service", "Suspendu", "En service ⚠", "Suspendu ⚠"}
    assert (table["follow"] != "").sum() == 1
    summary = next(str(c.value) for c in at.caption if "Options suivies après la décision" in str(c.value))
    assert "Mistral Small par API" in summary
