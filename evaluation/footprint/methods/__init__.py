"""The footprint methods: each module of this package registers one with `@footprint_method`.

A method says which options it covers (a boolean mask over the options table) and estimates them
all at once, returning a `Part`: annual figures, per-request figures, what it could not estimate,
warning codes and phases it leaves out, for the covered rows only. Several methods may cover one
option (Green Algorithms adds declared compute to a generative option): their annual figures add
up, and the option's method (`fp.method`) is the covering method of lowest rank, whose per-request
figures and default zone the option takes. estimate.py runs them; a new method is one new module
here, and its name and description in ui/locales/footprint.fr.yaml and footprint.en.yaml.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from evaluation.footprint.options import BoolArray, FloatArray, IntArray, ObjectArray, Options

Key = tuple[str, str | None, str | None, str, float]


@dataclass(frozen=True)
class Inference:
    """Rows estimated per request by a generative model, in groups of one model, zone and datacenter:
    what the frugal alternatives compare (see alternatives.py)."""

    group: IntArray               # (rows,) group of each row, numbered from 0
    keys: list[Key]               # each group's (kind, provider, model, zone, pue)
    active_b: FloatArray          # (rows, 2) active parameters of the model (billions, min-max)


@dataclass(frozen=True)
class Part:
    """What one method estimates for the rows it covers; arrays are (rows, criteria, 2 bounds)."""

    usage: FloatArray             # annual, usage phase
    embodied: FloatArray          # annual, embodied phase
    per_request: FloatArray       # usage + embodied per request (kept where the method names the option)
    failed: BoolArray             # (rows,) options the method could not estimate
    warnings: dict[str, BoolArray] = field(default_factory=dict)    # code -> (rows,)
    uncovered: dict[str, BoolArray] = field(default_factory=dict)   # phase code -> (rows,)
    inference: Inference | None = None


Estimator = Callable[[Options, IntArray, ObjectArray], Part]
Covers = Callable[[Options], BoolArray]
DefaultZone = Callable[[Options, IntArray], ObjectArray]


@dataclass(frozen=True)
class FootprintMethod:
    """A registered method: `estimate(options, rows, zones)` gets the covered rows and their zones."""

    name: str                     # the fp.method code
    rank: int                     # of the methods covering an option, the lowest rank names it
    covers: Covers
    estimate: Estimator
    default_zone: DefaultZone | None = None   # zones of rows stating none (else the fallback zone)


REGISTRY: dict[str, FootprintMethod] = {}


def footprint_method(name: str, *, rank: int, covers: Covers,
                     default_zone: DefaultZone | None = None) -> Callable[[Estimator], Estimator]:
    """Register the function estimating a method's options."""

    def register(function: Estimator) -> Estimator:
        if name in REGISTRY:
            raise ValueError(f"footprint method {name!r} is registered twice")
        REGISTRY[name] = FootprintMethod(name=name, rank=rank, covers=covers, estimate=function,
                                         default_zone=default_zone)
        return function

    return register


@cache
def _import_method_modules() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def registered_methods() -> list[FootprintMethod]:
    """Every registered method, by rank (the modules of this package are imported on first call)."""
    _import_method_modules()
    return sorted(REGISTRY.values(), key=lambda method: (method.rank, method.name))

