"""Numbers typed in the forms (issue 14): amounts, counts, rates and shares shown and typed the French way in
French (« 15 000 € », « 70 % », « 1 500 ») and the English way in English, read back strictly; a wrong entry
is reported next to its field, naming it, nothing is saved, and what was typed is kept (autosave, reload,
change of language)."""

from __future__ import annotations

from typing import Any

from evaluation.domain.proposal import Proposal
from evaluation.storage import Repository
from tests.app.forms_harness import (
    ADMIN,
    PORTEUR,
    assert_clean,
    field_errors,
    open_page,
    open_tab,
    repo,
    texts,
    unescape,
)

__all__ = ["repo"]

ID = "assistant-courriers"
API = f"pf|{ID}|opt:1:"  # the example's « Mistral Small par API » option
NNBSP, NBSP = "\u202f", "\u00a0"


def _open(repo: Repository, format_example: list[Proposal], lang: str | None = None) -> Any:
    if repo.count_proposals() == 0:
        repo.save_proposal(format_example[0], actor="porteur", expected_version=None)
    return open_page("proposal/page.py", query={"proposal": ID}, lang=lang)


def _unsaved(at: Any) -> bool:
    return any(button.key == "pf.discard" for button in at.button)


def test_a_stored_proposal_shows_its_numbers_the_french_way_and_is_not_changed_by_it(
        repo: Repository, format_example: list[Proposal]) -> None:
    at = _open(repo, format_example)
    assert_clean(at)
    assert at.text_input(key=f"pf|{ID}|horizon_years").value == "5"
    open_tab(at, "costs")
    assert at.text_input(key=f"{API}costs.one_off.development").value == f"15{NNBSP}000{NBSP}€"
    assert at.text_input(key=f"{API}costs.annual.api").value == f"600{NBSP}€"
    licences = at.text_input(key=f"{API}costs.annual.licences")  # 0: an empty input, « 0 € » its placeholder
    assert (licences.value, licences.placeholder) == ("", f"0{NBSP}€")
    assert field_errors(at) == []
    open_tab(at, "benefits")
    assert at.text_input(key=f"{API}benefits.hourly_cost").value == f"32{NBSP}€"
    assert at.text_input(key=f"{API}benefits.adoption_rate").value == f"70{NNBSP}%"
    assert str(at.text_input(key=f"{API}benefits.adoption_rate").help).endswith(
        f"En pourcentage, de 0{NNBSP}% à 100{NNBSP}% (par exemple 3,2{NNBSP}%, soit 0,032 dans les fichiers d'échange).")
    assert field_errors(at) == []
    open_tab(at, "usage")
    assert at.text_input(key=f"{API}usage.input_tokens_per_request").value == f"1{NNBSP}500"
    assert at.text_input(key=f"{API}usage.days_per_year").value == "210"
    assert at.text_input(key=f"pf|{ID}|opt:3:compute.utilisation").value == f"60{NNBSP}%"
    assert at.text_input(key=f"pf|{ID}|opt:3:compute.pue").value == "1,3"
    assert field_errors(at) == []
    at.run()  # the usage tab's inputs read back into the draft
    assert not _unsaved(at)  # what is shown, tab after tab, reads back to what is stored


def test_the_english_form_shows_english_numbers(repo: Repository, format_example: list[Proposal]) -> None:
    at = _open(repo, format_example, lang="en")
    open_tab(at, "costs")
    assert at.text_input(key=f"{API}costs.one_off.development").value == "€15,000"
    open_tab(at, "benefits")
    assert at.text_input(key=f"{API}benefits.adoption_rate").value == "70%"
    open_tab(at, "usage")
    assert at.text_input(key=f"{API}usage.input_tokens_per_request").value == "1,500"
    assert at.text_input(key=f"pf|{ID}|opt:3:compute.pue").value == "1.3"
    at.run()
    assert not _unsaved(at)


