"""Every action the repositories can write to the audit trail has a label in the Historique, in French and in
English (issue 14: publish, review, withdraw... were shown as raw names), and the audit trail refuses an action
that is not declared (evaluation.domain.workflow.AUDIT_ACTIONS)."""

from __future__ import annotations

import re

import pytest

from evaluation.domain.workflow import AUDIT_ACTIONS, EntityType
from evaluation.resources import ROOT
from evaluation.storage.repositories.audit import event
from ui.i18n import LANGUAGES, catalog

ACTION_LITERAL = re.compile(r"""\baction=["']([a-z_]+)["']""")
WRITERS = [*sorted((ROOT / "evaluation" / "storage").rglob("*.py")),
           *sorted((ROOT / "evaluation" / "services").rglob("*.py"))]
PAIRS = sorted((entity_type, action) for entity_type, actions in AUDIT_ACTIONS.items() for action in actions)


def test_every_entity_type_declares_its_actions() -> None:
    assert set(AUDIT_ACTIONS) == set(EntityType)
    assert all(AUDIT_ACTIONS.values())


def test_every_action_written_in_the_code_is_declared() -> None:
    declared = {action for actions in AUDIT_ACTIONS.values() for action in actions}
    written = {(path.relative_to(ROOT).as_posix(), name) for path in WRITERS
               for name in ACTION_LITERAL.findall(path.read_text(encoding="utf-8"))}
    assert len(written) >= 20
    assert sorted(item for item in written if item[1] not in declared) == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("entity_type", "action"), PAIRS, ids=[f"{e.value}-{a}" for e, a in PAIRS])
def test_every_action_has_a_label(entity_type: EntityType, action: str, lang: str) -> None:
    text = catalog(lang).get(f"app.fiche.history.action.{entity_type.value}.{action}")
    assert text, f"no {lang} label for {entity_type.value}.{action}"
    assert text != action and "_" not in text


def test_the_two_languages_label_each_action_differently() -> None:
    french, english = catalog("fr"), catalog("en")
    keys = [f"app.fiche.history.action.{entity_type.value}.{action}" for entity_type, action in PAIRS]
    assert [key for key in keys if french[key] == english[key]] == []


def test_an_undeclared_action_is_refused() -> None:
    with pytest.raises(ValueError, match="publish"):
        event(actor="x", entity_type=EntityType.PROPOSAL, entity_id="p", action="publish")
    assert event(actor="x", entity_type=EntityType.REGISTER_ENTRY, entity_id="e", action="publish")["action"] == "publish"
