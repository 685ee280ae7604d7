"""`python -m evaluation bench`: speed and memory of the engine, the command line and the storage.

Each measurement runs in a child process of its own, so that its peak memory (ru_maxrss) is its own
and caches start cold; inside a child, a figure is the median of several runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evaluation.resources import ROOT

SEED = 20261121


def _median_seconds(run: Callable[[], Any], repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _frame(size: int) -> Any:
    from evaluation.cli.synthetic import synthetic_rows
    from evaluation.exchange.settings_file import load_settings
    from evaluation.table.build import frame_from_rows

    return frame_from_rows(synthetic_rows(size, seed=SEED), load_settings())


def child_engine(size: int, repeat: int) -> dict[str, Any]:
    """Whole evaluation (footprint, finance, checklist, matrix) of `size` options on columns."""
    from evaluation.exchange.settings_file import load_settings
    from evaluation.pipeline.evaluate import build_context, evaluate_frame

    frame = _frame(size)
    context = build_context(load_settings())
    before = _peak_mib()
    start = time.perf_counter()
    evaluate_frame(frame, context)
    first = time.perf_counter() - start
    median, runs = _median_seconds(lambda: evaluate_frame(frame, context), repeat)
    return {"size": size, "first_s": first, "median_s": median, "runs_s": runs,
            "peak_mib": _peak_mib(), "peak_before_evaluation_mib": before}


def child_naive(size: int, sample: int) -> dict[str, Any]:
    """The naive way on the same data: per option, fresh EcoLogits calls and one engine evaluation.

    Every option is evaluated alone (with its proposal's baseline rows, which the finance step needs),
    after clearing the footprint caches, so each option pays its own EcoLogits calls. Measured on the
    first `sample` options and extrapolated linearly to `size`.
    """
    from evaluation.exchange.settings_file import load_settings
    from evaluation.footprint.ecologits_calls import api_per_request, self_hosted_per_request
    from evaluation.pipeline.evaluate import build_context, evaluate_frame
    from evaluation.table.columns import OPTION_INDEX, PROPOSAL_ID

    frame = _frame(size)
    context = build_context(load_settings())
    evaluate_frame(frame.head(50), context)  # imports and reference data loaded, as in the batch path
    groups = frame.groupby(PROPOSAL_ID, sort=False).indices
    taken = frame.head(min(sample, size))
    start = time.perf_counter()
    for proposal_id, position in zip(taken[PROPOSAL_ID], taken[OPTION_INDEX], strict=True):
        api_per_request.cache_clear()
        self_hosted_per_request.cache_clear()
        rows = frame.iloc[groups[proposal_id]]
        evaluate_frame(rows, context).iloc[int(position)]
    elapsed = time.perf_counter() - start
    per_option = elapsed / len(taken)
    return {"size": size, "sample": len(taken), "sample_s": elapsed, "per_option_s": per_option,
            "extrapolated_s": per_option * size}


def child_ecologits_loop(size: int) -> dict[str, Any]:
    """A plain loop calling EcoLogits once per generative option (the others need no call)."""
    import math

    from evaluation.footprint.ecologits_calls import _modules
    from evaluation.table.columns import (
        OPTION_KIND,
        OPTION_MODEL,
        OPTION_PROVIDER,
        OPTION_USAGE_OUTPUT_TOKENS_PER_REQUEST,
        OPTION_ZONE,
    )

    llm_impacts = _modules()["utils"].llm_impacts
    frame = _frame(size)
    genai = frame[frame[OPTION_KIND].isin(("genai_api", "genai_self_hosted"))]
    start = time.perf_counter()
    for provider, model, tokens, zone in zip(
        genai[OPTION_PROVIDER], genai[OPTION_MODEL], genai[OPTION_USAGE_OUTPUT_TOKENS_PER_REQUEST],
        genai[OPTION_ZONE], strict=True,
    ):
        llm_impacts(provider=provider, model_name=model, output_token_count=int(tokens),
                    request_latency=math.inf, electricity_mix_zone=zone)
    return {"size": size, "calls": len(genai), "loop_s": time.perf_counter() - start}


def child_storage(size: int, url: str, repeat: int) -> dict[str, Any]:
    """Import `size` options into an empty database, then load what the portfolio page shows."""
    from sqlalchemy import create_engine, text

    from evaluation.cli.synthetic import synthetic_proposals
    from evaluation.exchange.settings_file import load_settings
    from evaluation.pipeline.evaluate import build_context, evaluate_frame
    from evaluation.storage import open_repository
    from evaluation.table.build import options_frame

    proposals = synthetic_proposals(size, seed=SEED)
    imports = []
    for _ in range(repeat):
        engine = create_engine(url)
        with engine.begin() as connection:
            if url.startswith("postgresql"):
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        if url.startswith("sqlite"):
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        repo = open_repository(url)
        start = time.perf_counter()
        repo.import_proposals(proposals, actor="bench")
        imports.append(time.perf_counter() - start)
        repo.close()
    repo = open_repository(url)
    settings = load_settings()
    context = build_context(settings)

    def portfolio_data() -> None:
        stored = repo.load_proposals()
        repo.list_proposals()
        evaluate_frame(options_frame(stored, settings), context)

    load_median, load_runs = _median_seconds(portfolio_data, repeat)
    repo.close()
    return {"size": size, "proposals": len(proposals), "import_median_s": statistics.median(imports),
            "import_runs_s": imports, "portfolio_data_median_s": load_median, "portfolio_data_runs_s": load_runs}


def _run_child(*args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "evaluation", "bench", "--child", *args],  # noqa: S603
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child {args} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure_cli(size: int, repeat: int) -> dict[str, Any]:
    """`python -m evaluation evaluate FILE` end to end on a JSON file of `size` options, side by side with
    the plain EcoLogits loop over the same options: each repetition runs one, then the other, so that
    both see the same load; the load average is recorded with each run."""
    import orjson

    from evaluation.cli.synthetic import synthetic_documents

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "portefeuille.json"
        path.write_bytes(orjson.dumps({"proposals": synthetic_documents(size, seed=SEED)}))
        out = Path(folder) / "resultat.json"
        times, floors, loops, loads = [], [], [], []
        loop: dict[str, Any] = {}
        floor: dict[str, Any] = {}
        for _ in range(repeat):
            loads.append(os.getloadavg()[0])
            start = time.perf_counter()
            with out.open("wb") as sink:
                subprocess.run([sys.executable, "-m", "evaluation", "evaluate", str(path)],  # noqa: S603
                               stdout=sink, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            done = subprocess.run(  # noqa: S603 - started as `evaluate` is (evaluation/cli/bench_floor.py)
                [sys.executable, "-m", "evaluation.cli.bench_floor", str(path), str(Path(folder) / "plancher.bin"),
                 str(out.stat().st_size)], capture_output=True, text=True, check=True, cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)})
            floors.append(time.perf_counter() - start)
            floor = json.loads(done.stdout.strip().splitlines()[-1])
            loop = _run_child("loop", str(size))
            loops.append(loop["loop_s"])
        output = out.read_bytes()
        records = len(orjson.loads(output))
    ratios = [cli / plain for cli, plain in zip(times, loops, strict=True)]
    floor_ratios = [least / plain for least, plain in zip(floors, loops, strict=True)]
    return {"size": size, "records": records, "median_s": statistics.median(times), "runs_s": times,
            "bytes_per_record": len(output) / records, "load_average": loads,
            "loop": {"calls": loop["calls"], "median_s": statistics.median(loops), "runs_s": loops},
            "ratio_median": statistics.median(ratios), "ratios": ratios,
            "floor": {"median_s": statistics.median(floors), "runs_s": floors, "ratios": floor_ratios,
                      "ratio_median": statistics.median(floor_ratios), **floor}}


def _machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine()}


def run_benchmarks(args: argparse.Namespace) -> dict[str, Any]:
    sizes = [int(size) for size in args.sizes.split(",")]
    report: dict[str, Any] = {"machine": _machine(), "engine": [], "naive": [], "storage": []}
    only = set(args.only.split(",")) if args.only else {"engine", "cli", "storage"}
    for size in sizes if "engine" in only else []:
        print(f"moteur, {size} options...", file=sys.stderr)
        report["engine"].append(_run_child("engine", str(size), str(args.repeat)))
        report["naive"].append(_run_child("naive", str(size), str(args.naive_sample)))
    if "cli" in only:
        print(f"ligne de commande et boucle EcoLogits, {args.cli_size} options...", file=sys.stderr)
        report["cli"] = measure_cli(args.cli_size, args.cli_repeat)
    if "storage" not in only:
        return report
    with tempfile.TemporaryDirectory() as folder:
        urls = {"sqlite": f"sqlite:///{folder}/bench.sqlite3"}
        postgres = args.postgres or os.environ.get("JAUGE_TEST_POSTGRES_URL")
        if postgres:
            urls["postgresql"] = postgres
        for backend, url in urls.items():
            print(f"stockage {backend}, {args.storage_size} options...", file=sys.stderr)
            report["storage"].append({"backend": backend,
                                      **_run_child("storage", str(args.storage_size), url, str(args.storage_repeat))})
    return report


def _fmt(seconds: float) -> str:
    return f"{seconds:.3f} s".replace(".", ",")


def _int(number: float) -> str:
    return f"{number:,.0f}".replace(",", "\u202f")


def render(report: dict[str, Any]) -> str:
    """The measures as Markdown tables (French number formatting)."""
    machine = report["machine"]
    lines = [f"Machine : {machine['cpus']} cœurs, {machine['processor']}, Python {machine['python']}"]
    if report["engine"]:
        lines += ["", "| options | moteur (médiane) | 1re évaluation | manière naïve (extrapolée) | rapport | "
                      "pic mémoire |", "|---:|---:|---:|---:|---:|---:|"]
    for engine, naive in zip(report["engine"], report["naive"], strict=True):
        ratio = naive["extrapolated_s"] / engine["median_s"]
        lines.append(f"| {_int(engine['size'])} | {_fmt(engine['median_s'])} | {_fmt(engine['first_s'])} | "
                     f"{_fmt(naive['extrapolated_s'])} ({_fmt(naive['per_option_s'])} par option, mesuré sur "
                     f"{_int(naive['sample'])}) | × {_int(ratio)} | {_int(engine['peak_mib'])} Mio |")
    if "cli" in report:
        cli, loop = report["cli"], report["cli"]["loop"]
        loads = ", ".join(f"{load:.1f}" for load in cli["load_average"]).replace(".", ",")
        lines += ["", f"Ligne de commande, {_int(cli['size'])} options de bout en bout : {_fmt(cli['median_s'])} "
                      f"(médiane), {_int(cli['bytes_per_record'])} octets par option ; boucle simple d'appels "
                      f"EcoLogits ({_int(loop['calls'])} appels, un par option générative) : {_fmt(loop['median_s'])} ; "
                      f"rapport {cli['ratio_median']:.2f} (cible ≤ 0,40 ; charge moyenne {loads})".replace(".", ",")]
        if "floor" in cli:
            floor = cli["floor"]
            lines.append(f"Plancher (démarrage, imports de numpy, pandas et EcoLogits, lecture, appels EcoLogits des "
                         f"{_int(floor['distinct_options'])} options génératives distinctes, écriture d'autant "
                         f"d'octets ; ni validation ni évaluation) : {_fmt(floor['median_s'])} (médiane) ; "
                         f"rapport {floor['ratio_median']:.2f}".replace(".", ","))
    if report["storage"]:
        lines += ["", "| base | options | import (médiane) | données de la page Portefeuille (médiane) |",
                  "|---|---:|---:|---:|"]
    for storage in report["storage"]:
        lines.append(f"| {storage['backend']} | {_int(storage['size'])} | {_fmt(storage['import_median_s'])} | "
                     f"{_fmt(storage['portfolio_data_median_s'])} |")
    return "\n".join(lines)


def cmd_bench(args: argparse.Namespace) -> int:
    if args.child:
        kind, *params = args.child
        if kind == "engine":
            result = child_engine(int(params[0]), int(params[1]))
        elif kind == "naive":
            result = child_naive(int(params[0]), int(params[1]))
        elif kind == "loop":
            result = child_ecologits_loop(int(params[0]))
        else:
            result = child_storage(int(params[0]), params[1], int(params[2]))
        print(json.dumps(result))
        return 0
    report = run_benchmarks(args)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(render(report))
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bench = commands.add_parser("bench", help="mesure la vitesse et la mémoire (moteur, ligne de commande, stockage)")
    bench.add_argument("--sizes", default="1000,10000,100000", help="tailles de portefeuille en options")
    bench.add_argument("--repeat", type=int, default=5, help="répétitions par mesure (médiane)")
    bench.add_argument("--naive-sample", type=int, default=300, help="options évaluées une à une (manière naïve)")
    bench.add_argument("--cli-size", type=int, default=20_000, help="options du fichier pour la ligne de commande")
    bench.add_argument("--cli-repeat", type=int, default=3)
    bench.add_argument("--storage-size", type=int, default=10_000, help="options importées dans la base")
    bench.add_argument("--storage-repeat", type=int, default=3)
    bench.add_argument("--postgres", default=None, help="URL PostgreSQL (à défaut JAUGE_TEST_POSTGRES_URL)")
    bench.add_argument("--only", default=None, metavar="MESURES",
                       help="mesures à faire, séparées par des virgules : engine, cli, storage (toutes à défaut)")
    bench.add_argument("--json", default=None, help="écrit aussi les mesures brutes dans ce fichier JSON")
    bench.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    bench.set_defaults(handler=cmd_bench)