def test_numbers_typed_the_french_way_are_shown_so_and_saved_as_numbers(
        repo: Repository, format_example: list[Proposal]) -> None:
    at = open_tab(_open(repo, format_example), "costs")
    at.text_input(key=f"{API}costs.one_off.development").input("15000,5").run()
    at.text_input(key=f"{API}costs.annual.licences").input("1 200").run()  # an ordinary space groups too
    assert field_errors(at) == []
    assert at.text_input(key=f"{API}costs.one_off.development").value == f"15{NNBSP}000,50{NBSP}€"
    assert at.text_input(key=f"{API}costs.annual.licences").value == f"1{NNBSP}200{NBSP}€"
    open_tab(at, "benefits")
    at.text_input(key=f"{API}benefits.adoption_rate").input("75,5").run()  # the field is in percent
    assert field_errors(at) == []
    assert at.text_input(key=f"{API}benefits.adoption_rate").value == f"75,5{NNBSP}%"
    open_tab(at, "usage")
    at.text_input(key=f"{API}usage.users").input(f"1{NBSP}234").run()
    assert_clean(at)
    assert field_errors(at) == []
    open_tab(at, "costs")  # back to the costs: what was typed there is shown again
    assert at.text_input(key=f"{API}costs.one_off.development").value == f"15{NNBSP}000,50{NBSP}€"
    assert at.text_input(key=f"{API}costs.annual.licences").value == f"1{NNBSP}200{NBSP}€"
    at.button(key="pf.save").click().run()
    assert_clean(at)
    option = repo.get_proposal(ID).proposal.options[1]
    assert option.costs.one_off.development == 15000.5
    assert option.costs.annual.licences == 1200.0
    assert option.benefits.adoption_rate == 0.755
    assert option.usage.users == 1234


def test_a_wrong_number_is_named_under_its_field_nothing_is_saved_and_the_text_is_kept(
        repo: Repository, format_example: list[Proposal]) -> None:
    at = open_tab(_open(repo, format_example), "costs")
    at.text_input(key=f"{API}costs.annual.licences").input("12,3,4").run()
    assert_clean(at)
    message = f"Licences (€/an){NBSP}: « 12,3,4 » n'est pas un montant ; écrivez par exemple 15{NNBSP}000,50{NBSP}€"
    assert field_errors(at) == [f":red[:material/error: {message}]"]
    summary = unescape(at.warning[0].value)
    assert "Licences (€/an) : « 12,3,4 » n'est pas un montant" in summary.replace(NBSP, " ")
    assert at.text_input(key=f"{API}costs.annual.licences").value == "12,3,4"  # not rewritten: kept as typed
    at.button(key="pf.save").click().run()
    assert unescape(at.error[0].value) == ("Le dossier n'a pas été enregistré : 1 point(s) à corriger, signalés "
                                           "sous les champs.")
    assert repo.get_proposal(ID).version == 1
    assert repo.get_proposal(ID).proposal.options[1].costs.annual.licences == 0.0

    kept = repo.find_autosave(PORTEUR.login, ID)
    assert kept is not None and kept.content["options"][1]["costs"]["annual"]["licences"] == "12,3,4"
    reloaded = _open(repo, format_example)  # a reload, a crash or a new sign-in
    assert "Coûts › " in unescape(reloaded.warning[0].value)  # the problem's tab is named
    open_tab(reloaded, "costs")
    assert reloaded.text_input(key=f"{API}costs.annual.licences").value == "12,3,4"
    assert field_errors(reloaded) == [f":red[:material/error: {message}]"]


def test_ambiguous_negative_and_out_of_bounds_entries_are_refused_with_their_reason(
        repo: Repository, format_example: list[Proposal]) -> None:
    at = open_tab(_open(repo, format_example), "costs")
    at.text_input(key=f"{API}costs.one_off.training").input("1.234,5").run()
    open_tab(at, "usage")
    at.text_input(key=f"{API}usage.users").input("-3").run()
    open_tab(at, "benefits")
    at.text_input(key=f"{API}benefits.adoption_rate").input("150 %").run()
    open_tab(at, "usage")
    at.text_input(key=f"{API}usage.days_per_year").input("12,5").run()
    assert_clean(at)
    errors = "\n".join(field_errors(at))  # each tab's own, drawn when it is open
    errors += "\n" + "\n".join(field_errors(open_tab(at, "costs")))
    errors += "\n" + "\n".join(field_errors(open_tab(at, "benefits")))
    assert "Formation des agents (€)\u00a0: « 1.234,5 » n'est pas écrit à la française" in errors
    assert "Utilisateurs\u00a0: « -3 » est négatif ; ce champ n'admet que 0 ou plus" in errors
    assert f"Taux d'adoption\u00a0: « 150 % » dépasse le maximum, 100{NNBSP}%" in errors
    assert "Jours d'utilisation par an\u00a0: « 12,5 » n'est pas un nombre entier" in errors
    at.button(key="pf.save").click().run()
    assert "4 point(s) à corriger" in unescape(at.error[0].value)
    assert repo.get_proposal(ID).version == 1


