"""Benchmark of the dashboard in a real browser, on a portfolio of about 10,000 proposals.

    .venv/bin/python scripts/bench_dashboard.py [--runs 3] [--sessions 3] [--filters 4] [--json FILE]

Builds (or reuses) a SQLite database of `synthetic_proposals(--options)` (30,000 options: about
10,000 proposals) with a bench account, then, `--runs` times: starts `streamlit run dashboard.py`
headless on a free port and drives Debian's headless Chromium with Playwright to measure

- the start: from the server's launch to the sign-in page drawn and idle (interactive);
- the first draw of the Portefeuille page after signing in on that fresh server (the warm-up may
  still be evaluating the portfolio);
- the draw of the Portefeuille page after signing in (warm server caches), in `--sessions` returning
  visits (same browser profile, signed out) and `--sessions` first visits (new browser profile,
  empty cache): from the click on « Se connecter » to the script idle with the matrix drawn; the
  click comes `--typing` seconds (2 by default) after the sign-in form is drawn, as a person types;
- the SERVER time of a filter change (one direction chosen, then cleared), as the dashboard records
  it itself (JAUGE_TIMINGS: one line per script run, written by dashboard.py after page.run()), and
  in the browser from the click on the filter (its list opens) to the page updated, and, of that, from
  the click on the direction in the opened list to the page updated;
- a tab of a proposal's fiche: from the click on the tab to its content drawn, script idle (each of
  the tabs after the first, `--filters` times);
- the proposal form: from a change of the first option's users (typed, then Tab) to the live preview
  updated (its figures changed), script idle, `--filters` times.

With the times, CPU times, less sensitive to a loaded machine: the browser renderer's (Chromium's
Performance.getMetrics "ProcessTime") for the sign-in to the portfolio, a filter change and a form change,
and the server script thread's (the JAUGE_TIMINGS line's "cpu_seconds") for the portfolio and a filter.

Figures are medians. Targets (issue 18): start <= 2 s, sign-in to portfolio drawn <= 1.5 s, form change
to preview <= 0.7 s, fiche tab <= 1 s, filter change to page updated <= 0.7 s; the load average is
printed with the figures (the machine may be shared). Prints a French/English table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard_servers import CHROMIUM, CHROMIUM_ARGS, IDLE, dashboard_server  # noqa: E402

LOGIN = "banc"
PASSWORD = "mot-de-passe-du-banc-d-essai"  # noqa: S105 - a throwaway account of a benchmark database
TARGETS = {"start_s": 2.0, "portfolio_s": 1.5, "filter_browser_s": 0.7, "preview_s": 0.7, "fiche_tab_s": 1.0}
TIMEOUT_MS = 120_000
FLOOR_APP = ROOT / "scripts" / "streamlit_floor.py"
# What the floor app measures: the rest (fiche tab, form) has no counterpart there.
FLOOR_MEASURES = ("start_s", "start_script_s", "portfolio_first_s", "portfolio_s", "portfolio_cached_s",
                  "portfolio_server_s", "filter_server_s", "filter_clear_server_s", "filter_browser_s",
                  "filter_chosen_s", "portfolio_cpu_s", "portfolio_server_cpu_s", "filter_cpu_s", "filter_server_cpu_s")


def build_database(directory: Path, options: int) -> tuple[str, int, list[str]]:
    """The benchmark database in `directory` (reused when it already holds the portfolio and the
    account): its URL, its number of proposals and their directions."""
    from evaluation.cli.synthetic import synthetic_documents, synthetic_proposals
    from evaluation.services.accounts import Accounts
    from evaluation.storage import open_repository

    url = f"sqlite:///{directory / 'jauge.sqlite3'}"
    expected = len(synthetic_documents(options))
    repo = open_repository(url)
    try:
        count = repo.count_proposals()
        if count != expected:
            if count:
                raise SystemExit(f"{url} holds {count} proposals, not {expected}: choose another --data-dir")
            print(f"base : import de {expected} dossiers ({options} options)...", file=sys.stderr)
            repo.import_proposals(synthetic_proposals(options), actor="banc")
        if repo.find_user(LOGIN) is None:
            Accounts(repo).create(login=LOGIN, password=PASSWORD, roles=("porteur", "dsi", "elu", "admin"),
                                  name="Banc d'essai", by="banc")
        directions = sorted({summary.direction for summary in repo.list_proposals()} - {""})
        return url, repo.count_proposals(), directions
    finally:
        repo.close()


@contextmanager
def dashboard(url: str, data_dir: Path, timings: Path, log: Path,
              floor: list[str] | None = None) -> Iterator[tuple[str, float]]:
    """The dashboard on a free port with the benchmark database (or, given the directions to offer in
    `floor`, the floor app: Streamlit alone, FLOOR_APP); yields (its URL, the time.monotonic() of its launch)."""
    env = {"JAUGE_DATABASE_URL": url, "JAUGE_DATA_DIR": str(data_dir), "JAUGE_TIMINGS": str(timings)}
    if floor is not None:
        env["JAUGE_FLOOR_DIRECTIONS"] = json.dumps(floor)
    with dashboard_server(env, log, script=FLOOR_APP if floor is not None else ROOT / "dashboard.py") as (
            address, launched):
        print(f"  serveur prêt / server ready: {time.monotonic() - launched:.2f} s", file=sys.stderr)
        yield address, launched


def _timing_lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _wait_new_timing(path: Path, seen: int, page: str) -> dict[str, Any]:
    """The first script run recorded after the `seen` first lines, for `page`."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        lines = _timing_lines(path)
        fresh = [line for line in lines[seen:] if line["page"] == page]
        if fresh:
            return fresh[-1]
        time.sleep(0.01)
    raise RuntimeError(f"no script run of {page} recorded in {path}")


