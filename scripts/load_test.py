"""Load test of the shipped deployment: people at once through HAProxy, two dashboard servers, one PostgreSQL.

    .venv/bin/python scripts/load_test.py [--sessions 20] [--minutes 5] [--database URL] [--json FILE]

Everything runs on the loopback interface and stops by itself (after `--minutes`, plus the sign-ins):
- a throwaway PostgreSQL server (tests/support/postgres_server.py), or the server of `--database` (a URL
  whose role may create databases), holding a new database with the sample portfolio, one porteur
  account per session and, for each, a draft proposal of their own;
- two `streamlit run dashboard.py` on that database;
- HAProxy (Debian's package) with the shipped deploy/haproxy/jauge.cfg, unchanged, in front of them;
- Debian's headless Chromium driven by Playwright: `--sessions` people sign in through the proxy, then,
  until the time is up, each in turn opens the Portefeuille page, the fiche of their own proposal (which
  must show the title they saved last, whichever server saved it), the proposal on the Dossier page,
  changes its title and saves it, pausing between steps as a person reads the page (`--think`, seconds,
  each pause drawn between half and one and a half times it).

The browsers run on the same machine as the servers. So that they measure the servers rather than starve
them, Chromium runs at a lower CPU priority (`--browser-nice`, 10 by default, as `nice` does), and the
report says how much CPU time went to the browser, the dashboard servers, PostgreSQL and HAProxy.

It reports each step's times (median, 95th centile, maximum), the errors (HTTP answers >= 500 seen by the
browsers or logged by HAProxy, errors drawn on a page, tracebacks in the servers' logs, steps that did not
finish), how the sessions were spread over the two servers, and the lost writes: each save must be one version of the proposal in the database, and its last version must hold the
last title saved. Exit code 0 only when there is no error, no lost write and every step finished.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard_servers import CHROMIUM, CHROMIUM_ARGS, IDLE, dashboard_server, free_port  # noqa: E402

HAPROXY = "/usr/sbin/haproxy"
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy" / "jauge.cfg"
SAMPLE = ROOT / "data" / "samples" / "portfolio.yaml"
PASSWORD = "mot-de-passe-du-test-de-charge"  # noqa: S105 - throwaway accounts of a throwaway database
STEP_TIMEOUT_MS = 120_000
STEPS = ("connexion", "portefeuille", "fiche", "dossier", "enregistrement")
PROGRAMS = ("navigateur", "serveurs", "postgresql", "haproxy")  # where the CPU time goes (cpu_seconds)


@dataclass
class Session:
    """One person of the test: their account, their proposal, what they saw."""

    index: int
    login: str
    proposal_id: str
    times: dict[str, list[float]] = field(default_factory=lambda: {step: [] for step in STEPS})
    saved_titles: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # answers >= 500 and errors drawn on the page
    unfinished: list[str] = field(default_factory=list)  # steps that did not finish in STEP_TIMEOUT_MS
    pending_title: str = ""  # the title of a save not yet acknowledged
    server: str = ""


# --- the database ----------------------------------------------------------------------------------


def create_database(admin_url: str) -> str:
    """A new database on the server of `admin_url`; its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(admin_url)
    name = f"jauge_charge_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username,
                         password=url.password, dbname=url.database or "postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return url.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)


def fill_database(url: str, sessions: int) -> list[Session]:
    """The sample portfolio, and per session a porteur account owning a draft of its own."""
    from evaluation.exchange.files import load_proposals
    from evaluation.services.accounts import Accounts
    from evaluation.storage import open_repository

    sample = load_proposals(SAMPLE)
    repo = open_repository(url)
    try:
        repo.import_proposals(sample, actor="charge")
        accounts = Accounts(repo)
        people = []
        for index in range(1, sessions + 1):
            login = f"charge.{index:02d}"
            accounts.create(login=login, password=PASSWORD, roles=("porteur",), name=f"Agent de charge {index}",
                            by="charge")
            own = sample[index % len(sample)].model_copy(
                update={"id": f"charge-{index:02d}", "title": f"Dossier de charge {index}"})
            repo.import_proposals([own], actor=login)
            people.append(Session(index=index, login=login, proposal_id=own.id))
    finally:
        repo.close()
    return people


