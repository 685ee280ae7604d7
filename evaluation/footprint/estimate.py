"""The footprint of every option of an options table, on whole columns, by the registered methods.

Each method of footprint/methods/ estimates the options it covers (EcoLogits for generative options,
evaluated once per distinct provider/model/zone; Green Algorithms for declared compute and training).
Their annual figures add up; an option's method, zone default and per-request figures are those of
the covering method of lowest rank. Results are arrays option x criterion x (min, max).

Per-request figures are the inference's (EcoLogits) for generative options; for the others, the
declared compute's annual footprint divided by the requests per year. Training is in the annual
figures only. An option that cannot be estimated has NaN figures and its reason in the warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from evaluation.domain.settings import Settings
from evaluation.footprint.codes import NO_EMBODIED, UNCOVERED_PHASE_CODES, WARNING_CODES
from evaluation.footprint.methods import FootprintMethod, Key, Part, registered_methods
from evaluation.footprint.options import BoolArray, FloatArray, IntArray, ObjectArray, Options
from evaluation.footprint.reference import method
from evaluation.table.columns import FOOTPRINT_CRITERIA

NO_METHOD = "none"
_NO_EMBODIED_INDEX = [FOOTPRINT_CRITERIA.index(criterion) for criterion in NO_EMBODIED]
# Phases no method covers, named on every option (embodied water: on every estimated one).
_NEVER_COVERED = ("data-storage", "network", "end-user-devices")


@dataclass
class Estimate:
    """Footprint arrays of n options; annual figures are per year, per-request per request."""

    requests: FloatArray                   # (n,) requests per year
    tokens: FloatArray                     # (n,) output tokens per request
    per_request: FloatArray                # (n, criteria, 2) usage + embodied
    inference_per_request: FloatArray      # (n, criteria, 2) EcoLogits' part, NaN for other kinds
    usage: FloatArray                      # (n, criteria, 2) annual, usage phase
    embodied: FloatArray                   # (n, criteria, 2) annual, embodied phase (NaN: none)
    estimated: BoolArray                   # (n,)
    zone: ObjectArray                      # (n,) zone used (str or None)
    method: ObjectArray                    # (n,) method code
    active_b: FloatArray                   # (n, 2) active parameters of a generative model (billions)
    kind: ObjectArray                      # (n,) option kind
    provider: ObjectArray                  # (n,) provider (str or None)
    model: ObjectArray                     # (n,) model (str or None)
    # rows evaluated by EcoLogits share a group per distinct model, zone and datacenter: its id per
    # row (-1 elsewhere) and its (kind, provider, model, zone, pue) key
    inference_group: npt.NDArray[np.intp] = field(default_factory=lambda: np.empty(0, dtype=np.intp))
    inference_keys: list[Key] = field(default_factory=list)
    warnings: dict[str, BoolArray] = field(default_factory=dict)
    uncovered: dict[str, BoolArray] = field(default_factory=dict)

    @property
    def annual(self) -> FloatArray:
        """Annual usage + embodied (embodied NaN counts as 0 where usage is known)."""
        total: FloatArray = self.usage + np.nan_to_num(self.embodied, nan=0.0)
        return total

    def codes(self, flags: dict[str, BoolArray], order: Sequence[str]) -> ObjectArray:
        """One tuple of codes per option, in `order`, from boolean flags (computed per distinct pattern)."""
        n = len(self.requests)
        bits = np.zeros(n, dtype=np.int64)
        present = [code for code in order if code in flags] + sorted(set(flags) - set(order))
        for position, code in enumerate(present):
            bits |= flags[code].astype(np.int64) << position
        patterns, inverse = np.unique(bits, return_inverse=True)
        tuples = np.empty(len(patterns), dtype=object)
        for index, pattern in enumerate(patterns):
            tuples[index] = tuple(code for position, code in enumerate(present) if pattern >> position & 1)
        result: ObjectArray = tuples[inverse.reshape(-1)] if n else np.empty(0, dtype=object)
        return result


class _Sum:
    """The parts of every method added up, option by option."""

    def __init__(self, n: int) -> None:
        shape = (n, len(FOOTPRINT_CRITERIA), 2)
        self.usage = np.zeros(shape)
        self.embodied = np.zeros(shape)
        self.per_request = np.zeros(shape)             # 0 where no method names the option
        self.inference_per_request = np.full(shape, np.nan)
        self.failed = np.zeros(n, dtype=bool)
        self.warnings: dict[str, BoolArray] = {code: np.zeros(n, dtype=bool) for code in WARNING_CODES}
        self.uncovered: dict[str, BoolArray] = {code: np.zeros(n, dtype=bool) for code in UNCOVERED_PHASE_CODES}
        self.group = np.full(n, -1, dtype=np.intp)
        self.keys: list[Key] = []
        self.active_b = np.full((n, 2), np.nan)

    def add(self, rows: IntArray, part: Part, names: BoolArray) -> None:
        """A method's part on its rows; `names` marks the rows it names."""
        self.usage[rows] += part.usage
        self.embodied[rows] += part.embodied
        self.per_request[rows[names]] = part.per_request[names]
        self.failed[rows] |= part.failed
        for flags, added in ((self.warnings, part.warnings), (self.uncovered, part.uncovered)):
            for code, values in added.items():
                flags.setdefault(code, np.zeros(len(self.failed), dtype=bool))[rows] |= values
        if part.inference is not None:
            self.group[rows] = part.inference.group + len(self.keys)
            self.keys.extend(part.inference.keys)
            self.active_b[rows] = part.inference.active_b
            self.inference_per_request[rows] = part.per_request


