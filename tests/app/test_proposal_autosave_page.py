"""The Dossier page keeps what a person types on the server: a new session (a reload, a crash, a new
sign-in) finds it with a French banner; it can be discarded; others editing the proposal are told."""

from __future__ import annotations

from evaluation.domain.proposal import Proposal
from evaluation.storage import Repository
from tests.app.forms_harness import PORTEUR, assert_clean, open_page, open_tab, repo, unescape

__all__ = ["repo"]

RESTORED = "Modifications non enregistrées du "


def _banner(at: object) -> list[str]:
    return [unescape(info.value) for info in at.info if RESTORED in unescape(info.value)]  # type: ignore[attr-defined]


def test_a_new_proposal_typed_then_reloaded_comes_back_with_the_banner(repo: Repository) -> None:
    at = open_page("proposal/page.py")
    at.text_input(key="pf|new|title").input("Tri des courriels entrants").run()
    open_tab(at, "options")
    at.text_input(key="pf|new|opt:1:name").input("Classement par IA").run()
    kept = repo.find_autosave(PORTEUR.login, "new")
    assert kept is not None and kept.content["doc"]["title"] == "Tri des courriels entrants"

    reloaded = open_page("proposal/page.py")  # a new session: what a reload or a new sign-in opens
    assert_clean(reloaded)
    assert reloaded.text_input(key="pf|new|title").value == "Tri des courriels entrants"
    [banner] = _banner(reloaded)
    open_tab(reloaded, "options")
    assert reloaded.text_input(key="pf|new|opt:1:name").value == "Classement par IA"
    assert banner.startswith(RESTORED) and " restaurées." in banner
    assert repo.count_proposals() == 0  # typing makes no version


def test_discarding_forgets_the_kept_input(repo: Repository) -> None:
    at = open_page("proposal/page.py")
    at.text_input(key="pf|new|title").input("Brouillon à oublier").run()
    reloaded = open_page("proposal/page.py")
    reloaded.button(key="pf.autosave.discard").click().run()
    assert_clean(reloaded)
    assert reloaded.text_input(key="pf|new|title").value == ""
    assert _banner(reloaded) == []
    assert repo.find_autosave(PORTEUR.login, "new") is None
    assert open_page("proposal/page.py").text_input(key="pf|new|title").value == ""


def test_saving_ends_the_autosave(repo: Repository, format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    at = open_page("proposal/page.py", query={"proposal": "assistant-courriers"})
    at.text_input(key="pf|assistant-courriers|title").input("Titre retouché").run()
    assert repo.find_autosave(PORTEUR.login, "assistant-courriers") is not None
    at.button(key="pf.save").click().run()
    assert_clean(at)
    assert repo.get_proposal("assistant-courriers").proposal.title == "Titre retouché"
    assert repo.find_autosave(PORTEUR.login, "assistant-courriers") is None
    assert _banner(open_page("proposal/page.py", query={"proposal": "assistant-courriers"})) == []


def test_restored_input_over_a_newer_version_meets_the_edit_conflict_rule(
        repo: Repository, format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    at = open_page("proposal/page.py", query={"proposal": "assistant-courriers"})
    at.text_input(key="pf|assistant-courriers|title").input("Mon titre").run()
    changed = format_example[0].model_copy(update={"need": "Besoin réécrit ailleurs."})
    repo.save_proposal(changed, actor="dsi.martin", expected_version=1)

    reloaded = open_page("proposal/page.py", query={"proposal": "assistant-courriers"})
    assert reloaded.text_input(key="pf|assistant-courriers|title").value == "Mon titre"
    [banner] = _banner(reloaded)
    assert "enregistré depuis (version 2)" in banner
    reloaded.button(key="pf.save").click().run()
    assert "a été modifié par dsi.martin" in unescape(reloaded.error[0].value)
    assert repo.get_proposal("assistant-courriers").proposal.need == "Besoin réécrit ailleurs."
    assert repo.list_conflicts("assistant-courriers")[0].content["title"] == "Mon titre"


def test_two_people_editing_the_same_proposal_are_told(repo: Repository, format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    repo.create_user(login="dsi.martin", name="Marc Martin", roles=["dsi"], password_hash="x", actor="admin")
    repo.put_autosave("dsi.martin", "assistant-courriers", {"doc": {}, "options": []}, base_version=1)
    at = open_page("proposal/page.py", query={"proposal": "assistant-courriers"})
    warnings = [unescape(warning.value) for warning in at.warning]
    assert any(text.startswith("Marc Martin modifie(nt) aussi ce dossier") for text in warnings), warnings


def test_an_untouched_form_is_not_unsaved_and_keeps_nothing(repo: Repository) -> None:
    at = open_page("proposal/page.py")
    at.run()  # a second run: every widget drawn with its default value, none touched
    at.session_state["lang"] = "en"
    at.run()
    assert_clean(at)
    assert not any("Unsaved changes" in caption.value for caption in at.caption)
    assert repo.find_autosave(PORTEUR.login, "new") is None
