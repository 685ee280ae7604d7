"""The proposal form's draft: paths, options, validation located on fields, widget sync."""

from __future__ import annotations

from typing import Any

import pytest

from evaluation.domain.governance import Governance
from evaluation.domain.option import OptionKind
from evaluation.domain.proposal import Proposal
from ui.forms.drafts import (
    Draft,
    Problem,
    forget_widgets,
    option_path,
    problems_by_path,
    section_of,
    slugify,
    sync_widgets,
    widget_key,
)
from ui.forms.field_specs import field_spec, model_title, normalise
from ui.forms.validation import is_dirty, loaded_draft, problem_label, validate
from ui.views.proposal.sections import GOVERNANCE_GROUPS


def _valid_draft() -> Draft:
    draft = Draft.new()
    draft.set("title", "Assistant de rédaction des courriers")
    first, second = draft.uids()
    draft.set(option_path(first, "name"), "Modèles de courriers")
    draft.set(option_path(second, "name"), "Mistral Small par API")
    draft.set(option_path(second, "provider"), "mistralai")
    draft.set(option_path(second, "model"), "mistral-small-latest")
    return draft


def _validated(draft: Draft) -> tuple[Proposal | None, list[Problem]]:
    validation = validate(draft)
    return validation.proposal, list(validation.problems)


def test_a_new_draft_has_a_non_ai_and_a_genai_option_and_is_not_dirty() -> None:
    draft = Draft.new()
    kinds = [option["kind"] for option in draft.options]
    assert kinds == ["non_ai", "genai_api"]
    assert not is_dirty(draft)
    assert validate(draft).proposal is None  # the empty form's canonical form is its document (Draft.new)
    draft.set("title", "x")
    assert is_dirty(draft)


def test_the_identifier_is_suggested_from_the_title_of_a_new_draft() -> None:
    draft = _valid_draft()
    proposal, problems = _validated(draft)
    assert problems == []
    assert proposal is not None and proposal.id == "assistant-de-redaction-des-courriers"


def test_slugify_drops_accents_and_punctuation() -> None:
    assert slugify("  Élagage : arbres d'alignement (2027) ") == "elagage-arbres-d-alignement-2027"


def test_a_genai_option_without_model_is_reported_on_the_model_field() -> None:
    draft = _valid_draft()
    second = draft.uids()[1]
    draft.set(option_path(second, "model"), "")
    proposal, problems = _validated(draft)
    assert proposal is None
    by_path = problems_by_path(problems)
    assert by_path == {option_path(second, "model"): ["le champ « model » est obligatoire pour une option "
                                                      "d'IA générative"]}
    assert problems[0].section == "options"


def test_an_empty_title_is_reported_in_french_under_the_title() -> None:
    draft = _valid_draft()
    draft.set("title", "   ")
    draft.set("id", "courriers")
    problems = validate(draft).problems
    assert problems_by_path(problems) == {"title": ["ne doit pas être vide"]}
    assert problem_label(draft, problems[0], "fr") == "Intitulé"


def test_a_usage_error_is_located_on_its_option_and_section() -> None:
    draft = _valid_draft()
    second = draft.uids()[1]
    draft.set(option_path(second, "usage.users"), -3)
    problems = validate(draft).problems
    assert [problem.path for problem in problems] == [option_path(second, "usage.users")]
    assert problems[0].section == "usage"
    assert problem_label(draft, problems[0], "fr") == "Option « Mistral Small par API » › Usage prévu › Utilisateurs"


def test_two_options_with_the_same_name_are_reported_on_the_options_list() -> None:
    draft = _valid_draft()
    first, second = draft.uids()
    draft.set(option_path(second, "name"), "Modèles de courriers")
    problems = validate(draft).problems
    assert [(problem.path, problem.section) for problem in problems] == [("options", "options")]
    assert "même nom" in problems[0].message


def test_duplicating_an_option_inserts_a_renamed_copy_after_it() -> None:
    draft = _valid_draft()
    second = draft.uids()[1]
    copy_uid = draft.duplicate_option(second, suffix="(copie)")
    assert draft.uids() == [0, 1, copy_uid]
    assert draft.get(option_path(copy_uid, "name")) == "Mistral Small par API (copie)"
    again = draft.duplicate_option(second, suffix="(copie)")
    assert draft.get(option_path(again, "name")) == "Mistral Small par API (copie) 2"
    assert validate(draft).problems == ()


def test_removing_an_option_keeps_the_others_and_their_uids() -> None:
    draft = _valid_draft()
    first, second = draft.uids()
    draft.remove_option(first)
    assert draft.uids() == [second]
    assert draft.index_of(second) == 0


def test_changing_the_kind_drops_the_fields_that_mean_nothing_for_it() -> None:
    draft = _valid_draft()
    second = draft.uids()[1]
    draft.set(option_path(second, "usage.output_tokens_per_request"), 400)
    draft.set(option_path(second, "usage.users"), 12)
    dropped = draft.change_kind(second, OptionKind.NON_AI)
    assert set(dropped) == {"provider", "model", "usage.output_tokens_per_request"}
    assert draft.get(option_path(second, "usage.users")) == 12
    assert draft.get(option_path(second, "model")) is None


