"""format.md's `footprint` object, read column by column from the `fp.*` columns (add_footprint)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
import pandas as pd

from evaluation.table.columns import (
    FOOTPRINT_CRITERIA,
    FOOTPRINT_PARTS,
    FP_BEST_ALTERNATIVE_GWP_SAVING,
    FP_ECOLOGITS_VERSION,
    FP_ESTIMATED,
    FP_METHOD,
    FP_REQUESTS,
    FP_UNCOVERED_PHASES,
    FP_WARNINGS,
    FP_ZONE,
    footprint_range,
)
from evaluation.table.read import (
    json_lists,
    json_numbers,
    json_texts,
    list_values,
    number_values,
    object_values,
    row_frame,
)


def _criteria_objects(frame: pd.DataFrame, part: str) -> list[dict[str, Any]]:
    """{criterion: {min, max}} of every row for one part (per_request, annual...)."""
    per_criterion: list[list[Any]] = []
    for criterion in FOOTPRINT_CRITERIA:
        low, high = footprint_range(part, criterion)
        per_criterion.append([{"min": a, "max": b} for a, b in zip(
            number_values(frame, low), number_values(frame, high), strict=True)])
    return [dict(zip(FOOTPRINT_CRITERIA, values, strict=True)) for values in zip(*per_criterion, strict=True)]


def _pair_fragments(frame: pd.DataFrame, part: str, requests: list[Any] | None) -> list[bytes]:
    """The compact JSON of one part of every row, `{criterion: [min, max]}` (`requests` first when given),
    written from the columns with one template, without a Python object per range."""
    template = b"{" + (b'"requests":%s,' if requests is not None else b"") + b",".join(
        b'"%s":[%%s,%%s]' % criterion.encode() for criterion in FOOTPRINT_CRITERIA) + b"}"
    pieces = [] if requests is None else [orjson.dumps(requests)[1:-1].split(b",") if requests else []]
    for criterion in FOOTPRINT_CRITERIA:
        pieces.extend(json_numbers(frame, column) for column in footprint_range(part, criterion))
    return [template % row for row in zip(*pieces, strict=True)]


def footprint_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The `footprint` object of every row (null figures where not estimable)."""
    requests = _requests(frame)
    warnings, uncovered = list_values(frame, FP_WARNINGS), list_values(frame, FP_UNCOVERED_PHASES)
    parts = {part: _criteria_objects(frame, part) for part in FOOTPRINT_PARTS}
    return [
        {
            "per_request": per_request,
            "annual": {"requests": count, **annual},
            "annual_usage": usage,
            "annual_embodied": embodied,
            "method": {"name": method, "ecologits": version, "zone": zone if isinstance(zone, str) else None},
            "estimated": is_estimated,
            "warnings": warning,
            "uncovered_phases": phases,
            "best_alternative_gwp_saving": best,
        }
        for per_request, annual, usage, embodied, count, method, version, zone, is_estimated, warning, phases, best
        in zip(parts["per_request"], parts["annual"], parts["annual_usage"], parts["annual_embodied"], requests,
               object_values(frame, FP_METHOD), object_values(frame, FP_ECOLOGITS_VERSION),
               object_values(frame, FP_ZONE), _estimated(frame), warnings, uncovered,
               number_values(frame, FP_BEST_ALTERNATIVE_GWP_SAVING), strict=True)
    ]


def footprint_fragments(frame: pd.DataFrame) -> list[bytes]:
    """The command line's compact `footprint` object of every row already written as JSON, from the columns
    by one template (each min-max range as `[min, max]`): the same figures as footprint_records, to the
    last digit, without a Python object per range."""
    template = (b'{"per_request":%s,"annual":%s,"annual_usage":%s,"annual_embodied":%s,"method":{"name":%s,'
                b'"ecologits":%s,"zone":%s},"estimated":%s,"warnings":%s,"uncovered_phases":%s,'
                b'"best_alternative_gwp_saving":%s}')
    requests = _requests(frame)
    pieces: list[list[bytes]] = [_pair_fragments(frame, part, requests if part == "annual" else None)
                                 for part in FOOTPRINT_PARTS]
    pieces += [json_texts(object_values(frame, FP_METHOD)), json_texts(object_values(frame, FP_ECOLOGITS_VERSION)),
               json_texts([zone if isinstance(zone, str) else None for zone in object_values(frame, FP_ZONE)]),
               [b"true" if flag else b"false" for flag in _estimated(frame)],
               json_lists(list_values(frame, FP_WARNINGS)), json_lists(list_values(frame, FP_UNCOVERED_PHASES)),
               json_numbers(frame, FP_BEST_ALTERNATIVE_GWP_SAVING)]
    return [template % row for row in zip(*pieces, strict=True)]


def _requests(frame: pd.DataFrame) -> list[int | float | None]:
    return [None if value is None else (int(value) if value.is_integer() else value)
            for value in number_values(frame, FP_REQUESTS)]


def _estimated(frame: pd.DataFrame) -> list[bool]:
    return ([bool(value) for value in object_values(frame, FP_ESTIMATED)]
            if FP_ESTIMATED in frame else [False] * len(frame))


def footprint_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """format.md's footprint object of one evaluated option (null where not estimable)."""
    return footprint_records(row_frame(row))[0]
