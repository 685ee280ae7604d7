"""Uploads read in a child process: the same proposals, periods and errors as reading in the server, and a
French refusal (the server unharmed) when the child runs out of memory or time."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from evaluation.domain.actuals import ActualSource
from evaluation.exchange.actuals import read_actuals
from evaluation.exchange.errors import InvalidFileError
from evaluation.exchange.files import dump_proposals, parse_proposals
from evaluation.exchange.isolated import ChildLimits, parse_proposals_isolated, read_actuals_isolated

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "data" / "templates" / "dossiers-exemple.yaml"
USAGE = ROOT / "tests" / "fixtures" / "actuals" / "openai_usage_pages.json"


def test_proposals_read_in_a_child_equal_those_read_here() -> None:
    data = SAMPLE.read_bytes()
    assert parse_proposals_isolated(data, SAMPLE.name) == parse_proposals(data, SAMPLE.name)


def test_a_refused_file_gets_the_same_located_errors_from_the_child() -> None:
    data = SAMPLE.read_text(encoding="utf-8").replace("adoption_rate: 0.8", "adoption_rate: 8", 1).encode()
    with pytest.raises(InvalidFileError) as here:
        parse_proposals(data, "abime.yaml")
    with pytest.raises(InvalidFileError) as there:
        parse_proposals_isolated(data, "abime.yaml")
    assert there.value.errors == here.value.errors and here.value.errors[0].line is not None


def test_actual_usage_read_in_a_child_equals_what_is_read_here() -> None:
    content = USAGE.read_bytes()
    assert read_actuals_isolated(USAGE.name, content) == read_actuals(USAGE.name, content)
    assert read_actuals_isolated(USAGE.name, content, ActualSource.OPENAI).source is ActualSource.OPENAI


def test_a_child_out_of_memory_is_a_french_refusal_and_this_process_goes_on() -> None:
    (proposal, *_) = parse_proposals(SAMPLE.read_bytes(), SAMPLE.name)
    many = dump_proposals([proposal.model_copy(update={"id": f"dossier-{n}"}) for n in range(1500)], "json")
    assert len(many) > 4 * 2**20
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InvalidFileError) as refused:  # the child, already bigger than that, cannot grow
        parse_proposals_isolated(many, "beaucoup.json", limits=ChildLimits(memory_bytes=64 * 2**20))
    (error,) = refused.value.errors
    assert error.file == "beaucoup.json"
    assert error.message.startswith("le fichier n'a pas pu être lu : sa lecture a dépassé la mémoire")
    assert "rien n'a été enregistré" in error.message
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB: nothing read here
    assert parse_proposals_isolated(SAMPLE.read_bytes(), SAMPLE.name)  # and the next upload is read


def test_a_child_over_its_time_is_stopped_and_refused_in_french() -> None:
    with pytest.raises(InvalidFileError, match="sa lecture a dépassé 0.05 secondes"):
        parse_proposals_isolated(SAMPLE.read_bytes(), SAMPLE.name, limits=ChildLimits(wall_seconds=0.05))