def test_a_loaded_proposal_round_trips_unchanged(format_example: list[Proposal]) -> None:
    for proposal in format_example:
        draft = Draft.from_proposal(proposal, version=3, status="brouillon")
        validated, problems = _validated(draft)
        assert problems == []
        assert validated == proposal
        assert not is_dirty(draft)


def test_a_loaded_draft_carries_its_proposal_as_its_validation(format_example: list[Proposal]) -> None:
    draft = loaded_draft(format_example[0], version=3, status="brouillon")
    assert validate(draft).proposal is format_example[0]
    assert not is_dirty(draft)


def test_a_draft_is_validated_again_only_when_it_changes() -> None:
    draft = _valid_draft()
    first = validate(draft)
    assert validate(draft) is first
    assert first.preview_key == first.preview_key and first.preview is first.proposal
    draft.set("need", "Répondre plus vite aux courriers.")
    second = validate(draft)
    assert second is not first and second.proposal is not None and second.proposal.need.startswith("Répondre")
    draft.remove_option(draft.uids()[0])
    draft.add_option(OptionKind.NON_AI)  # the same document again, with another option uid
    assert validate(draft) is not second


def test_the_preview_uses_the_complete_options_when_the_proposal_is_not() -> None:
    draft = _valid_draft()
    draft.set("title", "")
    draft.set("id", "")
    second = draft.uids()[1]
    draft.set(option_path(second, "model"), None)
    validation = validate(draft)
    assert validation.proposal is None
    assert validation.preview is None  # only the non-AI option is complete: no option to evaluate alone
    draft.set(option_path(second, "model"), "mistral-small-latest")
    preview = validate(draft).preview
    assert preview is not None and [option.name for option in preview.options] == [
        "Modèles de courriers", "Mistral Small par API"]
    assert preview == Proposal.model_validate(preview.model_dump())  # what validating it would give


def test_the_preview_keeps_the_first_of_two_options_with_the_same_name() -> None:
    draft = _valid_draft()
    copy_uid = draft.duplicate_option(draft.uids()[1], suffix="(copie)")
    draft.set(option_path(copy_uid, "name"), "Mistral Small par API")
    draft.set(option_path(copy_uid, "model"), "mistral-large-latest")
    validation = validate(draft)
    assert validation.proposal is None
    assert validation.preview is not None
    assert [(option.name, option.model) for option in validation.preview.options] == [
        ("Modèles de courriers", None), ("Mistral Small par API", "mistral-small-latest")]
def test_widget_values_in_the_session_are_copied_into_the_draft() -> None:
    draft = _valid_draft()
    second = draft.uids()[1]
    session: dict[Any, Any] = {
        widget_key(draft.key, "title"): "Nouveau titre",
        widget_key(draft.key, option_path(second, "usage.users")): 40,
        widget_key(draft.key, option_path(second, "kind")): "non_ai",  # kinds change through a callback
        widget_key(draft.key, option_path(99, "name")): "option supprimée",
        widget_key("other", "title"): "autre brouillon",
    }
    sync_widgets(session, draft)
    assert draft.get("title") == "Nouveau titre"
    assert draft.get(option_path(second, "usage.users")) == 40
    assert draft.get(option_path(second, "kind")) == "genai_api"
    forget_widgets(session, draft.key, uid=second)
    assert widget_key(draft.key, option_path(second, "usage.users")) not in session
    assert widget_key(draft.key, "title") in session


@pytest.mark.parametrize(("path", "section"), [
    ("title", "need"), ("governance.dpia", "governance"), ("options", "options"),
    (option_path(2, "model"), "options"), (option_path(2, "usage.users"), "usage"),
    (option_path(2, "compute.gpu_count"), "usage"), (option_path(2, "costs.annual.api"), "costs"),
    (option_path(2, "benefits.qualitative.agents"), "benefits"),
])
def test_each_field_belongs_to_one_form_section(path: str, section: str) -> None:
    assert section_of(path) == section


def test_every_governance_question_is_in_exactly_one_group() -> None:
    grouped = [name for _, names in GOVERNANCE_GROUPS for name in names]
    assert sorted(grouped) == sorted(Governance.model_fields)


def test_field_specs_carry_the_models_labels_and_bounds() -> None:
    spec = field_spec(Proposal, "horizon_years")
    assert (spec.kind, spec.optional, spec.ge, spec.le) == ("int", True, 1.0, 30.0)
    assert spec.title("fr") == "Horizon (années)" and spec.title("en") == "Horizon (years)"
    assert field_spec(Proposal, "governance.decision_role").kind == "enum"
    assert field_spec(Proposal, "need").kind == "text"
    assert model_title(Proposal, "governance.dpia", "en") == "Governance › Data protection impact assessment"


def test_blank_optional_texts_become_none_but_blank_required_ones_stay_blank() -> None:
    data = normalise(Proposal, {"title": "  ", "governance": {"snr_objective": " "}, "_private": 1})
    assert data == {"title": "", "governance": {"snr_objective": None}}
