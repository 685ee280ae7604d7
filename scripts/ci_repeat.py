"""CI run again and again from fresh clones, several at once: is it green every time, under load?

    .venv/bin/python scripts/ci_repeat.py [--runs 3] [--parallel 3] [--rev HEAD] [--json FILE]

Each run is what CI does on a new machine: `git clone` of this repository at `--rev` into a new folder,
`../shared` beside it (a link to this checkout's), then `CI=true bash .ci/run` there (its own virtualenv,
its own PostgreSQL server). `--parallel` runs go at once, so each is the others' heavy job (issue 19: "green
while another heavy job runs on the machine"); the machine's load average is sampled every 15 s. At the end,
a Markdown table: each run's commit, start, duration, exit code, pytest's last line and the load average
during it (minimum, median, maximum). Logs stay in the work folder (`--work`, a new temporary one by
default). Exit code 0 only when every run passed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CI_COMMAND = "CI=true bash .ci/run"
SAMPLE_EVERY_S = 15.0


@dataclass
class Run:
    """One fresh-clone run and what it gave."""

    name: str
    folder: str
    commit: str = ""
    started: str = ""
    seconds: float = 0.0
    exit_code: int | None = None
    last_line: str = ""
    load: list[float] = field(default_factory=list)  # the 1-minute load average sampled during the run


class LoadSampler:
    """The machine's 1-minute load average every SAMPLE_EVERY_S seconds, with the time it was read."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), os.getloadavg()[0]))
            self._stop.wait(SAMPLE_EVERY_S)

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def between(self, start: float, end: float) -> list[float]:
        return [load for at, load in self.samples if start <= at <= end]


SUMMARY = re.compile(r"\b\d+ (passed|failed|errors?)\b.* in \d+(\.\d+)?s")


def _last_pytest_line(log: Path) -> str:
    """pytest's summary line ("2092 passed, 1 warning in 1380.2s (0:23:00)"), or the log's last line when the
    run ended before pytest's summary (a failed lint, say)."""
    lines = [line.strip("= \n") for line in log.read_text(encoding="utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if line]
    summaries = [line for line in lines if SUMMARY.search(line)]
    return (summaries or lines or [""])[-1]


def run_once(run: Run, rev: str, shared: Path, command: str, sampler: LoadSampler) -> Run:
    """Clone at `rev`, link `shared` beside the clone, run `command` in it; fill in `run`."""
    folder = Path(run.folder)
    folder.mkdir(parents=True)
    clone = folder / "jauge"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)  # noqa: S603, S607
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", rev], check=True)  # noqa: S603, S607
    run.commit = subprocess.run(["git", "-C", str(clone), "rev-parse", "--short", "HEAD"],  # noqa: S603, S607
                                capture_output=True, text=True, check=True).stdout.strip()
    (folder / "shared").symlink_to(shared)
    log = folder / "ci.log"
    run.started = datetime.now(UTC).isoformat(timespec="seconds")
    start = time.monotonic()
    with log.open("wb") as out:
        done = subprocess.run(["bash", "-c", command], cwd=clone, stdout=out,  # noqa: S603, S607
                              stderr=subprocess.STDOUT, env={**os.environ, "CI": "true"}, check=False)
    end = time.monotonic()
    run.seconds = round(end - start, 1)
    run.exit_code = done.returncode
    run.last_line = _last_pytest_line(log)
    run.load = sampler.between(start, end)
    return run


def table(runs: list[Run]) -> str:
    lines = ["| run | commit | start (UTC) | duration | exit code | pytest | load average (min / median / max) |",
             "|---|---|---|---:|---:|---|---|"]
    for run in runs:
        load = (f"{min(run.load):.1f} / {statistics.median(run.load):.1f} / {max(run.load):.1f}"
                if run.load else "—")
        lines.append(f"| {run.name} | {run.commit} | {run.started} | {run.seconds / 60:.0f} min | {run.exit_code} | "
                     f"{run.last_line} | {load} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="how many fresh-clone runs in all")
    parser.add_argument("--parallel", type=int, default=3, help="how many at once")
    parser.add_argument("--rev", default="HEAD", help="the commit to clone (default: HEAD of this checkout)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the folder CI finds as ../shared")
    parser.add_argument("--work", type=Path, default=None, help="where the clones and logs go (default: a new one)")
    parser.add_argument("--command", default=CI_COMMAND, help="what each clone runs (default: CI's own command)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.parallel < 1:
        parser.error("--runs et --parallel doivent valoir au moins 1")
    if not args.shared.is_dir():
        parser.error(f"--shared : le dossier {args.shared} n'existe pas")
    rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", args.rev],  # noqa: S603, S607
                         capture_output=True, text=True, check=True).stdout.strip()
    work = args.work or Path(tempfile.mkdtemp(prefix="jauge-ci-repeat-"))
    runs = [Run(name=f"{number}", folder=str(work / f"run-{number}")) for number in range(1, args.runs + 1)]
    print(f"{args.runs} exécutions de « {args.command} » au commit {rev[:10]}, {args.parallel} à la fois ; "
          f"journaux : {work}", flush=True)
    with LoadSampler() as sampler, ThreadPoolExecutor(max_workers=args.parallel) as pool:
        for run in pool.map(lambda run: run_once(run, rev, args.shared.resolve(), args.command, sampler), runs):
            print(f"exécution {run.name} : code {run.exit_code} en {run.seconds / 60:.0f} min — {run.last_line}",
                  flush=True)
    print(table(runs))
    if args.json:
        args.json.write_text(json.dumps([asdict(run) for run in runs], indent=2), encoding="utf-8")
    return 0 if all(run.exit_code == 0 for run in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
