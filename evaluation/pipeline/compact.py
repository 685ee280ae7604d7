"""The command line's compact records (docs/format.md), each already written as JSON.

The same figures as evaluation_records, to the last digit, in the compact form: each footprint range as
`[min, max]`, the checklist as rule ids grouped by status (`checklist`) with the message codes that are
not the status alone (`checklist_codes`); the rule texts and sources are given once by
`python -m evaluation rules`. Each part is written from the table's columns by its step's template
(orjson once per column, no Python object per figure), then each record by one template.
"""

from __future__ import annotations

import orjson
import pandas as pd

from evaluation.checklist.record import compact_checklists, verdicts
from evaluation.finance.record import finance_fragments
from evaluation.footprint.record import footprint_fragments
from evaluation.matrix.record import matrix_fragments
from evaluation.pipeline.evaluate import Context
from evaluation.table.columns import OPTION_KIND, OPTION_NAME, PROPOSAL_ID
from evaluation.table.read import json_texts, object_values

_RECORD = (b'{"proposal":%s,"option":%s,"kind":%s,"evaluated_on":%s,"footprint":%s,"finance":%s,"matrix":%s,'
           b'"checklist":%s,"checklist_codes":%s,"verdict":%s}')


def compact_json_records(frame: pd.DataFrame, context: Context) -> list[bytes]:
    """The compact JSON object of every evaluated option (one `bytes` each, in the table's order)."""
    evaluated_on = orjson.dumps(context.evaluation_date.isoformat())
    # Options with the same checklist share its JSON, written once (a few hundred for thousands of options).
    written: dict[int, tuple[bytes, bytes]] = {}
    checklists = [written.get(id(pair)) or written.setdefault(id(pair), (orjson.dumps(pair[0]), orjson.dumps(pair[1])))
                  for pair in compact_checklists(frame, context.rules)]
    return [
        _RECORD % (proposal, option, kind, evaluated_on, footprint, finance, matrix, checklist, codes, verdict)
        for proposal, option, kind, footprint, finance, matrix, (checklist, codes), verdict in zip(
            json_texts(object_values(frame, PROPOSAL_ID)), [orjson.dumps(name) for name in object_values(frame, OPTION_NAME)],
            json_texts(object_values(frame, OPTION_KIND)), footprint_fragments(frame), finance_fragments(frame),
            matrix_fragments(frame), checklists, json_texts(verdicts(frame)), strict=True)
    ]
