"""Browser tests: a real `streamlit run dashboard.py` on a free port with a temporary database holding
the sample portfolio, driven by Debian's headless Chromium through Playwright (pytest-playwright's
`browser`, `context`, `new_context` and `page` fixtures). They fail (never skip) when Chromium is missing.

How to wait (the only ways allowed here; no fixed pause, no sleep-then-count):
- after an action, expect what it must show, with Playwright's retrying `expect(...)` (timeout WAIT_MS):
  `expect(page.get_by_text("Dossier enregistré")).to_be_visible()`, `expect(locator).to_have_count(2)`,
  or `shown(locator)`, which also waits for the script run to end;
- `navigate(page, path, shows=...)` goes to a page of the same session and waits for that page (its
  navigation link, or `shows`); `open_app(page, url, path, shows=...)` opens the dashboard, signs in if
  asked, then navigates;
- `wait_idle(page)` waits for the current script run to end. It cannot tell whether the run your action
  causes has started yet: call it after an expectation of what that action shows, never instead of one;
- `no_error(page)` asserts that no exception is drawn, once the page has settled: call it after an
  expectation of what the page shows (on a page not drawn yet it would pass trivially);
- `sign_in_if_asked(page)` waits until either the sign-in form or the signed-in dashboard shows, and fails
  when neither does; `sign_in(page, login, password)` signs in and waits for the dashboard.

On a failure, the test's screenshot and Playwright trace (pytest-playwright, options in pyproject.toml)
and the log of every dashboard server running then are kept in test-output/playwright/<test>/, and the
paths are printed at the end of the run (open a trace with `playwright show-trace <trace.zip>`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from evaluation.exchange.files import load_proposals
from evaluation.resources import ROOT
from evaluation.storage import open_repository

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
OUTPUT = ROOT / "test-output"
SAMPLE = ROOT / "data" / "samples" / "portfolio.yaml"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
STALE = "[data-stale='true']"
ERROR = "[data-testid='stException']"
# The sidebar's sign-out button (key "auth.sign_out"): drawn on every page once signed in, in any language.
SIGNED_IN = ".st-key-auth-sign_out"
LOGIN_FIELD = "input[autocomplete='username']"
PASSWORD_FIELD = "input[type='password']"
SUBMIT = "[data-testid='stFormSubmitButton'] button"
# The account the browser tests sign in with (created in the temporary database); every role, so that
# every page is listed.
LOGIN = "navigateur"
PASSWORD = "mot-de-passe-des-tests-navigateur"  # noqa: S105 - a throwaway account of a temporary database
ROLES = ("porteur", "dsi", "elu", "admin")
START_TIMEOUT_S = 90
# How long an expectation retries, and an action waits for its element: Playwright's 5 s and 30 s defaults
# are short for a 2-core machine running the whole suite.
WAIT_MS = 60_000
ACTION_TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1400, "height": 1800}

expect.set_options(timeout=WAIT_MS)

# The logs of the dashboard servers running now (running_dashboard), copied next to a failed test's
# screenshot and trace.
_SERVER_LOGS: list[Path] = []
_KEPT = pytest.StashKey[dict[str, Path]]()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_free_port = free_port  # the former name, still imported by some tests


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll Streamlit's health endpoint until it answers 200 (not a browser wait: the server starting)."""
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
    from evaluation.services.accounts import Accounts

    Accounts(repo).create(login=LOGIN, password=PASSWORD, roles=ROLES, name="Tests navigateur", by="tests-e2e")


@contextmanager
def running_dashboard(directory: Path, database: str, *, port: int | None = None,
                      extra_args: tuple[str, ...] = ()) -> Iterator[str]:
    """`streamlit run dashboard.py` on 127.0.0.1 (a free port unless given) with this database; its URL.
    Its log (directory/streamlit-<port>.log) is kept with the artifacts of a test failing meanwhile."""
    port = port or free_port()
    env = {**os.environ, "JAUGE_DATABASE_URL": database, "JAUGE_DATA_DIR": str(directory)}
    log = directory / f"streamlit-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed command line
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             *extra_args],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    _SERVER_LOGS.append(log)
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        _SERVER_LOGS.remove(log)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def app_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of the shared dashboard's database: the sample portfolio and the browser tests' account."""
    directory = tmp_path_factory.mktemp("e2e")
    database = f"sqlite:///{directory / 'jauge.sqlite3'}"
    repo = open_repository(database)
    repo.import_proposals(load_proposals(SAMPLE), actor="e2e")
    _create_account(repo)
    repo.close()
    return database


@pytest.fixture(scope="session")
def app_url(app_database: str) -> Iterator[str]:
    """The dashboard served by `streamlit run` on a free port, on a database with the sample portfolio."""
    with running_dashboard(Path(app_database.removeprefix("sqlite:///")).parent, app_database) as url:
        yield url


@pytest.fixture(autouse=True)
def _account_in_french(request: pytest.FixtureRequest) -> None:
    """Each test on the shared dashboard starts in French and without unsaved form content: the language
    chosen and what was typed and not saved are kept on the server for the account (issue 14), so a test
    that switches to English, or leaves a wrong number typed in a new proposal, would otherwise change the
    next test's page (its form restored with « Modifications non enregistrées … restaurées »)."""
    if "app_url" not in request.fixturenames:
        return
    from evaluation.storage.repositories.autosaves import NEW_PROPOSAL_KEY

    repo = open_repository(request.getfixturevalue("app_database"))
    try:
        repo.set_language(LOGIN, "fr")
        for key in [NEW_PROPOSAL_KEY, *(summary.id for summary in repo.list_proposals())]:
            repo.discard_autosave(LOGIN, key)
    finally:
        repo.close()


