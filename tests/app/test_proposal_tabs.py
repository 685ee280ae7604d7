"""The proposal form draws only its open tab (issue 18: the browser redrew some 150 widgets on each change):
the closed tabs' fields are not in the page, what was typed in them stays in the draft and comes back when
their tab is opened again; the open tab survives a rerun, a change of page and of language; a new proposal
opens on « Besoin »; a problem in a closed tab is named in the summary, with a button opening its tab."""

from __future__ import annotations

from typing import Any

from evaluation.domain.proposal import Proposal
from evaluation.storage import Repository
from tests.app.forms_harness import assert_clean, field_errors, open_page, open_tab, repo, unescape

__all__ = ["repo"]

ID = "assistant-courriers"
WIDGETS = ("text_input", "text_area", "selectbox", "checkbox", "slider", "toggle", "segmented_control",
           "date_input", "button")


def _form_keys(at: Any, draft_key: str = "new") -> list[str]:
    """Keys of the draft's widgets on the page (pf|<draft>|<path>)."""
    prefix = f"pf|{draft_key}|"
    return [str(widget.key) for kind in WIDGETS for widget in at.get(kind)
            if str(widget.key or "").startswith(prefix)]


def _paths(at: Any, part: str, draft_key: str = "new") -> list[str]:
    return [key for key in _form_keys(at, draft_key) if part in key]


def test_only_the_open_tab_is_drawn_and_a_closed_tabs_values_stay_in_the_draft(repo: Repository) -> None:
    at = open_page("proposal/page.py")
    assert at.session_state["pf-tabs"] == "Besoin"
    assert "pf|new|title" in _form_keys(at)
    assert _paths(at, "costs.") == [] and _paths(at, "governance.") == [] and _paths(at, ":usage.") == []
    need_widgets = len(_form_keys(at))
    at.text_input(key="pf|new|title").input("Tri des courriels entrants")

    open_tab(at, "costs")  # the title typed is sent with the tab's change, as a browser does
    assert "pf|new|title" not in _form_keys(at)
    assert "pf|new|opt:1:costs.one_off.development" in _paths(at, "costs.")
    assert _paths(at, ":name") == [] and _paths(at, ":usage.") == []
    draft = at.session_state["pf.drafts"]["new"]
    assert draft.get("title") == "Tri des courriels entrants"
    at.text_input(key="pf|new|opt:1:costs.one_off.development").input("15 000").run()

    open_tab(at, "need")
    assert _paths(at, "costs.") == []
    assert len(_form_keys(at)) == need_widgets
    assert at.text_input(key="pf|new|title").value == "Tri des courriels entrants"
    assert at.session_state["pf.drafts"]["new"].get("opt:1:costs.one_off.development") == 15000
    open_tab(at, "costs")
    assert at.text_input(key="pf|new|opt:1:costs.one_off.development").value == "15\u202f000\u00a0€"


def _preview(at: Any) -> list[str]:
    return [text for text in (str(markdown.value) for markdown in at.markdown) if text.startswith("Émissions par an")]


def test_the_open_tab_survives_a_rerun_a_change_of_page_and_of_language(repo: Repository) -> None:
    at = open_tab(open_page("proposal/page.py"), "benefits")
    at.run()
    assert at.session_state["pf-tabs"] == "Bénéfices"
    assert _paths(at, "benefits.")
    at.switch_page("ui/views/import_export/page.py").run()
    at.switch_page("ui/views/proposal/page.py").run()
    assert_clean(at)
    assert at.session_state["pf-tabs"] == "Bénéfices"
    assert _paths(at, "benefits.") and "pf|new|title" not in _form_keys(at)
    at.segmented_control(key="lang").set_value("en").run()
    assert_clean(at)
    assert at.session_state["pf-tabs"] == "Benefits"
    assert _paths(at, "benefits.")


