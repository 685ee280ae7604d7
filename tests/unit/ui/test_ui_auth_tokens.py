"""The sign-in cookie's script and the pages each role sees (the tokens: tests/integration/storage/
test_remembered_sign_ins.py)."""

from __future__ import annotations

import pytest

from ui.auth import SessionUser, sees_page
from ui.auth_tokens import COOKIE, cookie_script


def test_the_cookie_script_sets_and_deletes_the_cookie_and_refuses_other_text() -> None:
    assert f"{COOKIE}=abc-_1; Path=/; Max-Age=60; SameSite=Strict; Secure" in cookie_script(
        "abc-_1", max_age_s=60, secure=True)
    assert f"{COOKIE}=; Path=/; Max-Age=0; SameSite=Strict'" in cookie_script(None, max_age_s=60, secure=False)
    with pytest.raises(ValueError):
        cookie_script("x'; alert(1); '", max_age_s=60, secure=False)


@pytest.mark.parametrize(("roles", "pages"), [
    (("porteur",), {"portfolio", "fiche", "compare", "methodology", "register", "proposal", "import-export",
                    "current-uses"}),
    (("dsi",), {"portfolio", "fiche", "compare", "methodology", "bilan", "register", "proposal", "review",
                "import-export", "register-entries", "current-uses"}),
    (("elu",), {"portfolio", "fiche", "compare", "methodology", "bilan", "register", "decision", "import-export"}),
    (("admin",), {"portfolio", "fiche", "compare", "methodology", "bilan", "register", "import-export", "settings",
                  "register-entries", "current-uses"}),
])
def test_each_role_sees_its_pages(roles: tuple[str, ...], pages: set[str]) -> None:
    from ui.pages import PAGES

    user = SessionUser(login="x", name="X", roles=roles)
    assert {spec.slug for spec in PAGES if sees_page(user, spec.slug)} == pages
    # signed out: the public register only
    assert [spec.slug for spec in PAGES if sees_page(None, spec.slug)] == ["register"]


def test_the_forms_logic_modules_do_not_import_streamlit() -> None:
    import subprocess
    import sys

    code = ("import sys, ui.auth, ui.auth_tokens, ui.forms.field_specs, ui.forms.drafts, ui.views.settings.draft, "
            "ui.views.import_export.files, ui.workflow_inputs, ui.views.proposal.catalog; print('streamlit' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
