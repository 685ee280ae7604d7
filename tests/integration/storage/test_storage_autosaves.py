"""Form autosaves (per person and proposal, apart from the stored versions) and language preferences."""

from __future__ import annotations

import datetime as dt

from evaluation.storage import Repository


def test_an_autosave_is_kept_per_person_and_proposal_and_replaced_as_they_type(repository: Repository) -> None:
    repository.put_autosave("porteur.a", "new", {"doc": {"title": "Assis"}}, base_version=None)
    repository.put_autosave("porteur.a", "new", {"doc": {"title": "Assistant"}}, base_version=None)
    repository.put_autosave("porteur.b", "new", {"doc": {"title": "Autre"}}, base_version=None)
    repository.put_autosave("porteur.a", "chatbot", {"doc": {"title": "Chatbot v2"}}, base_version=3)

    mine = repository.find_autosave("porteur.a", "new")
    assert mine is not None and mine.content == {"doc": {"title": "Assistant"}} and mine.base_version is None
    assert abs(mine.saved_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    chatbot = repository.find_autosave("porteur.a", "chatbot")
    assert chatbot is not None and chatbot.base_version == 3
    assert repository.find_autosave("porteur.b", "chatbot") is None
    assert repository.audit_events() == []  # typing is not a version: nothing in the audit trail


def test_discarding_forgets_only_that_autosave(repository: Repository) -> None:
    repository.put_autosave("porteur.a", "new", {"x": 1}, base_version=None)
    repository.put_autosave("porteur.a", "chatbot", {"x": 2}, base_version=1)

    assert repository.discard_autosave("porteur.a", "new") is True
    assert repository.discard_autosave("porteur.a", "new") is False
    assert repository.find_autosave("porteur.a", "new") is None
    assert repository.find_autosave("porteur.a", "chatbot") is not None


def test_editors_of_a_proposal_are_listed_newest_first(repository: Repository) -> None:
    early = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
    late = early + dt.timedelta(minutes=5)
    repository.put_autosave("porteur.a", "chatbot", {}, base_version=1, at=early)
    repository.put_autosave("dsi.b", "chatbot", {}, base_version=1, at=late)
    repository.put_autosave("porteur.c", "autre", {}, base_version=1, at=late)

    editors = repository.autosave_editors("chatbot")
    assert [(login, at) for login, _name, at in editors] == [("dsi.b", late), ("porteur.a", early)]
    assert [login for login, _n, _a in repository.autosave_editors("chatbot", since=late)] == ["dsi.b"]


def test_the_language_is_a_preference_of_the_account(repository: Repository) -> None:
    assert repository.language_of("elu.a") is None
    repository.set_language("elu.a", "en")
    repository.set_language("elu.a", "fr")
    repository.set_language("elu.b", "en")
    assert (repository.language_of("elu.a"), repository.language_of("elu.b")) == ("fr", "en")