def _matrix_drawn(page: Any) -> None:
    """The script is idle and Plotly has drawn the matrix (its traces are in the chart's full data)."""
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => { const gd = document.querySelector('.st-key-pf_matrix .js-plotly-plot');"
        " return !!gd && !!gd._fullData && gd._fullData.length > 0 && !!gd.querySelector('.main-svg'); }",
        timeout=TIMEOUT_MS)
    page.wait_for_selector(".st-key-pf_table", timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)


def _sign_in_form(page: Any) -> None:
    page.wait_for_selector("input[type='password']", timeout=TIMEOUT_MS)
    page.wait_for_selector("[data-testid='stFormSubmitButton'] button", timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)


_CDP: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _browser_cpu(page: Any) -> float:
    """CPU seconds the page's renderer process has used so far (Chromium's Performance.getMetrics
    "ProcessTime"): the browser's work, less sensitive than wall time to other processes on a loaded machine."""
    session = _CDP.get(page)
    if session is None:
        session = _CDP[page] = page.context.new_cdp_session(page)
        session.send("Performance.enable")
    metrics = {metric["name"]: metric["value"] for metric in session.send("Performance.getMetrics")["metrics"]}
    return float(metrics["ProcessTime"])


def _sign_in(page: Any, typing_s: float) -> tuple[float, float]:
    """Sign in on the drawn form, `typing_s` seconds after it appeared (a person types their login and
    password); seconds from the click on « Se connecter » to the Portefeuille page drawn, and the browser's
    CPU seconds meanwhile."""
    page.locator("input[autocomplete='username']").fill(LOGIN)
    page.locator("input[type='password']").fill(PASSWORD)
    page.wait_for_timeout(typing_s * 1000)
    cpu = _browser_cpu(page)
    start = time.monotonic()
    page.locator("[data-testid='stFormSubmitButton'] button").click()
    page.wait_for_selector("input[type='password']", state="detached", timeout=TIMEOUT_MS)
    _matrix_drawn(page)
    return time.monotonic() - start, _browser_cpu(page) - cpu


def _choose_direction(page: Any, direction: str | None) -> float:
    """Choose one direction in the filter (or clear it with None); the time.monotonic() at which the
    direction was chosen (its list open, the click on it about to be sent)."""
    box = page.locator(".st-key-pf_direction")
    box.locator("input").click()
    if direction is None:
        chosen = time.monotonic()
        page.keyboard.press("Backspace")  # removes the chosen direction
    else:
        option = page.get_by_role("option", name=direction, exact=True)
        option.wait_for(state="visible", timeout=TIMEOUT_MS)
        chosen = time.monotonic()
        option.click()
    page.keyboard.press("Escape")
    return chosen


