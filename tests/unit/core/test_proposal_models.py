"""The exchange format's models: what they accept, what they refuse and how they say it."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from evaluation.domain.governance import Assessment, DecisionRole, Governance
from evaluation.domain.option import Option, OptionKind
from evaluation.domain.proposal import Category, Proposal, ProposalFile
from evaluation.exchange.error_messages import error_message
from evaluation.exchange.schema import proposal_file_schema

MINIMAL: dict[str, Any] = {
    "id": "tri-courriels",
    "title": "Tri du courrier électronique",
    "options": [
        {"name": "Règles de messagerie", "kind": "non_ai"},
        {"name": "Classement par API", "kind": "genai_api", "provider": "mistralai", "model": "mistral-small-latest"},
    ],
}


def _messages(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as info:
        Proposal.model_validate(data)
    return [(tuple(err["loc"]), error_message(err)) for err in info.value.errors(include_url=False)]


def test_a_minimal_proposal_gets_every_default() -> None:
    proposal = Proposal.model_validate(MINIMAL)
    assert proposal.category is Category.AUTRE
    assert proposal.horizon_years is None
    assert proposal.governance.dpia is Assessment.NONE
    assert proposal.governance.decision_role is DecisionRole.NONE
    assert proposal.options[0].usage.days_per_year == 210
    assert proposal.options[1].benefits.adoption_rate == 1.0
    assert proposal.has_non_ai_option()


def test_missing_governance_booleans_are_false() -> None:
    governance = Governance.model_validate({"personal_data": True})
    assert governance.personal_data is True
    assert governance.sensitive_data is False
    assert governance.ai_disclosure is False


def test_format_example_loads_with_every_kind_it_shows(format_example: list[Proposal]) -> None:
    kinds = [option.kind for option in format_example[0].options]
    assert kinds == [OptionKind.NON_AI, OptionKind.GENAI_API, OptionKind.GENAI_SELF_HOSTED, OptionKind.VISION]
    vision = format_example[0].options[3]
    assert vision.compute is not None and vision.compute.gpu_power_w == 70
    assert vision.training is not None and vision.training.runs_per_year == 2


def test_an_unknown_field_is_refused_and_named() -> None:
    data = copy.deepcopy(MINIMAL)
    data["colour"] = "bleu"
    assert _messages(data) == [(("colour",), "champ inconnu (vérifiez son orthographe dans le format d'échange)")]


def test_a_negative_volume_is_refused_with_the_bound_and_the_value() -> None:
    data = copy.deepcopy(MINIMAL)
    data["options"][1]["usage"] = {"users": -4}
    [(loc, message)] = _messages(data)
    assert loc == ("options", 1, "usage", "users")
    assert message == "doit être supérieur ou égal à 0 (valeur reçue : -4)"


def test_an_adoption_rate_above_one_is_refused() -> None:
    data = copy.deepcopy(MINIMAL)
    data["options"][1]["benefits"] = {"adoption_rate": 1.5}
    [(_, message)] = _messages(data)
    assert message == "doit être inférieur ou égal à 1 (valeur reçue : 1,5)"


def test_an_unknown_kind_lists_the_possible_values_in_french() -> None:
    data = copy.deepcopy(MINIMAL)
    data["options"][1]["kind"] = "llm"
    [(loc, message)] = _messages(data)
    assert loc == ("options", 1, "kind")
    assert message.startswith("valeur « llm » non reconnue ; valeurs possibles : 'non_ai'")
    assert " ou 'rules'" in message


def test_a_generative_option_needs_a_model_and_a_provider() -> None:
    data = copy.deepcopy(MINIMAL)
    del data["options"][1]["model"]
    [(_, message)] = _messages(data)
    assert message == "le champ « model » est obligatoire pour une option d'IA générative"
    data = copy.deepcopy(MINIMAL)
    del data["options"][1]["provider"]
    [(_, message)] = _messages(data)
    assert message == "le champ « provider » est obligatoire pour une option genai_api"


def test_a_self_hosted_model_needs_no_provider() -> None:
    option = Option.model_validate({"name": "Local", "kind": "genai_self_hosted", "model": "meta-llama/Llama-3.1-8B"})
    assert option.provider is None


def test_an_id_must_be_a_slug() -> None:
    data = copy.deepcopy(MINIMAL)
    data["id"] = "Tri Courriels"
    [(loc, message)] = _messages(data)
    assert loc == ("id",)
    assert message.startswith("doit contenir uniquement des minuscules sans accent")


def test_a_zone_must_be_three_capital_letters() -> None:
    data = copy.deepcopy(MINIMAL)
    data["options"][1]["zone"] = "fr"
    [(_, message)] = _messages(data)
    assert "trois lettres majuscules" in message


def test_two_options_cannot_share_a_name() -> None:
    data = copy.deepcopy(MINIMAL)
    data["options"][1]["name"] = data["options"][0]["name"]
    [(_, message)] = _messages(data)
    assert message == "deux options portent le même nom « Règles de messagerie »"


def test_a_proposal_without_any_ai_or_automation_option_is_refused() -> None:
    data = copy.deepcopy(MINIMAL)
    data["options"] = [data["options"][0]]
    [(_, message)] = _messages(data)
    assert message == "le dossier doit comporter au moins une option avec IA ou automatisation"


def test_a_proposal_needs_options() -> None:
    data = copy.deepcopy(MINIMAL)
    data["options"] = []
    [(loc, message)] = _messages(data)
    assert loc == ("options",)
    assert message == "doit contenir au moins 1 élément(s)"


def test_two_proposals_cannot_share_an_id() -> None:
    with pytest.raises(ValidationError) as info:
        ProposalFile.model_validate({"proposals": [MINIMAL, MINIMAL]})
    assert "l'identifiant « tri-courriels » apparaît deux fois" in str(info.value)


def test_schema_documents_every_field_in_french_and_english() -> None:
    schema = proposal_file_schema()
    missing = []
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            if not spec.get("title") or not spec.get("title_en"):
                missing.append(f"{name}.{field}")
    assert missing == []
    assert schema["$defs"]["Option"]["properties"]["kind"]


def test_the_published_format_documentation_is_up_to_date() -> None:
    from evaluation.pipeline.format_doc import format_documentation
    from evaluation.resources import ROOT

    assert (ROOT / "docs" / "format.md").read_text(encoding="utf-8") == format_documentation(), (
        "docs/format.md is stale: run `python -m evaluation schema --markdown > docs/format.md`"
    )
