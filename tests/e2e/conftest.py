"""Browser tests: a real `streamlit run dashboard.py` on a free port with a temporary database holding
the sample portfolio, driven by Debian's headless Chromium through Playwright. They fail (never skip)
when Chromium is missing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from evaluation.exchange.files import load_proposals
from evaluation.resources import ROOT
from evaluation.storage import open_repository

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
OUTPUT = ROOT / "test-output"
SAMPLE = ROOT / "data" / "samples" / "portfolio.yaml"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# The account the browser tests sign in with (created in the temporary database when the dashboard
# has sign-in); every role, so that every page is listed.
LOGIN = "navigateur"
PASSWORD = "mot-de-passe-des-tests-navigateur"  # noqa: S105 - a throwaway account of a temporary database
ROLES = ("porteur", "dsi", "elu", "admin")
START_TIMEOUT_S = 90


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit stopped (code {process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


def _create_account(repo: Any) -> None:
    try:
        from evaluation.services.accounts import Accounts
    except ImportError:  # a dashboard without sign-in
        return
    Accounts(repo).create(login=LOGIN, password=PASSWORD, roles=ROLES, name="Tests navigateur", by="tests-e2e")


@contextmanager
def running_dashboard(directory: Path, database: str, *, port: int | None = None,
                      extra_args: tuple[str, ...] = ()) -> Iterator[str]:
    """`streamlit run dashboard.py` on 127.0.0.1 (a free port unless given) with this database; its URL."""
    port = port or _free_port()
    env = {**os.environ, "JAUGE_DATABASE_URL": database, "JAUGE_DATA_DIR": str(directory)}
    log = directory / "streamlit.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed command line
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             *extra_args],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard served by `streamlit run` on a free port, on a database with the sample portfolio."""
    directory = tmp_path_factory.mktemp("e2e")
    database = f"sqlite:///{directory / 'jauge.sqlite3'}"
    repo = open_repository(database)
    repo.import_proposals(load_proposals(SAMPLE), actor="e2e")
    _create_account(repo)
    repo.close()
    with running_dashboard(directory, database) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file() or not shutil.which(str(CHROMIUM)):
        pytest.fail(f"Chromium is required for the browser tests: {CHROMIUM} is missing (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


ACTION_TIMEOUT_MS = 60_000  # Playwright's 30 s default is short for a 2-core machine running the whole suite


def new_context(browser: Any, *, height: int) -> Any:
    """A browser context in French, 1,400 pixels wide, with the suite's action timeout."""
    context = browser.new_context(viewport={"width": 1400, "height": height}, locale="fr-FR")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser: Any, app_url: str) -> Iterator[Any]:
    """A fresh browser page; `page.outside_requests` lists every request to another host."""
    context = new_context(browser, height=1800)
    tab = context.new_page()
    outside: list[str] = []
    tab.on("request", lambda request: outside.append(request.url)
           if not request.url.startswith((app_url, "data:", "blob:", "about:")) else None)
    tab.outside_requests = outside
    yield tab
    context.close()


def wait_idle(page: Any, *, timeout_ms: int = 60_000) -> None:
    """Wait until the script has finished running and the page has settled."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def sign_in_if_asked(page: Any) -> None:
    """Fill the sign-in form when the dashboard shows it (a new browser session starts signed out)."""
    password = page.locator("input[type='password']")
    if password.count() == 0:
        return
    page.locator("input[autocomplete='username']").fill(LOGIN)
    password.fill(PASSWORD)
    page.locator("[data-testid='stFormSubmitButton'] button").click()
    page.wait_for_selector("input[type='password']", state="detached", timeout=60_000)
    wait_idle(page)


def navigate(page: Any, path: str) -> None:
    """Go to another page of the dashboard inside the same browser session (as its own links do):
    a full reload would start a new, signed-out session."""
    page.evaluate("path => { window.history.pushState({}, '', path);"
                  " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }", path)
    page.wait_for_timeout(300)
    wait_idle(page)


def open_app(page: Any, app_url: str, path: str = "/") -> None:
    """Open the dashboard, sign in if asked, then go to `path` (with its query string) in that session."""
    page.goto(f"{app_url}/")
    wait_idle(page)
    sign_in_if_asked(page)
    if path not in ("", "/"):
        navigate(page, path)


def screenshot(page: Any, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=True)
    return path