def _zones(options: Options, methods: Sequence[FootprintMethod], named_by: IntArray) -> tuple[ObjectArray, BoolArray]:
    """The zone used by each option: the one it states, else its method's default zone (else the
    fallback zone); None for an option no method covers and stating none. And whether it was stated."""
    stated_zone = options.stated_zone
    stated = pd.Series(stated_zone, dtype=object).notna().to_numpy(dtype=bool)
    zone = stated_zone.astype(object)
    for index, footprint_method in enumerate(methods):
        rows = np.flatnonzero((named_by == index) & ~stated)
        if len(rows):
            default = footprint_method.default_zone
            zone[rows] = method().fallback_zone if default is None else default(options, rows)
    return zone, stated


def estimate(frame: pd.DataFrame, settings: Settings) -> Estimate:
    """Footprint of every option of the table (no Python loop per option: per distinct value)."""
    options = Options(frame, settings)
    methods = registered_methods()
    covered = [np.flatnonzero(footprint_method.covers(options)) for footprint_method in methods]
    named_by = np.full(options.n, -1, dtype=np.intp)        # position in `methods` of the naming one
    for index, rows in reversed(list(enumerate(covered))):
        named_by[rows] = index
    zone, stated = _zones(options, methods, named_by)
    total = _Sum(options.n)
    for index, (footprint_method, rows) in enumerate(zip(methods, covered, strict=True)):
        if len(rows):
            total.add(rows, footprint_method.estimate(options, rows, zone[rows]), named_by[rows] == index)
    return _estimate_of(options, total, zone, stated, named_by, [m.name for m in methods])


def _estimate_of(options: Options, total: _Sum, zone: ObjectArray, stated: BoolArray, named_by: IntArray,
                 names: list[str]) -> Estimate:
    """The Estimate of the summed parts: NaN figures where not estimated, phases and codes every
    method shares."""
    estimated = ~total.failed
    has_method = named_by >= 0
    total.per_request[(options.requests <= 0) | ~estimated] = np.nan
    total.usage[~estimated] = np.nan
    total.embodied[~estimated] = np.nan
    total.embodied[:, _NO_EMBODIED_INDEX, :] = np.nan
    total.inference_per_request[~estimated] = np.nan
    total.warnings["zone-not-stated"] = has_method & ~stated
    for code in _NEVER_COVERED:
        total.uncovered[code] = np.ones(options.n, dtype=bool)
    total.uncovered["embodied-water"] = has_method.copy()
    method_names = np.array([*names, NO_METHOD], dtype=object)
    return Estimate(
        requests=options.requests, tokens=options.tokens, per_request=total.per_request,
        inference_per_request=total.inference_per_request, usage=total.usage, embodied=total.embodied,
        estimated=estimated, zone=zone, method=method_names[named_by], active_b=total.active_b,
        kind=options.kind, provider=options.provider, model=options.model, inference_group=total.group,
        inference_keys=total.keys, warnings=total.warnings, uncovered=total.uncovered,
    )
