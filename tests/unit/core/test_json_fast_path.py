"""JSON reading: orjson first, the checked reader when orjson's reading cannot be proved the same. Either
way, the same data or the same French refusal at the same line and column as the checked reader alone."""

from __future__ import annotations

import json

import orjson
import pytest

from evaluation.cli.synthetic import synthetic_documents
from evaluation.exchange.json_text import JsonRefused, _checked_json, _plain_value, parse_json

TEXTS = [
    '{"a": 1, "b": {"c": [1, 2.5, -0, -0.0, 1e-7, "x"]}}',
    '{"a":1,"a":2}',
    '{"b":{"a":1,"a":2}}',
    '{"a" :1,"a":2}',  # a blank before a colon: one `":` fewer in the text
    '{"a"\n\t :1,"a":2}',
    '{"a":":","a":1}',  # a string opening on a colon: one `":` more, hiding the duplicate
    '{"a":[":"],"a":1}',
    '{"a":{":":1},"a":1}',
    '{"a":"x\\":","a":1}',  # an escaped quote before a colon
    '{"a:":1,"a:":2}',
    '{"a":123456789012345678901234567890}',  # beyond 64 bits: an integer, not orjson's float
    '{"a":12345678901234567890.5}',
    '{"a":0.' + "0" * 120 + "1}",
    '{"a":1e400}',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":"\\ud800"}',
    '{"a":"\\ud83d\\ude00"}',
    "[" * 64 + "]" * 64,
    "[" * 65 + "]" * 65,
    '{"a":' * 70 + "1" + "}" * 70,
    '{"a":1,}',
    '{"a":1} x',
    "",
    '"texte"',
    "12",
]


def _outcome(read: object, text: str) -> object:
    try:
        return ("value", read(text))  # type: ignore[operator]
    except JsonRefused as exc:
        return ("refused", exc.problem, exc.line, exc.column)


@pytest.mark.parametrize("text", TEXTS)
def test_the_fast_reading_is_the_checked_one(text: str) -> None:
    assert _outcome(parse_json, text) == _outcome(_checked_json, text)


def test_a_duplicate_hidden_by_a_colon_string_is_still_refused() -> None:
    with pytest.raises(JsonRefused, match="en double"):
        parse_json('{"proposals": [{"id": ":", "id": "b"}]}')


@pytest.mark.parametrize("indent", [None, 2])
def test_a_plain_proposals_file_takes_the_fast_path(indent: int | None) -> None:
    """orjson's and json.dumps' own output (compact or indented, accents kept or escaped) are plain."""
    document = {"proposals": synthetic_documents(60, seed=3)}
    texts = [orjson.dumps(document, option=orjson.OPT_INDENT_2 if indent else 0).decode(),
             json.dumps(document, indent=indent, ensure_ascii=False), json.dumps(document, indent=indent)]
    for text in texts:
        data = text.encode()
        assert _plain_value(data, orjson.loads(data))
        assert parse_json(text) == _checked_json(text) == document
