"""The command line's floor: what `python -m evaluation evaluate FILE` cannot skip on this engine.

A process that only starts the interpreter and the command line, imports the libraries the engine computes
with (numpy, pandas) and EcoLogits, reads the file, makes the EcoLogits calls the options need (each distinct
model and zone once, as the engine does: two calls each, for the intercept and the slope; no alternative
zone nor sober alternative, which the engine adds) and writes as many bytes as the evaluation wrote. It
validates nothing, builds no table, evaluates nothing and writes no record: a lower bound of `evaluate`,
measured side by side with it and with the plain EcoLogits loop by `python -m evaluation bench --only cli`.

It starts as `evaluate` does and no heavier: `python -m evaluation.cli.bench_floor FILE OUT BYTES` imports the
`evaluation` and `evaluation.cli` packages as `evaluate` does, not the other commands' modules (which
`python -m evaluation bench` would), and ends as `evaluate` does, without freeing the file's objects one by one
(evaluation.cli.ENDS_WITHOUT_TEARDOWN). It prints its figures as one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

GENERATIVE = ("genai_api", "genai_self_hosted")


def _calls(proposals: list[dict[str, Any]]) -> int:
    """Make the EcoLogits calls of every distinct generative option (provider, model, zone, PUE, WUE);
    returns how many distinct ones were evaluated."""
    from evaluation.footprint.ecologits_calls import (
        api_per_request,
        find_model,
        model_parameters,
        self_hosted_per_request,
    )

    done: set[tuple[Any, ...]] = set()
    for proposal in proposals:
        for option in proposal.get("options") or ():
            kind = option.get("kind")
            if kind not in GENERATIVE:
                continue
            key = (kind, option.get("provider"), option.get("model"), option.get("zone"), option.get("pue"),
                   option.get("wue"))
            if key in done:
                continue
            done.add(key)
            if kind == "genai_api":
                api_per_request(str(option.get("provider")), str(option.get("model")), option.get("zone"))
                continue
            model = find_model(option.get("provider"), option.get("model"))
            if model is not None:
                active, total = model_parameters(model)
                self_hosted_per_request(active, total, option.get("zone") or "WOR", float(option.get("pue") or 1.2),
                                        float(option.get("wue") or 0.0))
    return len(done)


def child_floor(path: str, out: str, output_bytes: int) -> dict[str, Any]:
    """The floor's work on the file at `path`, writing `output_bytes` bytes to `out` (see the module)."""
    start = time.process_time()
    import numpy  # noqa: F401 - imported for its cost: the engine computes with it
    import orjson
    import pandas  # noqa: F401 - idem

    from evaluation.footprint.ecologits_calls import _modules

    _modules()
    imported = time.process_time()
    document = orjson.loads(Path(path).read_bytes())
    proposals = document["proposals"] if isinstance(document, dict) else document
    read = time.process_time()
    distinct = _calls(proposals)
    called = time.process_time()
    with Path(out).open("wb") as sink:
        sink.write(b" " * output_bytes)
    return {"distinct_options": distinct, "cpu_s": {"imports": imported - start, "read": read - imported,
                                                     "ecologits": called - read, "write": time.process_time() - called}}


def main(argv: list[str]) -> NoReturn:
    """`python -m evaluation.cli.bench_floor FILE OUT BYTES`: the floor's figures as one JSON line."""
    sys.stdout.write(json.dumps(child_floor(argv[0], argv[1], int(argv[2]))) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
