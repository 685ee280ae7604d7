"""The permission table: every role x every action, allowed and refused, and ownership."""

from __future__ import annotations

import pytest

from evaluation.domain.workflow import Role
from evaluation.services.permissions import (
    OWN_ONLY,
    PERMISSIONS,
    Action,
    PermissionDenied,
    allowed,
    may,
    require,
    unrestricted,
)
from tests.support.workflow import Someone

# Written out by hand from the issue text, independently of PERMISSIONS.
EXPECTED: dict[str, set[str]] = {
    "porteur": {"view_portfolio", "view_proposal", "compare", "create_proposal", "import_proposals", "edit_draft",
                "submit", "new_version", "declare_current_use"},
    "dsi": {"view_portfolio", "view_proposal", "compare", "export", "start_review", "edit_technical",
            "give_opinion", "mark_condition_met", "manage_register", "declare_current_use", "follow_service",
            "view_bilan"},
    "elu": {"view_portfolio", "view_proposal", "compare", "export", "decide", "mark_condition_met", "view_bilan"},
    "admin": {"view_portfolio", "view_proposal", "compare", "export", "import_proposals", "edit_settings",
              "manage_accounts", "view_audit", "mark_condition_met", "manage_register", "declare_current_use",
              "follow_service", "view_bilan"},
}
CASES = [(role, action) for role in Role for action in Action]


def test_every_action_is_in_the_table_and_every_role_is_expected() -> None:
    assert set(PERMISSIONS) == set(Action)
    assert set(EXPECTED) == {role.value for role in Role}
    assert set().union(*EXPECTED.values()) <= {action.value for action in Action}


@pytest.mark.parametrize(("role", "action"), CASES, ids=[f"{r.value}-{a.value}" for r, a in CASES])
def test_each_role_is_allowed_exactly_its_actions(role: Role, action: Action) -> None:
    person = Someone(f"{role.value}.x", (role.value,))
    expected = action.value in EXPECTED[role.value]

    assert allowed(person, action) is expected
    assert may(person, action, owner=person.login) is expected
    if expected:
        require(person, action, owner=person.login)
    else:
        with pytest.raises(PermissionDenied, match="Action refusée"):
            require(person, action, owner=person.login)


@pytest.mark.parametrize("action", sorted(OWN_ONLY & PERMISSIONS.keys()), ids=lambda a: a.value)
def test_a_porteur_acts_on_its_own_proposals_only(action: Action) -> None:
    porteur = Someone("porteur.a", ("porteur",))

    assert may(porteur, action, owner="porteur.a")
    assert not may(porteur, action, owner="porteur.b")
    assert not unrestricted(porteur, action)
    with pytest.raises(PermissionDenied, match="ses propres dossiers"):
        require(porteur, action, owner="porteur.b")


def test_other_roles_act_on_every_proposal() -> None:
    for role in ("dsi", "elu", "admin"):
        person = Someone(f"{role}.x", (role,))
        assert may(person, Action.VIEW_PROPOSAL, owner="porteur.b")
        assert unrestricted(person, Action.VIEW_PROPOSAL)


def test_several_roles_add_up() -> None:
    both = Someone("marie", ("porteur", "dsi"))

    assert allowed(both, Action.SUBMIT) and allowed(both, Action.GIVE_OPINION)
    assert may(both, Action.VIEW_PROPOSAL, owner="someone.else")  # as DSI
    assert not may(both, Action.EDIT_DRAFT, owner="someone.else")  # only the porteur role grants it
    assert not allowed(both, Action.DECIDE)


def test_no_role_or_unknown_roles_allow_nothing() -> None:
    for person in (Someone("x", ()), Someone("y", ("superuser", "ADMIN"))):
        assert not any(allowed(person, action) for action in Action)


def test_refusal_names_the_roles_that_may_act() -> None:
    with pytest.raises(PermissionDenied) as caught:
        require(Someone("p", ("porteur",)), Action.DECIDE)

    assert str(caught.value) == "Action refusée : décider est réservé aux rôles suivants : Élu / comité."
