"""The sample portfolio (data/samples/portfolio.yaml) loads and illustrates what it claims to."""

from __future__ import annotations

import re
from functools import cache

import pytest
from ecologits.electricity_mix_repository import electricity_mixes
from ecologits.model_repository import models

from evaluation.domain.governance import AnnexIII, Assessment, DecisionRole
from evaluation.domain.option import AI_KINDS, GENAI_KINDS, OptionKind
from evaluation.domain.proposal import Category, Proposal
from evaluation.domain.zones import in_eu_eea
from evaluation.exchange.files import dump_proposals, load_proposals, parse_proposals
from evaluation.resources import SAMPLES_DIR

PORTFOLIO = SAMPLES_DIR / "portfolio.yaml"
NO_NON_AI_EXCEPTION = "redaction-falc"
HOUSING = "attribution-logements-sociaux"
TOURISM = "chatbot-touristique-hors-ue"


@cache
def portfolio() -> tuple[Proposal, ...]:
    return tuple(load_proposals(PORTFOLIO))


def by_id(proposal_id: str) -> Proposal:
    matches = [p for p in portfolio() if p.id == proposal_id]
    assert matches, f"{proposal_id} is missing from the sample portfolio"
    return matches[0]


@cache
def ecologits_models() -> frozenset[tuple[str, str]]:
    return frozenset((m.provider.value, m.name) for m in models.list_models())


def test_portfolio_file_loads_through_the_public_loader() -> None:
    assert all(isinstance(p, Proposal) for p in portfolio())


def test_portfolio_holds_at_least_fifteen_proposals() -> None:
    assert len(portfolio()) >= 15


def test_portfolio_spans_at_least_eight_categories() -> None:
    categories = {p.category for p in portfolio()}
    assert len(categories) >= 8, sorted(categories)


def test_every_option_kind_appears_in_the_portfolio() -> None:
    kinds = {o.kind for p in portfolio() for o in p.options}
    assert kinds == set(OptionKind)


def test_every_generative_model_exists_in_ecologits_repository() -> None:
    unknown = [(p.id, o.provider, o.model) for p in portfolio() for o in p.options
               if o.kind in GENAI_KINDS and (o.provider, o.model) not in ecologits_models()]
    assert unknown == []


def test_self_hosted_models_are_hugging_face_models() -> None:
    providers = {o.provider for p in portfolio() for o in p.options if o.kind is OptionKind.GENAI_SELF_HOSTED}
    assert providers == {"huggingface_hub"}


def test_api_options_use_several_providers() -> None:
    providers = {o.provider for p in portfolio() for o in p.options if o.kind is OptionKind.GENAI_API}
    assert {"mistralai", "openai", "anthropic", "google_genai"} <= providers


def test_every_stated_zone_is_an_ecologits_electricity_mix() -> None:
    zones = {o.zone for p in portfolio() for o in p.options if o.zone is not None}
    missing = [z for z in zones if electricity_mixes.find_electricity_mix(z) is None]
    assert missing == []


def test_every_automated_option_states_its_zone() -> None:
    unstated = [(p.id, o.name) for p in portfolio() for o in p.options
                if (o.kind in AI_KINDS or o.kind is OptionKind.RULES) and o.zone is None]
    assert unstated == []


def test_zones_are_mostly_france_with_some_elsewhere() -> None:
    zones = [o.zone for p in portfolio() for o in p.options if o.zone is not None]
    assert zones.count("FRA") > len(zones) / 2
    assert {"EEE", "DEU", "IRL", "SWE", "USA"} <= set(zones)


def test_every_proposal_but_one_has_a_non_ai_option() -> None:
    without = [p.id for p in portfolio() if not p.has_non_ai_option()]
    assert without == [NO_NON_AI_EXCEPTION]


def test_the_exception_gives_no_justification_so_rg_1_1_fails() -> None:
    proposal = by_id(NO_NON_AI_EXCEPTION)
    assert not proposal.has_non_ai_option()
    assert not proposal.governance.no_alternative_justification


def test_social_housing_case_is_an_automated_decision_on_sensitive_self_learning_data() -> None:
    governance = by_id(HOUSING).governance
    assert governance.decision_role is DecisionRole.AUTOMATED
    assert governance.sensitive_data  # ALG-5 fails (blocking)
    assert governance.self_learning  # ALG-4 fails (blocking)
    assert governance.annex_iii is AnnexIII.A5A
    assert governance.fria is Assessment.NONE  # AIA-2 fails
    assert not governance.art6_3_exemption
    assert by_id(HOUSING).category is Category.SOCIAL_SANTE


def test_tourist_chatbot_is_public_personal_undisclosed_and_hosted_outside_the_eu() -> None:
    proposal = by_id(TOURISM)
    governance = proposal.governance
    assert governance.public_facing
    assert governance.personal_data
    assert not governance.ai_disclosure  # AIA-3 fails
    outside = [o for o in proposal.options if o.kind in AI_KINDS and not in_eu_eea(o.zone)]
    assert [o.zone for o in outside] == ["USA"]  # SOV-1 fails


def test_other_proposals_have_no_blocking_governance_answer() -> None:
    must_fail = {HOUSING}
    for proposal in portfolio():
        if proposal.id in must_fail:
            continue
        g = proposal.governance
        assert not g.prohibited_practice, proposal.id
        assert g.decision_role is not DecisionRole.AUTOMATED, proposal.id


def test_several_proposals_answer_the_governance_questions_well() -> None:
    clean = [p.id for p in portfolio() if _looks_clean(p)]
    assert len(clean) >= 8, clean


def _looks_clean(proposal: Proposal) -> bool:
    g = proposal.governance
    ai_zones = [o.zone for o in proposal.options if o.kind in AI_KINDS]
    return (proposal.has_non_ai_option() and g.staff_training and bool(g.snr_objective)
            and g.end_of_life_plan and (not g.personal_data or g.dpia is Assessment.DONE)
            and (not (g.public_facing or g.publishes_generated_content) or g.ai_disclosure)
            and (not g.new_hardware or g.repairability_considered)
            and (not any(o.training for o in proposal.options) or g.training_justified)
            and all(in_eu_eea(z) for z in ai_zones) and g.decision_role is not DecisionRole.AUTOMATED)


@pytest.mark.parametrize("proposal_id", [p.id for p in load_proposals(PORTFOLIO)])
def test_each_proposal_cites_where_its_figures_come_from(proposal_id: str) -> None:
    text = PORTFOLIO.read_text(encoding="utf-8")
    blocks = re.split(r"\n  - id: ", text)
    block = next(b for b in blocks if b.startswith(proposal_id + "\n"))
    assert "# source" in block, proposal_id


@pytest.mark.parametrize("proposal_id", [p.id for p in load_proposals(PORTFOLIO)])
def test_each_proposal_states_a_measured_need_and_its_users(proposal_id: str) -> None:
    proposal = by_id(proposal_id)
    assert re.search(r"\d", proposal.need), "the need should be measured (délai, volume, coût)"
    assert proposal.target_users and proposal.direction and proposal.sponsor


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "xlsx"])
def test_portfolio_round_trips_through_every_exchange_format(fmt: str) -> None:
    data = dump_proposals(portfolio(), fmt)
    assert parse_proposals(data, f"portfolio.{fmt}") == list(portfolio())