def test_a_proposal_opens_on_its_first_tab_and_each_draft_keeps_its_own(
        repo: Repository, format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    at = open_tab(open_page("proposal/page.py"), "governance")
    at.selectbox(key="pf.chooser").select(ID).run()
    assert_clean(at)
    assert at.session_state["pf-tabs"] == "Besoin"  # opened for the first time: its first tab
    assert f"pf|{ID}|title" in _form_keys(at, ID)
    preview = _preview(at)
    assert preview  # beside the form, whatever tab is open: it reads the whole draft
    open_tab(at, "usage")
    assert _preview(at) == preview
    at.text_input(key=f"pf|{ID}|opt:1:usage.users").input("24").run()
    open_tab(at, "governance")
    assert _preview(at) != preview  # a change made in a tab now closed
    at.selectbox(key="pf.chooser").select("new").run()
    assert at.session_state["pf-tabs"] == "Gouvernance"  # the new draft being written: where it was left
    at.selectbox(key="pf.chooser").select(ID).run()
    assert at.session_state["pf-tabs"] == "Gouvernance"
    assert at.session_state["pf.drafts"][ID].get("opt:1:usage.users") == 24


def test_a_new_proposal_saved_stays_on_its_tab_and_the_next_new_one_opens_on_besoin(repo: Repository) -> None:
    at = open_page("proposal/page.py")
    at.text_input(key="pf|new|title").input("Tri des courriels entrants")
    open_tab(at, "options")
    at.text_input(key="pf|new|opt:0:name").input("Règles de tri")
    at.text_input(key="pf|new|opt:1:name").input("Classement par IA")
    at.run()
    at.selectbox(key="pf|new|opt:1:provider").select("mistralai").run()
    at.selectbox(key="pf|new|opt:1:model").select("mistral-small-latest").run()
    at.button(key="pf.save").click().run()
    assert_clean(at)
    assert repo.count_proposals() == 1
    assert at.session_state["pf-tabs"] == "Options"
    assert _paths(at, ":name", "tri-des-courriels-entrants")
    at.selectbox(key="pf.chooser").select("new").run()
    assert at.session_state["pf-tabs"] == "Besoin"
    assert at.text_input(key="pf|new|title").value == ""


def test_a_problem_in_a_closed_tab_is_named_and_a_button_opens_its_tab(
        repo: Repository, format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    at = open_tab(open_page("proposal/page.py", query={"proposal": ID}), "costs")
    at.text_input(key=f"pf|{ID}|opt:1:costs.annual.licences").input("12,3,4")
    open_tab(at, "need")
    assert field_errors(at) == []  # the field is not drawn...
    summary = unescape(at.warning[0].value)
    assert "Coûts › Option « Mistral Small par API » › Coûts › Coûts annuels › Licences (€/an)" in summary  # ...its tab is named
    go = at.button(key="pf.open_section.costs")
    assert go.label == "Ouvrir l'onglet « Coûts » (1)"
    go.click().run()
    assert_clean(at)
    assert at.session_state["pf-tabs"] == "Coûts"
    assert at.text_input(key=f"pf|{ID}|opt:1:costs.annual.licences").value == "12,3,4"
    assert any("« 12,3,4 » n'est pas un montant" in error for error in field_errors(at))
    assert "pf.open_section.costs" not in [button.key for button in at.button]  # the open tab has no button
    at.button(key="pf.save").click().run()
    assert "1 point(s) à corriger" in unescape(at.error[0].value)
    assert repo.get_proposal(ID).version == 1


def test_discarding_a_new_proposal_from_a_closed_tab_forgets_it_all_and_opens_besoin(repo: Repository) -> None:
    at = open_page("proposal/page.py")
    at.text_input(key="pf|new|title").input("Brouillon à oublier")
    open_tab(at, "costs")
    at.text_input(key="pf|new|opt:0:costs.annual.licences").input("1 200").run()
    at.button(key="pf.discard").click().run()
    assert_clean(at)
    assert at.session_state["pf-tabs"] == "Besoin"
    assert at.text_input(key="pf|new|title").value == ""
    open_tab(at, "costs")
    assert at.text_input(key="pf|new|opt:0:costs.annual.licences").value == ""
