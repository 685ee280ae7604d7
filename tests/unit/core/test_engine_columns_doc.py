"""docs/engine-columns.md is generated from evaluation/table/columns.py, which names every column the
engine produces, with the right kind."""

from __future__ import annotations

import copy
import pickle

import pandas as pd
import pytest

from evaluation.checklist import Group, load_rules
from evaluation.domain.settings import Settings
from evaluation.exchange.files import load_proposals
from evaluation.exchange.flat import all_columns
from evaluation.matrix.model import RESERVED_IDS
from evaluation.pipeline.evaluate import build_context, evaluate_frame
from evaluation.resources import ROOT
from evaluation.table import columns as names
from evaluation.table.build import options_frame
from evaluation.table.column_spec import Column, Kind
from tests.conftest import SAMPLE_PORTFOLIO

COMMAND = "python -m evaluation.table.columns > docs/engine-columns.md"


@pytest.fixture(scope="module")
def evaluated(settings: Settings) -> pd.DataFrame:
    return evaluate_frame(options_frame(load_proposals(SAMPLE_PORTFOLIO), settings), build_context(settings))


def _documented_names() -> set[str]:
    return {str(column) for section in names.SECTIONS for column in section.columns}


def _family_of(name: str) -> str | None:
    """The family a column name belongs to (its documented pattern), None when it belongs to none."""
    for section in names.SECTIONS:
        for family in section.families:
            if family.match(name) is not None or name in family.columns:
                return family.name
    return None


def test_the_columns_documentation_is_up_to_date() -> None:
    assert (ROOT / "docs" / "engine-columns.md").read_text(encoding="utf-8") == names.columns_markdown(), (
        f"docs/engine-columns.md is stale: run `{COMMAND}`"
    )


def test_every_column_the_engine_produces_is_documented(evaluated: pd.DataFrame) -> None:
    documented = _documented_names()
    undocumented = [column for column in evaluated.columns
                    if column not in documented and _family_of(str(column)) is None]
    assert undocumented == []


def test_every_documented_column_known_in_advance_is_produced(evaluated: pd.DataFrame) -> None:
    assert sorted(_documented_names() - set(evaluated.columns)) == []


def test_the_steps_add_their_columns_in_the_documented_order(evaluated: pd.DataFrame) -> None:
    produced = list(evaluated.columns)
    for section in names.SECTIONS:
        fixed = [str(column) for column in section.columns]
        assert [column for column in produced if column in set(fixed)] == fixed, section.title


def _holds(kind: Kind, values: pd.Series) -> bool:
    """Whether a column's dtype and values are of the documented kind."""
    present = values.dropna().tolist()
    if kind == "str":
        return values.dtype == object and all(isinstance(value, str) for value in present)
    if kind == "tuple":
        return values.dtype == object and all(isinstance(value, tuple) for value in present)
    if kind == "category":
        return isinstance(values.dtype, pd.CategoricalDtype) and all(isinstance(value, str) for value in present)
    return str(values.dtype) == kind


def test_every_produced_column_has_its_documented_kind(evaluated: pd.DataFrame) -> None:
    documented = {str(column): column for section in names.SECTIONS for column in section.columns}
    families = {family.name: family for section in names.SECTIONS for family in section.families}
    wrong = []
    for name in evaluated.columns:
        family = _family_of(str(name))
        kind = documented[name].kind if name in documented else families[str(family)].kind
        if not _holds(kind, evaluated[name]):
            wrong.append((name, kind, str(evaluated[name].dtype)))
    assert wrong == []


def test_the_input_columns_are_the_flat_format_s() -> None:
    assert [str(column) for column in names.INPUTS.columns] == all_columns()
    assert names.OPTION_USAGE_USERS.kind == "float64"
    assert names.OPTION_COSTS_ANNUAL_API.unit == "EUR/yr"
    assert names.OPTION_PROVIDER.unit == ""  # "(EcoLogits)" names the catalogue, not a unit
    assert names.governance_column("dpia") == "governance.dpia"
    with pytest.raises(KeyError):
        names.governance_column("unknown")


def test_the_families_build_the_names_the_steps_write() -> None:
    assert names.footprint_figures("per_request")[:2] == ("fp.per_request.energy_kwh.min",
                                                          "fp.per_request.energy_kwh.max")
    assert names.footprint_range("annual", "gwp_kgco2eq") == (names.FP_ANNUAL_GWP_MIN, names.FP_ANNUAL_GWP_MAX)
    assert names.FP_ANNUAL_GWP_MIN == "fp.annual.gwp_kgco2eq.min" and names.FP_ANNUAL_GWP_MIN.unit == "kgCO2e/yr"
    with pytest.raises(ValueError, match="no footprint figure"):
        names.footprint_figure("annual", "gwp", "min")
    rules = load_rules()
    rule = rules.rules[0].id
    assert names.status_rule_id(names.rule_status(rule)) == rule
    assert names.status_rule_id(names.rule_message(rule)) is None
    assert names.rule_status("RG-9.7") == "chk.RG-9.7.status"
    assert names.group_count(Group.AI_ACT, "fail") == "chk.group.ai_act.fail_count"
    assert [group.value for group in Group] == ["numerique_responsable", "ia_frugale", "ai_act",
                                                "transparence_donnees", "souverainete"]  # as documented
    with pytest.raises(ValueError, match="no group count"):
        names.group_count("ai_act", "pass")
    assert names.criterion_score("necessite") == "mx.necessite"
    assert names.scored_criterion_id("mx.necessite") == "necessite"
    assert {str(column)[len("mx."):] for column in names.MATRIX.columns} == RESERVED_IDS
    assert all(names.scored_criterion_id(column) is None for column in names.MATRIX.columns)


def test_a_column_is_its_plain_name_once_pickled_or_copied() -> None:
    for value in (pickle.loads(pickle.dumps(names.FIN_NPV)), copy.deepcopy(names.FIN_NPV)):  # noqa: S301
        assert type(value) is str and value == "fin.npv"
    assert isinstance(names.FIN_NPV, Column) and {"fin.npv": 1}[names.FIN_NPV] == 1
