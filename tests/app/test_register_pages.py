"""The public register page, signed out: published entries only, searchable, with their figures, typed markup
shown as text; signed-out visitors reach no other page. The management page for the DSI."""

from __future__ import annotations

import pytest

from evaluation.domain.workflow import Outcome
from evaluation.services.register import Register
from evaluation.services.workflow import Workflow
from evaluation.storage import Repository
from tests.app.forms_harness import ADMIN, DSI, PORTEUR, assert_clean, field_errors, open_page, repo, texts, unescape
from tests.support.register import MARKUP, approve, complete, published
from tests.support.workflow import ADMIN as ADMIN_PERSON
from tests.support.workflow import DSI as DSI_PERSON

__all__ = ["repo"]


@pytest.fixture
def register(repo: Repository) -> Register:
    """One published entry with markup in its texts, and entries that must never show."""
    register = Register(repo)
    published(register, "public", title=f"Assistant courriers {MARKUP}", purpose=f"Répondre plus vite {MARKUP}",
              data_sources=[f"Courriers {MARKUP}"])
    published(register, "autre", title="Tri des demandes de subvention", department="Vie associative")
    workflow = Workflow(repo)
    approve(workflow, "brouillon", title="SECRET-BROUILLON")
    register.create_from_decision("brouillon", user=DSI_PERSON)
    retiree = published(register, "retiree", title="SECRET-RETIREE")
    register.withdraw(retiree.id, user=ADMIN_PERSON, reason="Arrêt.")
    approve(workflow, "rejete", title="SECRET-REJETE", outcome=Outcome.REJETE)
    entry = repo.register_entry("public")
    register.save("public", complete(f"Assistant courriers {MARKUP}", purpose="SECRET-MODIFICATION"), user=DSI_PERSON,
                  expected_version=entry.version)
    return register


def _everything(at: object) -> str:
    parts: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "text"):
        parts += texts(getattr(at, kind))
    return "\n".join(parts)


def test_signed_out_the_public_page_shows_the_published_entries_only(register: Register) -> None:
    at = open_page("public_register.py", user=None)

    assert [title.value for title in at.title][0].endswith("Registre des algorithmes et de l'IA")
    subheaders = [unescape(s) for s in texts(at.subheader)]
    assert subheaders == [f"Assistant courriers {MARKUP}", "Tri des demandes de subvention"]
    shown = _everything(at)
    assert "SECRET" not in shown
    for login in ("dsi.martin", "porteur.a", "elu.durand"):
        assert login not in shown
    # typed markup is escaped for Streamlit's markdown: no tag survives unescaped
    assert MARKUP not in shown and "\\<script\\>" in shown
    assert "2 algorithme(s) sur 2 publié(s)" in shown
    assert any("kg CO2e" in text for text in texts(at.markdown))  # the footprint range
    assert any("mistralai/mistral" in unescape(text) for text in texts(at.markdown))  # the model


def test_the_search_keeps_the_entries_holding_every_word(register: Register) -> None:
    at = open_page("public_register.py", user=None)
    at.text_input(key="rg.search").input("subvention associative").run()
    assert_clean(at)
    assert [unescape(s) for s in texts(at.subheader)] == ["Tri des demandes de subvention"]
    at.text_input(key="rg.search").input("introuvable").run()
    assert texts(at.subheader) == [] and "Aucun algorithme publié ne correspond" in _everything(at)


def test_signed_out_the_only_scripts_are_the_sign_in_page_and_the_public_register(register: Register) -> None:
    """Every other page's URL runs the sign-in page: no other script is registered before sign-in."""
    import re

    from streamlit.testing.v1 import AppTest

    from tests.app.forms_harness import DASHBOARD, TIMEOUT_S

    at = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    at.run()
    assert [title.value for title in at.title] == ["Connexion"]
    with pytest.raises(ValueError, match="Known pages") as refused:
        at.switch_page("ui/views/register_entries.py")
    known = set(re.findall(r"ui/views/[\w/]+\.py", str(refused.value).split("Known pages")[1]))
    assert known == {"ui/views/sign_in.py", "ui/views/public_register.py"}


def test_the_empty_register_says_so(repo: Repository) -> None:
    at = open_page("public_register.py", user=None)
    assert "Aucun algorithme n'est publié pour le moment." in _everything(at)


def test_the_management_page_lists_every_entry_for_the_dsi_only(register: Register) -> None:
    at = open_page("register_entries.py", user=DSI)
    options = at.selectbox(key="rm.pick").options
    assert len(options) == 4 and any("Brouillon" in option for option in options)
    at = open_page("register_entries.py", user=ADMIN)
    assert_clean(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page("register_entries.py", user=PORTEUR)  # not in a porteur's navigation


def test_the_dsi_creates_an_entry_from_an_approved_proposal(repo: Repository) -> None:
    approve(Workflow(repo), "nouveau", title="Nouveau dossier")
    at = open_page("register_entries.py", user=DSI)
    assert at.selectbox(key="rm.candidate").value == "nouveau"
    at.button(key="rm.create").click().run()
    assert_clean(at)
    assert repo.register_entry("nouveau").created_by == "dsi.martin"
    assert any("créée en brouillon" in unescape(text) for text in texts(at.success))


def test_the_dsi_completes_an_entry_and_a_wrong_link_is_named(repo: Repository) -> None:
    approve(Workflow(repo), "formulaire", title="Formulaire")
    entry = Register(repo).create_from_decision("formulaire", user=DSI_PERSON)
    prefix = f"rm|{entry.id}|{entry.version}|"
    at = open_page("register_entries.py", user=DSI)

    at.text_input(key=prefix + "rules_url").input("javascript:alert(1)")
    at.text_area(key=prefix + "legal_basis").input("CGCT, art. L2121-29.")
    at.button(key="FormSubmitter:rm.form.formulaire.1-Enregistrer").click().run()
    assert_clean(at)
    errors = field_errors(at)
    assert any(error.startswith(":red[:material/error: « Règles publiées ou code source » :") for error in errors)
    assert repo.register_entry("formulaire").version == 1  # nothing saved

    at.text_input(key=prefix + "rules_url").input("https://ville.example/regles")
    at.button(key="FormSubmitter:rm.form.formulaire.1-Enregistrer").click().run()
    assert_clean(at)
    saved = repo.register_entry("formulaire")
    assert saved.version == 2 and saved.content.legal_basis == "CGCT, art. L2121-29."
    assert saved.content.rules_url == "https://ville.example/regles" and saved.updated_by == "dsi.martin"
