"""The Paramètres page: French messages under fields, weights saved as the settings document."""

from __future__ import annotations

from evaluation.pipeline.evaluate import build_context
from evaluation.storage import Repository
from tests.app.forms_harness import ADMIN, assert_clean, field_errors, open_page, repo, unescape

__all__ = ["repo"]


def test_an_invalid_value_is_reported_under_its_field_and_nothing_is_saved(repo: Repository) -> None:
    at = open_page("settings/page.py", user=ADMIN)
    assert "Valeurs par défaut de Jauge" in " ".join(caption.value for caption in at.caption)
    at.text_input(key="pf|settings|hourly_costs.A").input("0").run()
    assert field_errors(at) == [":red[:material/error: Catégorie A (€/h)\u00a0: « 0 » doit être supérieur à 0\u00a0€]"]
    at.button(key="sp.save").click().run()
    assert_clean(at)
    assert "n'ont pas été enregistrés" in unescape(at.error[0].value)
    assert repo.get_settings() is None


def test_a_changed_weight_is_saved_and_rescores_the_portfolio(repo: Repository) -> None:
    at = open_page("settings/page.py", user=ADMIN)
    widget = at.text_input(key="pf|settings|matrix_weights.service_usagers")
    assert widget.value == "2"
    widget.input("6").run()
    at.button(key="sp.save").click().run()
    assert_clean(at)
    assert "Paramètres enregistrés (version 1)" in unescape(at.success[0].value)
    stored = repo.get_settings()
    assert stored is not None and stored.document["matrix_weights"] == {"service_usagers": 6.0}
    matrix = build_context(stored.settings()).matrix
    assert {criterion.id: criterion.weight for criterion in matrix.criteria}["service_usagers"] == 6.0
    at.run()
    assert at.text_input(key="pf|settings|matrix_weights.service_usagers").value == "6"
