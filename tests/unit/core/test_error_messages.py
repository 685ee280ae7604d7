"""Validation errors told in French (files, command line, French pages) and English (English pages)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from evaluation.domain.actuals import ActualPeriod
from evaluation.domain.current_use import CurrentUse
from evaluation.domain.proposal import Proposal, ProposalFile
from evaluation.domain.register import RegisterContent
from evaluation.exchange.error_messages import CUSTOM_ENGLISH, error_message
from evaluation.services.current_uses import declaration_problems
from evaluation.services.register import content_problems

DOMAIN = Path(__file__).resolve().parents[3] / "evaluation" / "domain"
_FRENCH_WORDS = re.compile(r"\b(doit|champ|valeur|être|dossier|ligne|le|la|les|une|des)\b")


def _errors(model: type[BaseModel], data: Any) -> list[Any]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return info.value.errors(include_url=False)


def _option(**changes: Any) -> dict[str, Any]:
    return {"name": "API", "kind": "genai_api", "provider": "mistralai", "model": "mistral-small-latest",
            "usage": {"users": 3, "requests_per_user_per_day": 2}, **changes}


def _proposal(*options: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {"id": "courriers", "title": "Courriers", "options": list(options), **changes}


def test_every_error_the_models_raise_has_its_english_sentence() -> None:
    raised = set()
    for path in DOMAIN.glob("*.py"):
        raised |= set(re.findall(r'PydanticCustomError\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert raised, "no custom error found: the scan no longer reads the models"
    assert raised <= set(CUSTOM_ENGLISH), sorted(raised - set(CUSTOM_ENGLISH))
    assert "ValueError(" not in "".join(p.read_text(encoding="utf-8") for p in DOMAIN.glob("*.py"))


CASES = [
    (Proposal, _proposal(_option(zone="XYZ")), "unknown_zone",
     "zone d'hébergement « XYZ » inconnue", "unknown hosting zone « XYZ »"),
    (Proposal, _proposal(_option(model=None)), "model_required",
     "le champ « model » est obligatoire", "the field « model » is required for a generative AI option"),
    (Proposal, _proposal(_option(provider=None)), "provider_required",
     "le champ « provider » est obligatoire", "the field « provider » is required for a genai_api option"),
    (Proposal, _proposal(_option(), _option()), "duplicate_option",
     "deux options portent le même nom « API »", "two options have the same name « API »"),
    (Proposal, _proposal({"name": "Papier", "kind": "non_ai"}), "no_ai_option",
     "au moins une option avec IA", "the proposal must have at least one option with AI or automation"),
    (ProposalFile, {"proposals": [_proposal(_option()), _proposal(_option())]}, "duplicate_id",
     "l'identifiant « courriers » apparaît deux fois", "the identifier « courriers » appears twice"),
    (Proposal, _proposal(_option(usage={"users": -1})), "greater_than_equal",
     "doit être supérieur ou égal à 0 (valeur reçue : -1)", "must be greater than or equal to 0 (value given: -1)"),
    (Proposal, _proposal(_option(), title=""), "string_too_short", "ne doit pas être vide", "must not be empty"),
    (Proposal, _proposal(_option(), budget=3), "extra_forbidden", "champ inconnu", "unknown field"),
    (Proposal, _proposal(_option(kind="robot")), "enum",
     "valeur « robot » non reconnue ; valeurs possibles :", "value « robot » not recognised; possible values:"),
]


@pytest.mark.parametrize(("model", "data", "kind", "french", "english"), CASES, ids=[case[2] for case in CASES])
def test_an_error_reads_in_french_by_default_and_in_english_on_request(
        model: type[BaseModel], data: Any, kind: str, french: str, english: str) -> None:
    errors = [error for error in _errors(model, data) if error["type"] == kind]
    assert errors, [error["type"] for error in _errors(model, data)]
    assert french in error_message(errors[0])
    assert english in error_message(errors[0], "en")
    assert not _FRENCH_WORDS.search(error_message(errors[0], "en").split("possible values")[0])


def test_the_follow_up_and_register_errors_read_in_english() -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    negative = [error for error in _errors(ActualPeriod, {"source": "csv", "key": "janvier", "start": start,
                                                          "end": start + dt.timedelta(days=1), "requests": -2})
                if error["type"] == "negative"]
    assert negative and error_message(negative[0]) == "« requests » ne peut pas être négatif"
    assert error_message(negative[0], "en") == "« requests » cannot be negative"
    _, problems = content_problems({"title": "Tri", "rules_url": "ftp://x"}, "en")
    assert problems["rules_url"] == "Published rules or source code: the link must start with https:// or http:// and contain no space"
    _, problems = content_problems({"title": "Tri", "rules_url": "ftp://x"})
    assert problems["rules_url"].endswith(" : le lien doit commencer par https:// ou http:// et ne contenir aucun espace")
    _, problems = declaration_problems({"service": "Accueil", "tool": "Papier", "usage": "Courriers", "kind": "non_ai"}, "en")
    assert any("a declared current use is a use of AI or automation" in text for text in problems.values())
    assert not [text for text in problems.values() if "doit" in text or "usage actuel" in text]


def test_english_numbers_are_written_the_english_way() -> None:
    errors = _errors(Proposal, _proposal(_option(benefits={"adoption_rate": 1.5})))
    too_big = [error for error in errors if error["type"] == "less_than_equal"]
    assert too_big, [error["type"] for error in errors]
    assert error_message(too_big[0]) == "doit être inférieur ou égal à 1 (valeur reçue : 1,5)"
    assert error_message(too_big[0], "en") == "must be less than or equal to 1 (value given: 1.5)"


def test_register_and_current_use_models_are_the_ones_the_services_read() -> None:
    assert "rules_url" in RegisterContent.model_fields and "kind" in CurrentUse.model_fields
