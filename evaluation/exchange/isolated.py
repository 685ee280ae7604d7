"""Uploaded files read in a child process, so that no file can take a dashboard server down.

The parsers already refuse what would exhaust them (size, depth, aliases, numbers: yaml_lines, json_text,
spreadsheets). This is the second wall, for what those limits miss: the file is read by a fresh Python
process (`python -m evaluation.exchange.isolated KIND NAME [SOURCE]`, the file's bytes on its standard
input) under a memory and CPU-time limit and a wall-clock timeout; a crash, a kill or an overrun there is a
French refusal here, and the server with every other session goes on. The child answers with JSON: the
proposals or periods read, or the located errors; this process validates the answer again.

Used by the dashboard's uploads (proposals, actual usage). The command line reads in its own process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

from evaluation.domain.actuals import ActualPeriod, ActualSource
from evaluation.domain.proposal import Proposal
from evaluation.exchange.errors import FieldError, InvalidFileError

_LIMITS_VARIABLE = "JAUGE_CHILD_LIMITS"
PROPOSALS = "proposals"
ACTUALS = "actuals"


@dataclass(frozen=True)
class ChildLimits:
    """What the reading process may use: address space (bytes), CPU time and wall time (seconds)."""

    memory_bytes: int = 2 * 2**30
    cpu_seconds: int = 120
    wall_seconds: float = 180.0


LIMITS = ChildLimits()


def parse_proposals_isolated(data: bytes, filename: str, *, limits: ChildLimits = LIMITS) -> list[Proposal]:
    """evaluation.exchange.files.parse_proposals, run in a child process."""
    answer = _run([PROPOSALS, filename], data, Path(filename).name, limits)
    return [Proposal.model_validate(item) for item in answer["proposals"]]


def read_actuals_isolated(name: str, content: bytes, source: ActualSource | None = None, *,
                          limits: ChildLimits = LIMITS) -> Any:
    """evaluation.exchange.actuals.read_actuals (an ActualsFile), run in a child process."""
    from evaluation.exchange.actuals import ActualsFile

    answer = _run([ACTUALS, name] + ([source.value] if source else []), content, name, limits)
    return ActualsFile(name=answer["name"], source=ActualSource(answer["source"]), sha256=answer["sha256"],
                       periods=[ActualPeriod.model_validate(item) for item in answer["periods"]])


def _refused(name: str, problem: str) -> InvalidFileError:
    return InvalidFileError([FieldError(file=name, message=f"le fichier n'a pas pu être lu : {problem} ; "
                                                           "vérifiez-le ou découpez-le, rien n'a été enregistré")])


def _run(arguments: list[str], data: bytes, name: str, limits: ChildLimits) -> dict[str, Any]:
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                   _LIMITS_VARIABLE: f"{limits.memory_bytes},{limits.cpu_seconds}"}
    try:
        completed = subprocess.run(  # noqa: S603 (no shell; the arguments are a kind, a file name, a source)
            [sys.executable, "-m", "evaluation.exchange.isolated", *arguments], input=data, capture_output=True,
            timeout=limits.wall_seconds, env=environment, cwd=Path(__file__).resolve().parents[2],
            check=False)
    except subprocess.TimeoutExpired:
        raise _refused(name, f"sa lecture a dépassé {limits.wall_seconds:g} secondes") from None
    if completed.returncode != 0:
        if completed.returncode < 0 or b"MemoryError" in completed.stderr:
            raise _refused(name, "sa lecture a dépassé la mémoire ou le temps de calcul permis")
        raise _refused(name, f"sa lecture a échoué (code {completed.returncode})")
    answer: dict[str, Any] = orjson.loads(completed.stdout)
    if "errors" in answer:
        raise InvalidFileError([FieldError(**error) for error in answer["errors"]])
    return answer


def _limit_myself() -> None:
    """In the child, before reading anything: its own limits (set here rather than between fork and exec,
    which is unsafe in a threaded server), and no core file."""
    import resource

    memory, cpu = (int(value) for value in os.environ[_LIMITS_VARIABLE].split(","))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child(arguments: list[str]) -> dict[str, Any]:
    """What the child process answers for `arguments` and the bytes on its standard input."""
    kind, name = arguments[0], arguments[1]
    data = sys.stdin.buffer.read()
    try:
        if kind == PROPOSALS:
            from evaluation.exchange.files import parse_proposals

            return {"proposals": [proposal.model_dump(mode="json") for proposal in parse_proposals(data, name)]}
        from evaluation.exchange.actuals import read_actuals

        file = read_actuals(name, data, ActualSource(arguments[2]) if len(arguments) > 2 else None)
        return {"name": file.name, "source": file.source.value, "sha256": file.sha256,
                "periods": [period.model_dump(mode="json") for period in file.periods]}
    except InvalidFileError as exc:
        return {"errors": [asdict(error) for error in exc.errors]}


def _warm_up(kind: str) -> None:
    """Import and load, before the limits, what reading any file needs (modules, EcoLogits' zones), so that
    the limits bound the reading of this file alone: the shipped template is read once."""
    if kind == PROPOSALS:
        from evaluation.exchange.files import load_proposals
        from evaluation.resources import DATA_DIR

        load_proposals(DATA_DIR / "templates" / "dossiers-exemple.yaml")
    else:
        import evaluation.exchange.actuals  # noqa: F401


if __name__ == "__main__":
    _warm_up(sys.argv[1])
    _limit_myself()
    sys.stdout.buffer.write(orjson.dumps(_child(sys.argv[1:])))
