"""What the two EcoLogits methods share: per-request impacts of a few groups spread over their rows.

EcoLogits is called once per group of rows with the same model, zone and datacenter (ecologits_calls.py
keeps each result affine in output tokens); every row then takes its group's figures for its own
token count, times its requests per year. Registers no method.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from evaluation.footprint import ecologits_calls as bridge
from evaluation.footprint.codes import NO_EMBODIED
from evaluation.footprint.methods import Inference, Key, Part
from evaluation.footprint.options import BoolArray, IntArray, ObjectArray, Options, map_unique
from evaluation.footprint.reference import method
from evaluation.table.columns import FOOTPRINT_CRITERIA

# EcoLogits' per-request fields (bridge.FIELDS) onto the criteria axis.
_C = {criterion: index for index, criterion in enumerate(FOOTPRINT_CRITERIA)}
_USAGE_FIELDS = [bridge.FIELDS.index(f"usage.{criterion}") for criterion in FOOTPRINT_CRITERIA]
_EMBODIED_CRITERIA = [criterion for criterion in FOOTPRINT_CRITERIA if criterion not in NO_EMBODIED]
_EMBODIED_FIELDS = [bridge.FIELDS.index(f"embodied.{criterion}") for criterion in _EMBODIED_CRITERIA]
_EMBODIED_INDEX = [_C[criterion] for criterion in _EMBODIED_CRITERIA]


def provider_zones(options: Options, rows: IntArray) -> ObjectArray:
    """The provider's datacenter country, as EcoLogits takes it when no zone is given (else the
    fallback zone of data/footprint_method.yaml)."""
    fallback = method().fallback_zone
    return map_unique(options.provider[rows], lambda provider: bridge.provider_default_zone(provider) or fallback)


def _group_flags(ids: IntArray, codes: Sequence[tuple[str, ...]]) -> dict[str, BoolArray]:
    """Each code's flag on the rows of the groups that carry it."""
    per_group: dict[str, BoolArray] = {}
    for group, group_codes in enumerate(codes):
        for code in group_codes:
            per_group.setdefault(code, np.zeros(len(codes), dtype=bool))[group] = True
    return {code: flags[ids] for code, flags in per_group.items()}


def inference_part(options: Options, rows: IntArray, ids: IntArray, keys: list[Key],
                   results: Sequence[bridge.PerRequest], *, codes: Sequence[tuple[str, ...]],
                   sizes: Sequence[tuple[float, float]], idle_capacity: bool = False) -> Part:
    """The Part of rows whose group `ids[i]` has EcoLogits' result `results[ids[i]]`, its extra warning
    `codes` and its model's active parameters `sizes` (billions, min-max)."""
    intercept = np.stack([result.intercept for result in results])
    slope = np.stack([result.slope for result in results])
    inference = intercept[ids] + slope[ids] * options.tokens[rows, None, None]
    usage = inference[:, _USAGE_FIELDS, :]                                 # (rows, criteria, 2)
    embodied = np.zeros_like(usage)
    embodied[:, _EMBODIED_INDEX, :] = inference[:, _EMBODIED_FIELDS, :]
    requests = options.requests[rows]
    ok = np.array([result.estimated for result in results], dtype=bool)
    warnings = _group_flags(ids, [(*result.errors, *result.codes, *extra)
                                  for result, extra in zip(results, codes, strict=True)])
    for code, flags in (("no-requests", requests <= 0), ("compute-added", options.has_compute[rows])):
        warnings[code] = warnings[code] | flags if code in warnings else flags
    everywhere = np.ones(len(rows), dtype=bool)
    uncovered = {"input-tokens": everywhere, "pretraining": everywhere}
    if idle_capacity:
        uncovered["idle-capacity"] = everywhere
    return Part(
        usage=usage * requests[:, None, None], embodied=embodied * requests[:, None, None],
        per_request=usage + embodied, failed=~ok[ids], warnings=warnings, uncovered=uncovered,
        inference=Inference(group=ids, keys=keys, active_b=np.array(sizes, dtype=np.float64).reshape(-1, 2)[ids]))