def test_a_change_of_language_rewrites_the_numbers_typed_and_keeps_the_others(
        repo: Repository, format_example: list[Proposal]) -> None:
    at = open_tab(_open(repo, format_example), "costs")
    at.text_input(key=f"{API}costs.one_off.development").input("1 500,5").run()
    at.text_input(key=f"{API}costs.annual.licences").input("12,3,4").run()
    at.segmented_control(key="lang").set_value("en").run()
    assert_clean(at)
    assert at.text_input(key=f"{API}costs.one_off.development").value == "€1,500.50"
    assert at.text_input(key=f"{API}costs.annual.licences").value == "12,3,4"
    assert any("“12,3,4” is not an amount; write for example €15,000.50" in error for error in field_errors(at))
    draft = at.session_state["pf.drafts"][ID]  # what the draft holds did not change with the language
    assert draft.get("opt:1:costs.one_off.development") == 1500.5
    assert draft.get("opt:1:costs.annual.licences") == "12,3,4"
    open_tab(at, "benefits")  # a closed tab's number, drawn in the new language
    assert at.text_input(key=f"{API}benefits.adoption_rate").value == "70%"
    # (the Options tab is not opened here: AppTest formats the selectors' labels outside the session, in French;
    # the browser test tests/e2e/test_browser_number_inputs.py types and reads on in English)


def test_the_settings_show_rates_in_percent_and_years_ungrouped(repo: Repository) -> None:
    at = open_page("settings/page.py", user=ADMIN)
    assert at.text_input(key="pf|settings|discount_rate").value == f"3,2{NNBSP}%"
    assert at.text_input(key="pf|settings|start_year").value == "2027"
    assert at.text_input(key="pf|settings|profile.population").value == f"120{NNBSP}000"
    at.text_input(key="pf|settings|discount_rate").input("4,5 %").run()
    at.text_input(key="pf|settings|profile.population").input("85 000").run()
    at.button(key="sp.save").click().run()
    assert_clean(at)
    stored = repo.get_settings()
    assert stored is not None
    assert stored.settings().discount_rate == 0.045 and stored.settings().profile.population == 85000

    at.text_input(key="pf|settings|discount_rate").input("60 %").run()
    assert f"Taux d'actualisation{NBSP}: « 60 % » dépasse le maximum, 50{NNBSP}%" in "\n".join(field_errors(at))
    at.button(key="sp.save").click().run()
    assert repo.get_settings().version == 1  # type: ignore[union-attr]


def test_a_declared_use_reads_its_staff_count_the_french_way(repo: Repository) -> None:
    at = open_page("current_uses.py", user=PORTEUR)
    at.text_input(key="cu.service").input("État civil")
    at.text_input(key="cu.tool").input("Correcteur")
    at.text_area(key="cu.usage").input("Relire les actes")
    at.selectbox(key="cu.kind").select("genai_api")
    at.text_input(key="cu.provider").input("openai")
    at.text_input(key="cu.model").input("gpt-4o")
    at.text_input(key="cu.users").input("douze")
    at.button[0].click().run()
    assert_clean(at)
    assert any("Agents qui l'utilisent\u00a0: « douze » n'est pas un nombre entier" in error
               for error in field_errors(at) + [unescape(text) for text in texts(at.caption)])
    assert repo.current_uses() == []
    at.text_input(key="cu.users").input("1 200")
    at.button[0].click().run()
    assert_clean(at)
    [use] = repo.current_uses()
    assert use.declaration.users == 1200


def test_a_register_entrys_decisions_per_year_are_read_the_french_way(repo: Repository) -> None:
    from evaluation.services.register import Register
    from evaluation.services.workflow import Workflow
    from tests.app.forms_harness import DSI
    from tests.support.register import approve
    from tests.support.workflow import DSI as DSI_PERSON

    approve(Workflow(repo), "formulaire", title="Formulaire")
    entry = Register(repo).create_from_decision("formulaire", user=DSI_PERSON)
    key = f"rm|{entry.id}|{entry.version}|decisions_per_year"
    at = open_page("register_entries.py", user=DSI)
    at.text_input(key=key).input("12,5")
    at.button(key="FormSubmitter:rm.form.formulaire.1-Enregistrer").click().run()
    assert_clean(at)
    assert (f"Décisions par an{NBSP}: « 12,5 » n'est pas un nombre entier ; écrivez par exemple 120{NNBSP}000"
            in "\n".join(field_errors(at)))
    assert repo.register_entry("formulaire").version == 1  # nothing saved
    at.text_input(key=key).input("1 200")
    at.button(key="FormSubmitter:rm.form.formulaire.1-Enregistrer").click().run()
    assert_clean(at)
    saved = repo.register_entry("formulaire")
    assert saved.version == 2 and saved.content.decisions_per_year == 1200