def lost_writes(url: str, people: list[Session]) -> list[str]:
    """What the database does not hold of the saves the pages acknowledged."""
    from evaluation.storage import open_repository

    repo = open_repository(url)
    problems = []
    try:
        for person in people:
            stored = repo.get_proposal(person.proposal_id)
            # version 1 is the import, then one per save; a save whose acknowledgement did not come in time
            # (an unfinished step) may be stored one version further, never fewer
            if stored.version < 1 + len(person.saved_titles):
                problems.append(f"{person.proposal_id}: {len(person.saved_titles)} save(s) acknowledged, "
                                f"version {stored.version} stored")
            if person.saved_titles and stored.proposal.title not in (person.saved_titles[-1], person.pending_title):
                problems.append(f"{person.proposal_id}: the stored title is « {stored.proposal.title} », "
                                f"not the last one saved « {person.saved_titles[-1]} »")
    finally:
        repo.close()
    return problems


# --- the proxy ---------------------------------------------------------------------------------------


@contextmanager
def haproxy(servers: list[str], work: Path) -> Iterator[tuple[str, Path]]:
    """HAProxy on a free loopback port with the shipped configuration in front of `servers` (addresses
    http://host:port); yields (its address, its log file)."""
    port = free_port()
    global_file = work / "global.cfg"
    global_file.write_text("global\n    log stdout format raw local0\n    maxconn 2000\n", encoding="utf-8")
    env = {**os.environ, "JAUGE_HTTP_BIND": f"127.0.0.1:{port}",
           **{f"JAUGE_SERVER_{number}": address.removeprefix("http://")
              for number, address in enumerate(servers, start=1)}}
    log = work / "haproxy.log"
    check = subprocess.run([HAPROXY, "-c", "-q", "-f", str(global_file), "-f", str(HAPROXY_CONFIG)],  # noqa: S603
                           env=env, capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise RuntimeError(f"deploy/haproxy/jauge.cfg refused by haproxy -c:\n{check.stdout}{check.stderr}")
    with log.open("wb") as out:
        process = subprocess.Popen([HAPROXY, "-db", "-f", str(global_file), "-f", str(HAPROXY_CONFIG)],  # noqa: S603
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"haproxy stopped:\n{log.read_text()[-3000:]}")
            try:
                import urllib.request

                with urllib.request.urlopen(f"{address}/_stcore/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"haproxy did not answer:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.1)
        yield address, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


HTTPLOG_STATUS = re.compile(r'" \d+/\d+/\d+/\d+/[+-]?\d+ (\d{3}) ')


def proxy_server_errors(log: Path) -> list[str]:
    """HAProxy's log lines of answers >= 500 (its httplog format: `Tq/Tw/Tc/Tr/Ta status`)."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if (match := HTTPLOG_STATUS.search(line)) and int(match.group(1)) >= 500]


def server_tracebacks(logs: list[Path]) -> list[str]:
    return [f"{log.name}: Traceback" for log in logs
            for _ in re.finditer(r"^Traceback", log.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)]


# --- the browsers ------------------------------------------------------------------------------------


def _key(key: str) -> str:
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


class DrawnError(Exception):
    """The dashboard drew an error on the page."""


async def _settled(page: Any, expect: Any) -> None:
    """The script has run and is idle, and no error is drawn."""
    await expect(page.locator(IDLE)).to_be_attached(timeout=STEP_TIMEOUT_MS)
    drawn = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
    try:
        await expect(drawn).to_have_count(0, timeout=1_000)
    except AssertionError:
        raise DrawnError(await drawn.first.inner_text()) from None


async def _navigate(page: Any, path: str) -> None:
    """Another page in the same Streamlit session, as the sidebar's links do."""
    await page.evaluate("path => { window.history.pushState({}, '', path);"
                        " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }", path)


async def _timed(person: Session, step: str, action: Any) -> None:
    start = time.monotonic()
    await action()
    person.times[step].append(time.monotonic() - start)


async def _portfolio(page: Any, expect: Any) -> None:
    await _navigate(page, "/")
    await expect(page.locator(_key("pf_table"))).to_be_visible()
    await _settled(page, expect)


async def _fiche(page: Any, expect: Any, proposal_id: str, title: str) -> None:
    """The fiche shows the title last saved, whichever server saved it."""
    await _navigate(page, f"/fiche?proposal={proposal_id}")
    await expect(page.get_by_role("heading", name=title).first).to_be_visible()
    await _settled(page, expect)


async def _proposal(page: Any, expect: Any, proposal_id: str, title_box: Any, title: str) -> None:
    await _navigate(page, f"/proposal?proposal={proposal_id}")
    await expect(title_box).to_have_value(title)
    await _settled(page, expect)


async def _save(page: Any, expect: Any, proposal_id: str, title_box: Any, title: str) -> None:
    await title_box.fill(title)
    await title_box.press("Tab")  # the widget's value reaches the server when it loses focus
    await expect(page.get_by_text("Modifications non enregistrées")).to_be_visible()
    await page.locator(_key("pf.save")).get_by_role("button").click()
    await expect(page.get_by_text(re.compile(
        rf"Dossier « {re.escape(title)} » enregistré \(version \d+\)"))).to_be_visible()
    await _settled(page, expect)


async def run_session(browser: Any, address: str, person: Session,
                      deadline: float, start_gate: asyncio.Semaphore, think: float) -> None:
    from playwright.async_api import expect

    pace = random.Random(person.index)  # noqa: S311 - pauses, not secrets: the same from one run to the next

    async def pause() -> None:
        """The person reads the page before the next step."""
        await asyncio.sleep(pace.uniform(0.5 * think, 1.5 * think))

    context = await browser.new_context(viewport={"width": 1400, "height": 1400}, locale="fr-FR")
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = await context.new_page()
    page.on("response", lambda response: person.errors.append(f"HTTP {response.status} {response.url}")
            if response.status >= 500 else None)
    try:
        async with start_gate:  # people arrive a few at a time, as at the start of a meeting
            async def sign_in() -> None:
                await page.goto(f"{address}/")
                await page.locator("input[autocomplete='username']").fill(person.login)
                await page.locator("input[type='password']").fill(PASSWORD)
                await page.locator("[data-testid='stFormSubmitButton'] button").click()
                await expect(page.locator("input[type='password']")).to_have_count(0)
                await expect(page.locator(_key("pf_table"))).to_be_visible()
                await _settled(page, expect)

            await _timed(person, "connexion", sign_in)
        person.server = next((cookie["value"] for cookie in await context.cookies()
                              if cookie["name"] == "JAUGE_SERVER"), "?")
        title_box = page.locator(f"{_key(f'pf|{person.proposal_id}|title')} input")
        edits = 0
        while time.monotonic() < deadline:
            current = person.saved_titles[-1] if person.saved_titles else f"Dossier de charge {person.index}"
            edits += 1
            title = f"Dossier de charge {person.index}, modification {edits}"
            await pause()
            await _timed(person, "portefeuille", partial(_portfolio, page, expect))
            await pause()
            await _timed(person, "fiche", partial(_fiche, page, expect, person.proposal_id, current))
            await pause()
            await _timed(person, "dossier", partial(_proposal, page, expect, person.proposal_id, title_box, current))
            await pause()
            person.pending_title = title
            await _timed(person, "enregistrement", partial(_save, page, expect, person.proposal_id, title_box, title))
            person.saved_titles.append(title)
    except Exception as exc:  # noqa: BLE001 - a step that did not finish is reported, the others go on
        text = str(exc).splitlines()[0] if str(exc) else ""
        (person.errors if isinstance(exc, DrawnError) else person.unfinished).append(f"{type(exc).__name__}: {text}")
        shot = Path(tempfile.gettempdir()) / f"jauge-charge-{person.login}.png"
        try:
            await page.screenshot(path=str(shot), full_page=True)
            person.unfinished.append(f"capture : {shot}")
        except Exception:  # noqa: BLE001, S110 - the page may be gone
            pass
    finally:
        await context.close()


def niced_chromium(work: Path, niceness: int) -> str:
    """Chromium's path, or a wrapper that starts it at a lower CPU priority (Playwright talks to the browser
    over inherited pipes, which `exec` keeps)."""
    if niceness <= 0:
        return CHROMIUM
    wrapper = work / "chromium-nice"
    wrapper.write_text(f'#!/bin/sh\nexec nice -n {niceness} {CHROMIUM} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return str(wrapper)


def _program(pid: str) -> str | None:
    """Which part of the test a process belongs to, from its command line."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    if "chrom" in command.split(" ", 1)[0]:
        return "navigateur"
    if "streamlit" in command and "dashboard.py" in command:
        return "serveurs"
    if command.startswith("postgres"):
        return "postgresql"
    if command.startswith(HAPROXY):
        return "haproxy"
    return None


def cpu_seconds() -> dict[str, float]:
    """CPU time (user + system, with that of reaped children) of each part, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    totals = dict.fromkeys(PROGRAMS, 0.0)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or (program := _program(entry.name)) is None:
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        totals[program] += sum(int(value) for value in fields[11:15]) / ticks  # utime stime cutime cstime
    return totals


async def run_browsers(address: str, people: list[Session], seconds: float, think: float,
                       chromium: str) -> dict[str, float]:
    """Every person's session; the CPU seconds each part used meanwhile."""
    from playwright.async_api import async_playwright, expect

    expect.set_options(timeout=STEP_TIMEOUT_MS)  # a step may take long on a loaded machine; 5 s by default
    before = cpu_seconds()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        gate = asyncio.Semaphore(4)
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(run_session(browser, address, person, deadline, gate, think) for person in people))
        after = cpu_seconds()
        await browser.close()
    return {program: round(after[program] - before[program], 1) for program in PROGRAMS}


# --- the report --------------------------------------------------------------------------------------


def _centile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def summarise(people: list[Session], proxy_errors: list[str], tracebacks: list[str], lost: list[str],
              settings: dict[str, Any], cpu: dict[str, float]) -> dict[str, Any]:
    steps = {}
    for step in STEPS:
        values = [value for person in people for value in person.times[step]]
        steps[step] = {"count": len(values), "median_s": statistics.median(values) if values else float("nan"),
                       "p95_s": _centile(values, 0.95), "max_s": max(values, default=float("nan"))}
    browser_errors = [f"{person.login}: {error}" for person in people for error in person.errors]
    unfinished = [f"{person.login}: {failure}" for person in people for failure in person.unfinished]
    spread: dict[str, int] = {}
    for person in people:
        spread[person.server] = spread.get(person.server, 0) + 1
    return {**settings, "steps": steps,
            "saves_acknowledged": sum(len(person.saved_titles) for person in people),
            "server_errors": len(proxy_errors) + len(tracebacks) + len(browser_errors),
            "errors": browser_errors + proxy_errors + tracebacks, "lost_writes": lost,
            "unfinished_steps": unfinished,
            "sessions_per_server": spread, "load_average": os.getloadavg()[0], "cores": os.cpu_count(),
            "cpu_seconds": cpu}


def script_runs(timings: list[Path]) -> dict[str, dict[str, float]]:
    """The servers' side of the steps: each script run's time by page (dashboard.py's JAUGE_TIMINGS lines),
    wall and script thread CPU, from the run's start to the page drawn (the browser's work is not in it)."""
    runs: dict[str, list[dict[str, float]]] = {}
    for timing in timings:
        if timing.exists():
            for line in timing.read_text(encoding="utf-8").splitlines():
                run = json.loads(line)
                runs.setdefault(run["page"], []).append(run)
    figures = {}
    for page, items in sorted(runs.items()):
        seconds = [item["seconds"] for item in items]
        figures[page] = {"count": len(items), "median_s": statistics.median(seconds), "p95_s": _centile(seconds, 0.95),
                         "max_s": max(seconds), "cpu_median_s": statistics.median(item["cpu_seconds"] for item in items)}
    return figures


def render(summary: dict[str, Any]) -> str:
    lines = [f"Jauge derrière HAProxy : {summary['sessions']} sessions pendant {summary['minutes']:g} min, "
             "deux serveurs, une base PostgreSQL / behind HAProxy: two servers, one PostgreSQL",
             f"Pause entre deux étapes / think time: {summary['think_s']:g} s en moyenne / on average ; "
             f"priorité du navigateur / browser niceness: {summary['browser_nice']}", "",
             "| étape / step | nombre / count | médiane / median | 95e centile / p95 | max |",
             "|---|---:|---:|---:|---:|"]
    for step, figures in summary["steps"].items():
        lines.append(f"| {step} | {figures['count']} | {figures['median_s']:.2f} s | {figures['p95_s']:.2f} s | "
                     f"{figures['max_s']:.2f} s |")
    lines += ["", f"Enregistrements confirmés / saves acknowledged: {summary['saves_acknowledged']}",
              f"Écritures perdues / lost writes: {len(summary['lost_writes'])}",
              f"Erreurs serveur / server errors: {summary['server_errors']}",
              f"Étapes non terminées en {STEP_TIMEOUT_MS // 1000} s / steps not finished: "
              f"{len([item for item in summary['unfinished_steps'] if not item.split(': ', 1)[1].startswith('capture')])}",
              f"Sessions par serveur / sessions per server: {summary['sessions_per_server']}",
              f"Charge moyenne (1 min) / load average: {summary['load_average']:.1f} sur / on {summary['cores']} "
              "cœurs / cores",
              "Temps CPU / CPU time: " + ", ".join(f"{program} {seconds:g} s"
                                                   for program, seconds in summary["cpu_seconds"].items())]
    lines += ["", "Exécutions du script sur les serveurs, par page (hors travail du navigateur) / the servers' script "
              "runs by page (the browser's work is not in them):", "",
              "| page | nombre / count | médiane / median | 95e centile / p95 | max | CPU médian / median CPU |",
              "|---|---:|---:|---:|---:|---:|"]
    for page, figures in summary.get("script_runs", {}).items():
        lines.append(f"| {page} | {figures['count']} | {figures['median_s']:.2f} s | {figures['p95_s']:.2f} s | "
                     f"{figures['max_s']:.2f} s | {figures['cpu_median_s']:.2f} s |")
    problems = summary["errors"] + summary["lost_writes"] + summary["unfinished_steps"]
    lines += [f"  - {problem}" for problem in problems[:40]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="people working at once")
    parser.add_argument("--minutes", type=float, default=5.0, help="how long they work (after signing in)")
    parser.add_argument("--database", default=None,
                        help="URL of a PostgreSQL server whose role may create databases (default: a throwaway one)")
    parser.add_argument("--think", type=float, default=10.0,
                        help="mean pause between two steps of a person, in seconds (0: none)")
    parser.add_argument("--browser-nice", type=int, default=10,
                        help="Chromium's niceness, so that the browsers do not starve the servers (0: none)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    for program, package in ((HAPROXY, "haproxy"), (CHROMIUM, "chromium")):
        if not Path(program).is_file():
            raise SystemExit(f"{program} est requis (apt install {package})")
    work = Path(tempfile.mkdtemp(prefix="jauge-charge-"))
    with ExitStack() as stack:
        admin_url = args.database
        if admin_url is None:
            from tests.support.postgres_server import start_server, stop_server

            server = start_server()
            stack.callback(stop_server, server)
            admin_url = server.url
        url = create_database(admin_url)
        print(f"base : {url}", file=sys.stderr)
        people = fill_database(url, args.sessions)
        env = {"JAUGE_DATABASE_URL": url, "JAUGE_DATA_DIR": str(work)}
        logs = [work / "streamlit-1.log", work / "streamlit-2.log"]
        timings = [work / "timings-1.jsonl", work / "timings-2.jsonl"]  # each script run of each server
        servers = [stack.enter_context(dashboard_server({**env, "JAUGE_TIMINGS": str(timing)}, log))[0]
                   for log, timing in zip(logs, timings, strict=True)]
        address, proxy_log = stack.enter_context(haproxy(servers, work))
        print(f"proxy : {address} → {', '.join(servers)} ; {args.sessions} sessions, {args.minutes:g} min",
              file=sys.stderr)
        cpu = asyncio.run(run_browsers(address, people, args.minutes * 60, args.think,
                                       niced_chromium(work, args.browser_nice)))
        lost = lost_writes(url, people)
        settings = {"sessions": args.sessions, "minutes": args.minutes, "think_s": args.think,
                    "browser_nice": args.browser_nice}
        summary = summarise(people, proxy_server_errors(proxy_log), server_tracebacks(logs), lost, settings, cpu)
        summary["script_runs"] = script_runs(timings)
    print(render(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps({key: value for key, value in summary.items() if key != "errors"}, ensure_ascii=False))
    shutil.rmtree(work, ignore_errors=True)
    return 0 if summary["server_errors"] == 0 and not lost and not summary["unfinished_steps"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
