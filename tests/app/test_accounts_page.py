"""The administrators' accounts screen (Paramètres, tab Comptes): the list of accounts with their roles;
an account created, its roles changed, deactivated, its password reset, each through the services (audit
trail naming the administrator); wrong input refused in French with nothing written; other roles do not
see the screen."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from evaluation.services.accounts import Accounts, SignInRefused
from evaluation.storage import Repository
from tests.app.forms_harness import ADMIN, DSI, assert_clean, open_page, repo, texts, unescape
from tests.support.rows import records_of

__all__ = ["repo"]

PASSWORD = "un-mot-de-passe-assez-long"  # noqa: S105 - accounts of a temporary database


@pytest.fixture
def accounts(repo: Repository) -> Accounts:
    """The administrator signed in on the page, and a DSI, both with their account in the database."""
    service = Accounts(repo)
    service.create(login=ADMIN.login, password=PASSWORD, roles=["admin"], name=ADMIN.name, by="tests")
    service.create(login=DSI.login, password=PASSWORD, roles=["dsi"], name=DSI.name, by="tests")
    return service


def _accounts_tab(at: AppTest) -> None:
    assert [tab.label for tab in at.tabs][-1] == "Comptes"


def _table(at: AppTest) -> list[dict[str, str]]:
    frame = next(table.value for table in at.dataframe
                 if list(table.value.columns) == ["login", "name", "roles", "active", "last"])
    return [{column: str(value) for column, value in row.items()} for row in records_of(frame)]


def _messages(at: AppTest) -> list[str]:
    return [unescape(text) for text in texts(at.success) + texts(at.error)]


def _create(at: AppTest, login: str, *, password: str = PASSWORD, confirm: str | None = None,
            roles: list[str] | None = None) -> AppTest:
    at.text_input(key="ac.new.login").input(login)
    at.text_input(key="ac.new.name").input("Camille Comptable")
    at.multiselect(key="ac.new.roles").set_value(roles if roles is not None else ["porteur", "elu"])
    at.text_input(key="ac.new.password").input(password)
    at.text_input(key="ac.new.confirm").input(password if confirm is None else confirm)
    at.button(key="FormSubmitter:ac.create-Créer le compte").click().run()
    assert_clean(at)
    return at


def test_the_administrator_sees_every_account_with_its_roles(accounts: Accounts) -> None:
    at = open_page("settings/page.py", user=ADMIN)
    _accounts_tab(at)
    rows = _table(at)
    assert [(row["login"], row["name"], row["roles"], row["active"]) for row in rows] == [
        ("admin", "Ada Admin", "Administrateur", "Actif"),
        ("dsi.martin", "Marc Martin", "DSI / référent numérique responsable", "Actif"),
    ]
    assert all(row["last"] == "—" for row in rows)  # nobody has signed in yet


def test_an_account_is_created_with_its_roles_and_the_trail_names_the_administrator(
        accounts: Accounts, repo: Repository) -> None:
    at = _create(open_page("settings/page.py", user=ADMIN), "camille.compta")
    assert "Compte « camille.compta » créé." in _messages(at)
    stored = repo.get_user("camille.compta")
    assert (stored.name, sorted(str(getattr(r, "value", r)) for r in stored.roles), stored.active) == (
        "Camille Comptable", ["elu", "porteur"], True)
    assert accounts.sign_in("camille.compta", PASSWORD).login == "camille.compta"
    created = repo.audit_events("camille.compta")[0]
    assert (created.action, created.actor) == ("create", "admin")
    assert at.text_input(key="ac.new.password").value == ""  # the password is not kept in the form
    assert "camille.compta" in [row["login"] for row in _table(at)]


@pytest.mark.parametrize(("password", "confirm", "roles", "message"), [
    (PASSWORD, PASSWORD + "x", ["porteur"], "Les deux mots de passe saisis sont différents."),
    ("court", "court", ["porteur"], "Mot de passe trop court : au moins 12 caractères."),
    (PASSWORD, PASSWORD, [], "rôle"),
], ids=["confirmation-differente", "mot-de-passe-court", "sans-role"])
def test_wrong_input_is_refused_in_french_and_creates_nothing(accounts: Accounts, repo: Repository, password: str,
                                                              confirm: str, roles: list[str], message: str) -> None:
    at = _create(open_page("settings/page.py", user=ADMIN), "camille.compta", password=password, confirm=confirm,
                 roles=roles)
    errors = [unescape(text) for text in texts(at.error)]
    assert len(errors) == 1 and message in errors[0], errors
    assert not texts(at.success)
    assert [user.login for user in repo.list_users()] == ["admin", "dsi.martin"]


def test_roles_are_changed_and_an_account_deactivated(accounts: Accounts, repo: Repository) -> None:
    at = open_page("settings/page.py", user=ADMIN)
    at.selectbox(key="ac.pick").set_value("dsi.martin").run()
    assert at.multiselect(key="ac.dsi.martin.roles").value == ["dsi"]
    at.multiselect(key="ac.dsi.martin.roles").set_value(["dsi", "elu"])
    at.toggle(key="ac.dsi.martin.active").set_value(False)
    at.button(key="ac.save").click().run()
    assert_clean(at)
    assert "Compte « dsi.martin » mis à jour." in _messages(at)
    stored = repo.get_user("dsi.martin")
    assert sorted(str(getattr(r, "value", r)) for r in stored.roles) == ["dsi", "elu"] and not stored.active
    assert {row["login"]: row["active"] for row in _table(at)}["dsi.martin"] == "Désactivé"
    with pytest.raises(SignInRefused):
        accounts.sign_in("dsi.martin", PASSWORD)
    assert [event.actor for event in repo.audit_events("dsi.martin")][-2:] == ["admin", "admin"]


def test_a_password_is_reset_and_only_the_new_one_signs_in(accounts: Accounts) -> None:
    at = open_page("settings/page.py", user=ADMIN)
    at.selectbox(key="ac.pick").set_value("dsi.martin").run()
    at.text_input(key="ac.dsi.martin.password").input("un-tout-nouveau-mot-de-passe")
    at.button(key="ac.reset").click().run()
    assert_clean(at)
    assert "Mot de passe du compte « dsi.martin » réinitialisé." in _messages(at)
    assert at.text_input(key="ac.dsi.martin.password").value == ""
    assert accounts.sign_in("dsi.martin", "un-tout-nouveau-mot-de-passe").login == "dsi.martin"
    with pytest.raises(SignInRefused):
        accounts.sign_in("dsi.martin", PASSWORD)


def test_someone_who_is_not_an_administrator_does_not_see_the_accounts(accounts: Accounts) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not in the DSI's navigation
        open_page("settings/page.py", user=DSI)
