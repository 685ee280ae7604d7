"""The Dossier page validates the proposal being written once per script run at most (a rerun follows each
change), and not at all when nothing changed: the validation is handed to the sections, the preview and
the cached evaluation (ui/forms/validation.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.storage import Repository
from evaluation.table.build import options_frame
from tests.app.forms_harness import assert_clean, open_page, open_tab, repo

__all__ = ["repo"]


class _Counting:
    """Proposal's validator, counting the documents it validates (model_validate, the constructor, JSON)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls = 0

    def validate_python(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.inner.validate_python(*args, **kwargs)

    def validate_json(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.inner.validate_json(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch, format_example: list[Proposal], settings: Settings
                ) -> Iterator[_Counting]:
    options_frame(format_example[:1], settings)  # the engine reads its column defaults once per process
    counting = _Counting(Proposal.__pydantic_validator__)
    monkeypatch.setattr(Proposal, "__pydantic_validator__", counting)
    yield counting


def _counted(at: AppTest, validations: _Counting) -> int:
    """How many proposals one script run validated."""
    validations.calls = 0
    at.run()
    assert_clean(at)
    return validations.calls


def test_a_new_proposal_is_validated_once_per_change(repo: Repository, validations: _Counting) -> None:
    at = open_page("proposal/page.py")
    runs = {"load": validations.calls, "first rerun": _counted(at, validations),
            "rerun without change": _counted(at, validations)}
    at.text_input(key="pf|new|title").input("Assistant de rédaction des courriers")
    runs["title typed"] = _counted(at, validations)
    open_tab(at, "options", run=False)
    runs["options tab opened"] = _counted(at, validations)
    at.text_input(key="pf|new|opt:0:name").input("Modèles de courriers")
    at.text_input(key="pf|new|opt:1:name").input("Mistral Small par API")
    runs["names typed"] = _counted(at, validations)
    at.selectbox(key="pf|new|opt:1:provider").select("mistralai")
    runs["provider chosen"] = _counted(at, validations)
    at.selectbox(key="pf|new|opt:1:model").select("mistral-small-latest")
    runs["model chosen (valid)"] = _counted(at, validations)
    at.button(key="pf.save").click()
    runs["saved"] = _counted(at, validations)
    assert repo.count_proposals() == 1
    assert all(count <= 1 for count in runs.values()), runs
    assert runs["rerun without change"] == 0, runs
    assert runs["options tab opened"] == 0, runs  # opening a tab changes nothing in the draft


def test_a_stored_proposal_is_validated_once_when_opened_and_once_per_change(
        repo: Repository, validations: _Counting, format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    at = open_page("proposal/page.py", query={"proposal": "assistant-courriers"})
    runs = {"load": validations.calls}  # the repository reads it: the draft's validation is that proposal
    runs["first rerun"] = _counted(at, validations)
    runs["rerun without change"] = _counted(at, validations)
    at.text_input(key="pf|assistant-courriers|title").input("Autre intitulé")
    runs["title typed"] = _counted(at, validations)
    at.text_input(key="pf|assistant-courriers|title").input("")
    runs["title emptied (invalid)"] = _counted(at, validations)
    assert all(count <= 1 for count in runs.values()), runs
    assert runs["rerun without change"] == 0, runs
