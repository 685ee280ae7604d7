"""Page « Usages actuels »: a porteur declares a use (a clear French message naming the field when a field is
missing), sees it as non évalué and turns it into a draft proposal."""

from __future__ import annotations

from evaluation.domain.current_use import CurrentUseStatus
from evaluation.storage import Repository
from tests.app.forms_harness import PORTEUR, assert_clean, field_errors, open_page, repo, texts, unescape

__all__ = ["repo"]


def _fill(at: object, **values: object) -> None:
    for name, value in values.items():
        if name == "personal_data":
            at.checkbox(key="cu.personal_data").check()  # type: ignore[attr-defined]
        elif name == "usage":
            at.text_area(key="cu.usage").input(value)  # type: ignore[attr-defined]
        elif name == "kind":
            at.selectbox(key="cu.kind").select(value)  # type: ignore[attr-defined]
        elif name == "users":
            at.text_input(key="cu.users").input(value)  # type: ignore[attr-defined]
        else:
            at.text_input(key=f"cu.{name}").input(value)  # type: ignore[attr-defined]


def test_a_porteur_declares_a_use_and_turns_it_into_a_draft(repo: Repository) -> None:
    at = open_page("current_uses.py", user=PORTEUR)
    assert "Aucun usage déclaré pour le moment." in texts(at.info)

    _fill(at, service="État civil", tool="ChatGPT <b>perso</b>", usage="Rédiger des réponses", kind="genai_api",
          provider="openai")
    at.button[0].click().run()
    assert_clean(at)
    assert any("« Modèle » : précisez le modèle" in error or "précisez le modèle" in error
               for error in field_errors(at))
    assert repo.current_uses() == []

    at.text_input(key="cu.model").input("gpt-4o")
    at.checkbox(key="cu.personal_data").check()
    at.button[0].click().run()
    assert_clean(at)
    [declared] = repo.current_uses()
    assert declared.status is CurrentUseStatus.NON_EVALUE and declared.declaration.personal_data
    shown = "\n".join(unescape(text) for text in texts(at.markdown))
    assert "ChatGPT <b>perso</b>" in shown and "Non évalué" in shown  # typed markup shown as text

    at.button(key="cu.evaluate").click().run()
    assert_clean(at)
    converted = repo.current_use(declared.id)
    assert converted.status is CurrentUseStatus.EN_EVALUATION
    assert repo.get_proposal(str(converted.proposal_id)).created_by == PORTEUR.login
    assert any("créé en brouillon" in unescape(text) for text in texts(at.success))