def _fiche_tabs(page: Any, address: str, proposal_id: str, times: int) -> list[float]:
    """Seconds from a click on a fiche tab to its panel drawn and the script idle."""
    page.goto(f"{address}/fiche?proposal={proposal_id}")
    page.wait_for_selector(".st-key-fiche_tabs [role='tab']", timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    tabs = page.locator(".st-key-fiche_tabs [role='tab']")
    count = tabs.count()
    seconds = []
    for turn in range(times):
        for index in [*range(1, count), 0]:
            start = time.monotonic()
            tabs.nth(index).click()
            page.wait_for_function(
                "i => document.querySelectorAll(\".st-key-fiche_tabs [role='tab']\")[i]"
                ".getAttribute('aria-selected') === 'true'", arg=index, timeout=TIMEOUT_MS)
            page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
            page.locator(".st-key-fiche_tabs [role='tabpanel']:visible").first.wait_for(timeout=TIMEOUT_MS)
            if turn or index:  # the return to the first tab of the first turn is not a new tab
                seconds.append(time.monotonic() - start)
    return seconds


def _form_previews(page: Any, address: str, proposal_id: str, times: int) -> tuple[list[float], list[float]]:
    """Seconds from a change of the first option's users to the live preview showing new figures, and the
    browser's CPU seconds meanwhile."""
    page.goto(f"{address}/proposal?proposal={proposal_id}")
    page.wait_for_selector(".st-key-pf-tabs [role='tab']", timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    page.locator(".st-key-pf-tabs [role='tab']").filter(has_text="Usage").click()  # « Usage et calcul »
    users = page.locator("[class*='usage-users'] input:visible").first
    users.wait_for(timeout=TIMEOUT_MS)
    preview = page.locator("[class*='st-key-pf-preview-0']")
    preview.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    seconds, cpu_seconds = [], []
    for turn in range(times):
        before = preview.inner_text()
        value = int("".join(ch for ch in users.input_value() if ch.isdigit()) or "1")  # « 1 200 »: grouped
        users.fill(str(value * 2 if turn % 2 == 0 else max(1, value // 2)))
        cpu = _browser_cpu(page)
        start = time.monotonic()
        users.press("Tab")
        page.wait_for_function(
            "before => { const p = document.querySelector(\"[class*='st-key-pf-preview-0']\");"
            " return !!p && p.innerText !== before; }", arg=before, timeout=TIMEOUT_MS)
        page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
        seconds.append(time.monotonic() - start)
        cpu_seconds.append(_browser_cpu(page) - cpu)
    return seconds, cpu_seconds


def measure_run(browser: Any, url: str, data_dir: Path, work: Path, run: int, sessions: int,
                filters: int, names: list[str], typing_s: float, first_id: str, *,
                floor: bool = False) -> dict[str, Any]:
    """One start of the dashboard (or of the floor app, without the fiche and the form) and its measures."""
    name = f"{'floor' if floor else 'streamlit'}-{run}"
    timings = work / f"timings-{name}.jsonl"
    with dashboard(url, data_dir, timings, work / f"{name}.log", names if floor else None) as (address, launched):
        context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="fr-FR")
        page = context.new_page()
        page.goto(f"{address}/")
        _sign_in_form(page)
        start_s = time.monotonic() - launched
        sign_in_runs = [line for line in _timing_lines(timings) if line["page"] == "sign-in"]
        first_s, _ = _sign_in(page, typing_s)
        result: dict[str, Any] = {"start_s": start_s, "start_script_s": sign_in_runs[0]["seconds"] if sign_in_runs
                                  else float("nan"), "load_average": os.getloadavg()[0],
                                  "portfolio_first_s": first_s, "portfolio_s": [],
                                  "portfolio_cached_s": [],
                                  "filter_server_s": [], "filter_clear_server_s": [], "filter_browser_s": [],
                                  "filter_chosen_s": [], "portfolio_server_s": [], "fiche_tab_s": [], "preview_s": [],
                                  "portfolio_cpu_s": [], "portfolio_server_cpu_s": [], "filter_cpu_s": [],
                                  "filter_server_cpu_s": [], "preview_cpu_s": []}

        def measure_sign_in(page: Any, key: str) -> None:
            """Sign in on a fresh page; its browser time under `key`, the server's run beside."""
            page.goto(f"{address}/")
            _sign_in_form(page)
            seen = len(_timing_lines(timings))
            seconds, cpu = _sign_in(page, typing_s)
            result[key].append(seconds)
            result["portfolio_cpu_s"].append(cpu)
            line = _wait_new_timing(timings, seen, "portfolio")
            result["portfolio_server_s"].append(line["seconds"])
            result["portfolio_server_cpu_s"].append(line.get("cpu_seconds", float("nan")))
        for index in range(filters):
            seen = len(_timing_lines(timings))
            cpu = _browser_cpu(page)
            start = time.monotonic()
            chosen = _choose_direction(page, names[index % len(names)])
            line = _wait_new_timing(timings, seen, "portfolio")
            _matrix_drawn(page)
            result["filter_browser_s"].append(time.monotonic() - start)
            result["filter_chosen_s"].append(time.monotonic() - chosen)
            result["filter_cpu_s"].append(_browser_cpu(page) - cpu)
            result["filter_server_s"].append(line["seconds"])
            result["filter_server_cpu_s"].append(line.get("cpu_seconds", float("nan")))
            seen = len(_timing_lines(timings))
            _choose_direction(page, None)
            line = _wait_new_timing(timings, seen, "portfolio")
            _matrix_drawn(page)
            result["filter_clear_server_s"].append(line["seconds"])
        if not floor:
            result["fiche_tab_s"] = _fiche_tabs(page, address, first_id, max(1, filters))
            result["preview_s"], result["preview_cpu_s"] = _form_previews(page, address, first_id, max(1, filters))
        result["load_average_end"] = os.getloadavg()[0]
        # Returning visits: the same browser (its cache holds the dashboard's scripts), signed out.
        for _ in range(sessions):
            context.clear_cookies()
            page.close()
            page = context.new_page()
            measure_sign_in(page, "portfolio_cached_s")
        context.close()
        # First visits: a new browser profile each time (empty cache: every script is downloaded).
        for _ in range(sessions):
            context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="fr-FR")
            page = context.new_page()
            measure_sign_in(page, "portfolio_s")
            context.close()
    return result


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summarise(runs: list[dict[str, Any]], proposals: int) -> dict[str, Any]:
    def every(name: str) -> list[float]:
        values: list[float] = []
        for run in runs:
            value = run[name]
            values.extend(value if isinstance(value, list) else [value])
        return values

    names = ("start_s", "start_script_s", "load_average", "load_average_end", "portfolio_first_s", "portfolio_s",
             "portfolio_cached_s", "portfolio_server_s", "filter_server_s", "filter_clear_server_s",
             "filter_browser_s", "filter_chosen_s", "fiche_tab_s", "preview_s", "portfolio_cpu_s", "portfolio_server_cpu_s",
             "filter_cpu_s", "filter_server_cpu_s", "preview_cpu_s")
    return {"proposals": proposals, "options": None, "runs": len(runs),
            **{name: _median(every(name)) for name in names}, "raw": {name: every(name) for name in names}}


def render(summary: dict[str, Any], floor: dict[str, Any] | None = None) -> str:
    """The medians against their targets; with `floor`, the floor app's medians beside (Streamlit alone)."""
    rows = [
        ("Démarrage jusqu'à la page de connexion / start to sign-in page", "start_s", TARGETS["start_s"]),
        ("  dont 1er passage du script / of which first script run", "start_script_s", None),
        ("Portefeuille après connexion, serveur tout juste lancé / portfolio after sign-in, fresh server",
         "portfolio_first_s", None),
        ("Portefeuille après connexion, 1re visite (cache du navigateur vide) / portfolio after sign-in, "
         "first visit (empty browser cache)", "portfolio_s", TARGETS["portfolio_s"]),
        ("Portefeuille après connexion, visite suivante (cache du navigateur) / portfolio after sign-in, "
         "returning visit (browser cache)", "portfolio_cached_s", TARGETS["portfolio_s"]),
        ("  dont temps serveur du script / of which script server time", "portfolio_server_s", None),
        ("Filtre : une direction, temps serveur / filter: one direction, server time", "filter_server_s", None),
        ("Filtre retiré (toutes les options), temps serveur / filter cleared (all options), server time",
         "filter_clear_server_s", None),
        ("Filtre : une direction, clic → page à jour / filter: click → page updated", "filter_browser_s",
         TARGETS["filter_browser_s"]),
        ("  dont direction choisie dans la liste ouverte → page à jour / of which direction chosen in the open "
         "list → page updated", "filter_chosen_s", None),
        ("Fiche : clic sur un onglet → onglet dessiné / fiche: tab click → tab drawn", "fiche_tab_s",
         TARGETS["fiche_tab_s"]),
        ("Formulaire : champ modifié → aperçu à jour / form: field changed → preview updated", "preview_s",
         TARGETS["preview_s"]),
        ("Temps CPU (moins sensible à la charge) / CPU time (less sensitive to load):", "", None),
        ("  Portefeuille après connexion, navigateur / portfolio after sign-in, browser", "portfolio_cpu_s", None),
        ("  Portefeuille après connexion, script du serveur / portfolio after sign-in, server script",
         "portfolio_server_cpu_s", None),
        ("  Filtre, navigateur / filter, browser", "filter_cpu_s", None),
        ("  Filtre, script du serveur / filter, server script", "filter_server_cpu_s", None),
        ("  Formulaire → aperçu, navigateur / form → preview, browser", "preview_cpu_s", None),
    ]
    proposals = f"{summary['proposals']:,}".replace(",", "\u202f")
    lines = [f"Jauge, tableau de bord / dashboard — {proposals} dossiers / proposals ; "
             f"médianes sur / medians over {summary['runs']} démarrage(s) / start(s)", "",
             "| mesure / measure | médiane / median | cible / target | |"
             + (" Streamlit seul (plancher) / Streamlit alone (floor) |" if floor else ""),
             "|---|---:|---:|---|" + ("---:|" if floor else "")]
    for text, name, target in rows:
        beside = ""
        if floor:
            beside = f" {floor[name]:.3f} s |" if name in FLOOR_MEASURES else " |"
        if not name:
            lines.append(f"| {text} | | | |" + (" |" if floor else ""))
            continue
        value = summary[name]
        verdict = "" if target is None else ("✔" if value <= target else "✘")
        target_text = "" if target is None else f"≤ {target:.1f} s"
        lines.append(f"| {text} | {value:.3f} s | {target_text} | {verdict} |{beside}")
    loads = ", ".join(f"{load:.1f}" for load in summary["raw"]["load_average"] + summary["raw"]["load_average_end"])
    lines += ["", f"Charge moyenne de la machine (1 min) / machine load average: {loads} "
                  f"sur / on {os.cpu_count()} cœurs / cores (au début et à la fin de chaque démarrage / at the start "
                  f"and end of each start)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", type=int, default=30_000, help="options of the synthetic portfolio")
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "jauge-bench-10k",
                        help="where the benchmark database is built or reused")
    parser.add_argument("--runs", type=int, default=3, help="server starts (each a cold start)")
    parser.add_argument("--sessions", type=int, default=3, help="new browser sessions signed in per start")
    parser.add_argument("--filters", type=int, default=3, help="filter changes per start")
    parser.add_argument("--typing", type=float, default=2.0,
                        help="seconds between the sign-in form drawn and the click (a person typing)")
    parser.add_argument("--floor", action="store_true",
                        help="after each start of the dashboard, the same measures on Streamlit alone "
                             "(scripts/streamlit_floor.py: the portfolio page's heaviest parts, nothing of Jauge)")
    parser.add_argument("--json", type=Path, default=None, help="also write every measure to this file")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"Chromium est requis : {CHROMIUM} est absent (apt install chromium)")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    url, proposals, directions = build_database(args.data_dir, args.options)
    from evaluation.cli.synthetic import synthetic_documents

    first_id = str(synthetic_documents(args.options)[0]["id"])
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="jauge-bench-"))
    runs: list[dict[str, Any]] = []
    floors: list[dict[str, Any]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.runs):
                print(f"démarrage {run + 1}/{args.runs}...", file=sys.stderr)
                for floor in (False, True) if args.floor else (False,):
                    try:
                        (floors if floor else runs).append(measure_run(
                            browser, url, args.data_dir, work, run, args.sessions, args.filters, directions,
                            args.typing, first_id, floor=floor))
                    except Exception:
                        log = work / f"{'floor' if floor else 'streamlit'}-{run}.log"
                        print(log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() else "",
                              file=sys.stderr)
                        raise
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = summarise(runs, proposals)
    summary["options"] = args.options
    summary["typing_s"] = args.typing
    floor_summary = summarise(floors, proposals) if floors else None
    if floor_summary is not None:
        summary["floor"] = floor_summary
    print(render(summary, floor_summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(json.dumps({key: value for key, value in summary.items() if key not in ("raw", "floor")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
