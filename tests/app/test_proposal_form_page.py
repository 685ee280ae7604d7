"""The Dossier page: write a proposal, see its evaluation, save it, submit it; messages in French."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from evaluation.domain.option import OptionKind
from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import Status
from evaluation.storage import Repository
from tests.app.forms_harness import DSI, assert_clean, field_errors, open_page, open_tab, repo, texts, unescape

__all__ = ["repo"]


def _fill_valid(at: AppTest) -> AppTest:
    """Type a valid proposal, tab after tab (a tab's change is sent with the values typed before it, as a
    browser sends them); ends on the « Bénéfices » tab."""
    at.text_input(key="pf|new|title").input("Assistant de rédaction des courriers")
    open_tab(at, "options")
    at.text_input(key="pf|new|opt:0:name").input("Modèles de courriers (sans IA)")
    at.text_input(key="pf|new|opt:1:name").input("Mistral Small par API")
    at.run()
    at.selectbox(key="pf|new|opt:1:provider").select("mistralai")
    at.run()
    at.selectbox(key="pf|new|opt:1:model").select("mistral-small-latest")
    open_tab(at, "usage")
    at.text_input(key="pf|new|opt:1:usage.users").input("12")
    at.text_input(key="pf|new|opt:1:usage.requests_per_user_per_day").input("15")
    at.text_input(key="pf|new|opt:1:usage.output_tokens_per_request").input("400")
    open_tab(at, "costs")
    at.text_input(key="pf|new|opt:1:costs.one_off.development").input("15 000 €")
    open_tab(at, "benefits")
    at.text_input(key="pf|new|opt:1:benefits.hours_saved_per_user_per_week").input("2")
    at.run()
    assert_clean(at)
    return at


def test_a_new_proposal_opens_with_a_non_ai_and_an_ai_option_and_no_message(repo: Repository) -> None:
    at = open_page("proposal/page.py")
    assert field_errors(at) == []
    assert [tab.label for tab in at.tabs] == ["Besoin", "Options", "Usage et calcul", "Coûts", "Bénéfices",
                                               "Gouvernance"]
    assert at.session_state["pf-tabs"] == "Besoin"  # a new proposal opens on its first tab
    open_tab(at, "options")
    assert at.selectbox(key="pf|new|opt:0:kind").value == OptionKind.NON_AI.value
    assert at.selectbox(key="pf|new|opt:1:kind").value == OptionKind.GENAI_API.value
    assert field_errors(at) == []


def test_a_valid_proposal_is_evaluated_while_typing_and_saved_as_a_draft(repo: Repository) -> None:
    at = _fill_valid(open_page("proposal/page.py"))
    preview = [markdown for markdown in texts(at.markdown) if markdown.startswith("Émissions par an")]
    assert len(preview) == 2
    assert preview[1].startswith("Émissions par an : **625\u00a0g CO2e**  \nÉnergie par an : **5,21\u00a0kWh**")
    assert "VAN budgétaire : **" in preview[1] and "VAN socio-économique : **" in preview[1]
    assert "**—**" not in preview[1]
    at.button(key="pf.save").click().run()
    assert_clean(at)
    assert texts(at.error) == []
    assert unescape(at.success[0].value) == "Dossier « Assistant de rédaction des courriers » enregistré (version 1)."
    stored = repo.get_proposal("assistant-de-redaction-des-courriers")
    assert stored.status is Status.BROUILLON and stored.version == 1
    assert [option.name for option in stored.proposal.options] == ["Modèles de courriers (sans IA)",
                                                                   "Mistral Small par API"]
    assert stored.proposal.options[1].usage.users == 12
    assert at.query_params["proposal"] == "assistant-de-redaction-des-courriers"


def test_an_invalid_proposal_shows_the_message_under_the_field_and_saves_nothing(repo: Repository) -> None:
    at = _fill_valid(open_page("proposal/page.py"))
    open_tab(at, "need")
    at.text_input(key="pf|new|title").input("")
    open_tab(at, "options")
    at.selectbox(key="pf|new|opt:1:model").set_value(None)
    at.run()
    # Each message under its field, in its tab: the open one shows its own, the other is one click away.
    assert field_errors(at) == [
        ":red[:material/error: le champ « model » est obligatoire pour une option d'IA générative]",
    ]
    open_tab(at, "need")
    assert field_errors(at) == [":red[:material/error: ne doit pas être vide]"]
    at.button(key="pf.save").click().run()
    assert_clean(at)
    assert "Le dossier n'a pas été enregistré : 2 point(s) à corriger" in unescape(at.error[0].value)
    assert repo.count_proposals() == 0
    summary = unescape(at.warning[0].value)
    assert "Besoin › Intitulé : ne doit pas être vide" in summary
    assert "Options › Option « Mistral Small par API » › Modèle" in summary


def test_what_was_typed_survives_a_change_of_page(repo: Repository) -> None:
    at = open_page("proposal/page.py")
    at.text_input(key="pf|new|title").input("Tri des courriels entrants").run()
    at.switch_page("ui/views/import_export/page.py").run()
    assert_clean(at)
    at.switch_page("ui/views/proposal/page.py").run()
    assert_clean(at)
    assert at.text_input(key="pf|new|title").value == "Tri des courriels entrants"


def test_options_are_added_duplicated_and_removed(repo: Repository) -> None:
    at = open_tab(_fill_valid(open_page("proposal/page.py")), "options")
    at.button(key="pf|new|opt:1:@duplicate").click().run()
    assert at.text_input(key="pf|new|opt:2:name").value == "Mistral Small par API (copie)"
    assert at.selectbox(key="pf|new|opt:2:model").value == "mistral-small-latest"
    at.selectbox(key="pf|new|@new_kind").select(OptionKind.VISION.value)
    at.button(key="pf|new|@add").click().run()
    assert at.selectbox(key="pf|new|opt:3:kind").value == OptionKind.VISION.value
    at.button(key="pf|new|opt:0:@remove").click().run()
    assert_clean(at)
    names = [widget.value for widget in at.text_input if (widget.key or "").endswith(":name")]
    assert names == ["Mistral Small par API", "Mistral Small par API (copie)", ""]


def test_an_edit_conflict_keeps_what_was_typed(repo: Repository, format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    at = open_page("proposal/page.py", query={"proposal": "assistant-courriers"})
    at.text_input(key="pf|assistant-courriers|title").input("Titre modifié dans le formulaire").run()
    changed = format_example[0].model_copy(update={"need": "Besoin réécrit par la DSI."})
    repo.save_proposal(changed, actor="dsi.martin", expected_version=1)
    at.button(key="pf.save").click().run()
    assert_clean(at)
    assert "a été modifié par dsi.martin" in unescape(at.error[0].value)
    assert at.text_input(key="pf|assistant-courriers|title").value == "Titre modifié dans le formulaire"
    assert repo.get_proposal("assistant-courriers").proposal.title == format_example[0].title
    assert repo.list_conflicts("assistant-courriers")[0].content["title"] == "Titre modifié dans le formulaire"


def test_submitting_moves_the_proposal_to_soumis(repo: Repository) -> None:
    at = _fill_valid(open_page("proposal/page.py"))
    at.button(key="pf.submit").click().run()
    assert_clean(at)
    assert repo.get_proposal("assistant-de-redaction-des-courriers").status is Status.SOUMIS
    assert "soumis pour revue" in unescape(at.success[-1].value)


def test_a_decided_proposal_is_read_only(repo: Repository, format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    repo.set_status("assistant-courriers", Status.DECIDE, actor="elu")
    at = open_page("proposal/page.py", query={"proposal": "assistant-courriers"})
    assert at.text_input(key="pf|assistant-courriers|title").disabled
    assert at.button(key="pf.save").disabled
    assert "lecture seule" in at.info[0].value


def test_the_form_speaks_english_on_request_with_the_models_english_labels(repo: Repository) -> None:
    at = open_page("proposal/page.py", lang="en")
    assert [tab.label for tab in at.tabs] == ["Need", "Options", "Usage and compute", "Costs", "Benefits",
                                               "Governance"]
    assert at.text_input(key="pf|new|title").label == "Title"
    open_tab(at, "usage")
    assert at.text_input(key="pf|new|opt:1:usage.users").label == "Users"
    open_tab(at, "governance")
    assert at.checkbox(key="pf|new|governance.personal_data").label == "Personal data processed"


def test_the_dsi_changes_only_the_options_of_a_proposal_in_review(repo: Repository,
                                                                  format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    repo.set_status("assistant-courriers", Status.EN_REVUE, actor="dsi.martin")
    at = open_page("proposal/page.py", user=DSI, query={"proposal": "assistant-courriers"})
    assert at.text_input(key="pf|assistant-courriers|title").disabled
    open_tab(at, "options")
    assert not at.text_input(key="pf|assistant-courriers|opt:1:name").disabled
    assert at.button(key="pf.submit").disabled
    open_tab(at, "usage")
    at.text_input(key="pf|assistant-courriers|opt:1:usage.users").input("30").run()
    at.button(key="pf.save").click().run()
    assert_clean(at)
    stored = repo.get_proposal("assistant-courriers")
    assert (stored.version, stored.status, stored.proposal.options[1].usage.users) == (3, Status.EN_REVUE, 30)
    assert repo.audit_events(proposal_id="assistant-courriers")[-1].actor == "dsi.martin"


def test_a_sponsor_cannot_open_someone_elses_proposal(repo: Repository, format_example: list[Proposal]) -> None:
    repo.save_proposal(format_example[0], actor="autre.porteur", expected_version=None)
    at = open_page("proposal/page.py", query={"proposal": "assistant-courriers"})
    assert "n'existe pas (ou plus)" in unescape(at.warning[0].value)
    assert "pf|assistant-courriers|title" not in [widget.key for widget in at.text_input]


def test_where_data_are_processed_and_the_new_governance_answers_are_saved(repo: Repository) -> None:
    """Issue 12: the option's data location (ISO alpha-3, the hosting zone by default), the chapter V
    safeguards and the reduction objectives with indicators are typed in the form and stored."""
    at = open_tab(_fill_valid(open_page("proposal/page.py")), "options")
    location = at.text_input(key="pf|new|opt:1:data_location")
    assert location.label == "Pays de traitement des données"
    assert location.placeholder.startswith("Par défaut : la zone d'hébergement")
    location.input("che").run()
    assert field_errors(at) == [":red[:material/error: doit être un code de trois lettres majuscules "
                                "(FRA, DEU, WOR, EEE...) (valeur reçue : « che »)]"]
    at.text_input(key="pf|new|opt:1:data_location").input("CHE")
    open_tab(at, "governance")
    at.checkbox(key="pf|new|governance.personal_data").check().run()
    at.checkbox(key="pf|new|governance.transfer_safeguards").check().run()
    at.checkbox(key="pf|new|governance.reduction_objectives").check().run()
    assert_clean(at)
    assert field_errors(at) == []
    at.button(key="pf.save").click().run()
    stored = repo.get_proposal("assistant-de-redaction-des-courriers").proposal
    assert stored.options[1].data_location == "CHE"
    assert stored.options[0].data_location is None
    assert stored.governance.personal_data and stored.governance.transfer_safeguards
    assert stored.governance.reduction_objectives


def test_an_english_page_tells_what_is_wrong_in_english(repo: Repository) -> None:
    at = open_page("proposal/page.py", lang="en")
    at.text_input(key="pf|new|title").input("Mail drafting assistant")
    open_tab(at, "options")
    at.text_input(key="pf|new|opt:0:name").input("Letter templates")
    at.text_input(key="pf|new|opt:1:name").input("Mistral Small")
    at.run()
    at.selectbox(key="pf|new|opt:1:model").set_value(None)
    open_tab(at, "need")
    at.text_input(key="pf|new|title").input("")
    at.run()
    assert_clean(at)
    assert field_errors(at) == [":red[:material/error: must not be empty]"]
    open_tab(at, "options")
    assert field_errors(at) == [
        ":red[:material/error: the field « model » is required for a generative AI option]",
    ]
    at.button(key="pf.save").click().run()
    assert repo.count_proposals() == 0
    assert unescape(at.warning[0].value) == (
        "2 thing(s) to fix before saving:\n\n- Need › Title: must not be empty\n"
        "- Options › Option « Mistral Small » › Model: the field « model » is required for a generative AI option")
