"""RGAA 4.1 in a browser: axe-core's WCAG 2.1 A and AA rules on every page of every role, on the demonstration
(`python -m evaluation demo`: proposals at every step, decisions, a follow-up, register entries), each tab of a
page included, and on the pages open before sign-in. No page may have a critical or serious violation.

Each page's count of violations by impact is printed (run with -s) and written to
test-output/accessibility.txt, one line a page: the closing notes cite it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from evaluation.domain.workflow import Role, Status
from evaluation.services.permissions import PERMISSIONS
from tests.e2e.axe import IMPACTS, Violation, blocking, by_impact, violations
from tests.e2e.conftest import OUTPUT, navigate, no_error, running_dashboard, screenshot, shown, sign_in, wait_idle
from ui.pages import PAGES

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1500)]

PASSWORD = "mot-de-passe-des-tests-accessibilite"  # noqa: S105 - throwaway accounts of a temporary database
FOLLOWED = "assistant-courriers"  # decided, approved under conditions, put in service by the demo
IN_REVIEW = "synthese-participation-citoyenne"  # the demo's proposal en revue
REPORT = OUTPUT / "accessibility.txt"
DETAILS = OUTPUT / "accessibility-violations.txt"  # every violation found, page by page
MAIN = "[data-testid='stMain']"


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`python -m evaluation demo` on a fresh database, the four demo accounts given a known password; the
    proposals each page opens on."""
    from evaluation.cli import main
    from evaluation.services.accounts import Accounts
    from evaluation.storage import open_repository

    directory = tmp_path_factory.mktemp("accessibility")
    database = f"sqlite:///{directory / 'jauge.sqlite3'}"
    assert main(["demo", "--base", database]) == 0
    repo = open_repository(database)
    try:
        accounts = Accounts(repo)
        for login in ("admin", "porteur", "dsi", "elu"):
            accounts.change_password(login, new_password=PASSWORD, by="tests-e2e")
        by_status = {status: sorted(s.id for s in repo.list_proposals(statuses=[status])) for status in Status}
    finally:
        repo.close()
    return {"url": database, "directory": directory, "draft": by_status[Status.BROUILLON][0],
            "awaiting_decision": by_status[Status.AVIS_RENDU][0]}


@pytest.fixture(scope="module")
def demo_url(demo_database: dict[str, Any]) -> Iterator[str]:
    with running_dashboard(demo_database["directory"], demo_database["url"]) as url:
        yield url


@pytest.fixture(scope="module")
def report() -> Iterator[list[str]]:
    lines: list[str] = []
    yield lines
    OUTPUT.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(line for line in lines if not line.startswith("    ")) + "\n", encoding="utf-8")
    DETAILS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _paths(role: Role, demo: dict[str, Any]) -> list[str]:
    """The pages of the role's navigation (ui/pages.py, the permissions of evaluation/services/permissions.py),
    each on the demo proposal it is most useful on."""
    query = {
        "fiche": f"?proposal={FOLLOWED}&option=1",
        "compare": f"?proposal={FOLLOWED}",
        "review": f"?proposal={IN_REVIEW}",
        "decision": f"?proposal={demo['awaiting_decision']}",
        "proposal": f"?proposal={demo['draft']}" if role is Role.PORTEUR else f"?proposal={IN_REVIEW}",
    }
    return [f"/{spec.slug}{query.get(spec.slug, '')}" for spec in PAGES
            if spec.before_sign_in or any(role in PERMISSIONS[action] for action in spec.opened_by)]


def _line(who: str, where: str, found: list[Violation]) -> str:
    counts = by_impact(found)
    return f"{who:<10} {where:<60} " + " ".join(f"{impact}={counts[impact]}" for impact in IMPACTS)


def _check(page: Page, who: str, where: str, report: list[str], problems: list[str]) -> None:
    """axe on the page as it is shown now: its counts reported, its critical and serious violations kept."""
    no_error(page)
    found = violations(page)
    line = _line(who, where, found)
    print(line)  # noqa: T201 - the counts the closing notes cite
    report.append(line)
    report.extend(f"    {violation}" for violation in found)
    problems.extend(f"{who} {where}: {violation}" for violation in blocking(found))


def _check_tabs(page: Page, who: str, where: str, report: list[str], problems: list[str]) -> None:
    """Each tab of the page's main area but the first (checked with the page), shown in turn."""
    tabs = page.locator(MAIN).get_by_role("tab")
    names = [name.strip() for name in tabs.all_inner_texts()]
    for name in names[1:]:
        tab = page.locator(MAIN).get_by_role("tab", name=name, exact=True).first
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        wait_idle(page)
        _check(page, who, f"{where} [{name}]", report, problems)


def _walk(page: Page, who: str, paths: list[str], report: list[str]) -> list[str]:
    problems: list[str] = []
    for path in paths:
        navigate(page, path)
        shown(page.locator(f"{MAIN} h1"))
        _check(page, who, path, report, problems)
        _check_tabs(page, who, path, report, problems)
    return problems


@pytest.mark.parametrize("role", [Role.PORTEUR, Role.DSI, Role.ELU, Role.ADMIN], ids=lambda role: role.value)
def test_every_page_of_the_role_has_no_serious_violation(new_context: Callable[..., BrowserContext],
                                                         demo_url: str, demo_database: dict[str, Any],
                                                         report: list[str], role: Role) -> None:
    context = new_context()
    page = context.new_page()
    try:
        page.goto(f"{demo_url}/")
        sign_in(page, role.value, PASSWORD)
        problems = _walk(page, role.value, _paths(role, demo_database), report)
        screenshot(page, f"accessibility-{role.value}-last.png")
    finally:
        context.close()
    assert problems == []


def test_the_pages_open_before_sign_in_have_no_serious_violation(new_context: Callable[..., BrowserContext],
                                                                 demo_url: str, report: list[str]) -> None:
    context = new_context()
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto(f"{demo_url}/")
        shown(page.locator("input[type='password']"))
        _check(page, "signed-out", "/sign-in", report, problems)
        page.goto(f"{demo_url}/register")
        shown(page.get_by_role("heading", name="Registre des algorithmes et de l'IA"))
        _check(page, "signed-out", "/register", report, problems)
    finally:
        context.close()
    assert problems == []

