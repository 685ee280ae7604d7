"""`streamlit run dashboard.py` serves the cookie routes: Streamlit finds the `app = st.App(...)` of dashboard.py
(its public ASGI entry point) and the server built from it answers the routes, beside its own.

If a Streamlit upgrade stops finding the app (or changes st.App), this fails; the browser test
tests/e2e/test_browser_http_only_cookie.py fails as well (no HttpOnly cookie, signed out by a reload)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from streamlit.web.server.app_discovery import discover_asgi_app

ROOT = Path(__file__).resolve().parents[3]

_PROBE = """
import dashboard
import streamlit as st
from starlette.testclient import TestClient

assert isinstance(dashboard.app, st.App), type(dashboard.app)
with TestClient(dashboard.app) as client:
    print(client.get("/_stcore/health").status_code)
    print(client.post("/_jauge/cookie", content="A" * 43).status_code)
    print(client.post("/_jauge/cookie", content="x'; y").status_code)
    answer = client.post("/_jauge/cookie/delete", content="jauge_session")
    print(answer.status_code, "httponly" in answer.headers.get("set-cookie", "").lower())
"""


def test_streamlit_run_finds_the_app_of_dashboard_py() -> None:
    found = discover_asgi_app(ROOT / "dashboard.py")
    assert found.is_asgi_app and found.import_string == "dashboard:app"


def test_the_server_of_dashboard_py_answers_the_cookie_routes(tmp_path: Path) -> None:
    env = {"JAUGE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    # health from Streamlit; an unknown code refused (403), a malformed one (400); the delete route expires
    assert done.stdout.split("\n")[:4] == ["200", "403", "400", "204 True"], done.stdout + done.stderr[-2000:]
    # the server is built before Streamlit's runtime exists: nothing with a Streamlit cache (ui.data) is imported
    # then, or Streamlit warns once per cached function
    assert "No runtime found" not in done.stderr, done.stderr[-2000:]
