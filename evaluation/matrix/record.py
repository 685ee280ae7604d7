"""format.md's `matrix` object, read column by column from the `mx.*` columns (add_matrix)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
import pandas as pd
from pydantic import BaseModel, ConfigDict

from evaluation.table.columns import (
    MX_COST,
    MX_MATRIX,
    MX_QUADRANT,
    MX_RANK,
    MX_SKIPPED,
    MX_VALUE,
    scored_criterion_id,
)
from evaluation.table.read import json_numbers, json_texts, list_values, number_values, object_values, row_frame


class MatrixRecord(BaseModel):
    """The `matrix` object of an evaluation (format.md), scores 0-4."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float | None
    cost: float | None
    quadrant: str | None
    matrix: str
    rank: int | None
    criteria: dict[str, float | None]
    skipped: list[str]


def matrix_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The `matrix` object of every row: value and cost scores, quadrant, rank, criteria."""
    scores = {criterion: number_values(frame, column) for column in frame.columns
              if (criterion := scored_criterion_id(str(column))) is not None}
    value, cost = number_values(frame, MX_VALUE), number_values(frame, MX_COST)
    rank = [None if position is None else int(position) for position in number_values(frame, MX_RANK)]
    quadrant, matrix = object_values(frame, MX_QUADRANT), object_values(frame, MX_MATRIX)
    skipped = list_values(frame, MX_SKIPPED)
    names = list(scores)
    return [
        {"value": v, "cost": c, "quadrant": q, "matrix": str(m), "rank": r,
         "criteria": dict(zip(names, criteria, strict=True)), "skipped": s}
        for v, c, q, m, r, criteria, s in zip(value, cost, quadrant, matrix, rank,
                                              zip(*scores.values(), strict=True) if scores else [()] * len(frame),
                                              skipped, strict=True)
    ]


def matrix_fragments(frame: pd.DataFrame) -> list[bytes]:
    """matrix_records' objects already written as JSON (the command line's compact output), from the columns by one
    template: the same text orjson writes for those records."""
    names = [criterion for column in frame.columns if (criterion := scored_criterion_id(str(column))) is not None]
    template = (b'{"value":%s,"cost":%s,"quadrant":%s,"matrix":%s,"rank":%s,"criteria":{'
                + b",".join(b'"%s":%%s' % name.encode() for name in names) + b'},"skipped":%s}')
    ranks = [None if position is None else int(position) for position in number_values(frame, MX_RANK)]
    skipped = [tuple(values) for values in list_values(frame, MX_SKIPPED)]
    written: dict[tuple[Any, ...], bytes] = {}
    pieces = [json_numbers(frame, MX_VALUE), json_numbers(frame, MX_COST), json_texts(object_values(frame, MX_QUADRANT)),
              json_texts([str(matrix) for matrix in object_values(frame, MX_MATRIX)]),
              orjson.dumps(ranks)[1:-1].split(b",") if ranks else [],
              *(json_numbers(frame, column) for column in frame.columns if scored_criterion_id(str(column)) is not None),
              [written.get(ids) or written.setdefault(ids, orjson.dumps(list(ids))) for ids in skipped]]
    return [template % row for row in zip(*pieces, strict=True)]


def matrix_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """format.md's `matrix` object for one row of a table that went through add_matrix."""
    return MatrixRecord.model_validate(matrix_records(row_frame(row))[0]).model_dump()