# ------------------------------------------------------------------------------ pytest-playwright's fixtures


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's `browser` is Debian's Chromium, headless (Playwright downloads no browser here)."""
    if not CHROMIUM.is_file() or not shutil.which(str(CHROMIUM)):
        pytest.fail(f"Chromium is required for the browser tests: {CHROMIUM} is missing (apt install chromium)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def new_context(new_context: Callable[..., BrowserContext]) -> Callable[..., BrowserContext]:
    """pytest-playwright's `new_context` (traced, screenshot kept on failure), in French, 1,400 pixels
    wide, with the suite's action timeout; keyword arguments go to browser.new_context()."""
    def make(**kwargs: Any) -> BrowserContext:
        context = new_context(**{"viewport": VIEWPORT, "locale": "fr-FR", **kwargs})
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        return context
    return make


@pytest.fixture
def page(context: BrowserContext, app_url: str) -> Iterator[Page]:
    """A fresh browser page; `page.outside_requests` lists every request to another host."""
    tab = context.new_page()
    outside: list[str] = []
    tab.on("request", lambda request: outside.append(request.url)
           if not request.url.startswith((app_url, "data:", "blob:", "about:")) else None)
    tab.outside_requests = outside  # type: ignore[attr-defined]
    yield tab


@pytest.fixture(autouse=True)
def _server_logs_on_failure(request: pytest.FixtureRequest, output_path: str) -> Iterator[None]:
    """On a failure, the logs of the running dashboards go next to the screenshot and the trace."""
    yield
    reports = [getattr(request.node, f"rep_{when}", None) for when in ("setup", "call")]
    if not any(report is not None and report.failed for report in reports):
        return
    folder = Path(output_path)
    folder.mkdir(parents=True, exist_ok=True)
    for log in _SERVER_LOGS:
        shutil.copyfile(log, folder / log.name)
    request.config.stash.setdefault(_KEPT, {})[request.node.nodeid] = folder


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    kept = config.stash.get(_KEPT, {})
    if not kept:
        return
    terminalreporter.section("browser test artifacts (screenshot, trace, server log)")
    for nodeid, folder in kept.items():
        terminalreporter.write_line(f"{nodeid}: {folder}")
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            terminalreporter.write_line(f"    {path}")


# ------------------------------------------------------------------------------------------ waiting helpers


def wait_idle(page: Page, *, timeout_ms: int = WAIT_MS) -> None:
    """Wait until the current script run has ended: Streamlit's 'notRunning' marker, nothing stale.
    After an action, expect what it must show FIRST (the run it causes may not have started yet)."""
    expect(page.locator(IDLE)).to_be_attached(timeout=timeout_ms)
    expect(page.locator(STALE)).to_have_count(0, timeout=timeout_ms)
    expect(page.locator(IDLE)).to_be_attached(timeout=timeout_ms)


def shown(locator: Locator, *, timeout_ms: int = WAIT_MS) -> Locator:
    """Expect the locator (its first match) to be visible, then the script run to end; the locator."""
    expect(locator.first).to_be_visible(timeout=timeout_ms)
    wait_idle(locator.page, timeout_ms=timeout_ms)
    return locator


def no_error(page: Page) -> None:
    """No exception drawn on the page, once its run has ended. Call it after expecting what it shows."""
    wait_idle(page)
    errors = page.locator(ERROR)
    assert errors.count() == 0, errors.first.inner_text()


def sign_in(page: Page, login: str, password: str) -> None:
    """Fill and submit the sign-in form (it must be shown), then wait for the signed-in dashboard."""
    shown(page.locator(LOGIN_FIELD))
    page.locator(LOGIN_FIELD).fill(login)
    page.locator(PASSWORD_FIELD).fill(password)
    page.locator(SUBMIT).click()
    shown(page.locator(SIGNED_IN))
    expect(page.locator(PASSWORD_FIELD)).to_have_count(0)


def sign_in_if_asked(page: Page) -> None:
    """Wait for the sign-in form or the signed-in dashboard (fails when neither shows within WAIT_MS);
    sign in with the tests' account when the form shows."""
    expect(page.locator(LOGIN_FIELD).or_(page.locator(SIGNED_IN)).first).to_be_visible()
    if page.locator(SIGNED_IN).count() == 0:
        sign_in(page, LOGIN, PASSWORD)
    wait_idle(page)


def _nav_link(path: str) -> str:
    slug = urlsplit(path).path.strip("/")
    ending = f"/{slug}" if slug and slug != "portfolio" else "/"
    return f"[data-testid='stSidebarNavLink'][aria-current='page'][href$='{ending}']"


def navigate(page: Page, path: str, *, shows: Locator | None = None) -> None:
    """Go to another page of the dashboard inside the same browser session (as its own links do: a full
    reload would start a new, signed-out session); wait until `shows` is visible, or, without it, until the
    navigation marks that page as the current one, then for the run to end."""
    page.evaluate("path => { window.history.pushState({}, '', path);"
                  " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }", path)
    shown(shows if shows is not None else page.locator(_nav_link(path)))


def open_app(page: Page, app_url: str, path: str = "/", *, shows: Locator | None = None) -> None:
    """Open the dashboard, sign in if asked, then go to `path` (with its query string) in that session."""
    page.goto(f"{app_url}/")
    sign_in_if_asked(page)
    if path not in ("", "/"):
        navigate(page, path, shows=shows)
    elif shows is not None:
        shown(shows)


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot in test-output/ (expect what it must show before taking it)."""
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=True)
    return path
