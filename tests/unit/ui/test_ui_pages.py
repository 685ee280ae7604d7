"""The page specs (ui/pages.py): one per page file of ui/views/, a title in both languages, and a
permission for every page but the sign-in page."""

from __future__ import annotations

import pytest

from evaluation.services.permissions import Action
from ui.i18n import LANGUAGES, catalog
from ui.pages import PAGES, SIGN_IN, VIEWS_DIR, PageSpec, page_spec

SPECS = (*PAGES, SIGN_IN)


def _page_files() -> list[str]:
    """The pages of ui/views/: its single-file modules and the `page.py` of each folder."""
    singles = [path.name for path in VIEWS_DIR.glob("*.py") if path.name != "__init__.py"]
    folders = [f"{path.parent.name}/page.py" for path in VIEWS_DIR.glob("*/page.py")]
    return sorted(singles + folders)


def test_every_page_file_has_exactly_one_spec_and_every_spec_a_file() -> None:
    declared = sorted(spec.file for spec in SPECS)
    assert declared == _page_files()
    assert all(spec.path.is_file() for spec in SPECS)
    assert len({spec.slug for spec in SPECS}) == len(SPECS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_a_title_in_each_language(lang: str) -> None:
    texts = catalog(lang)
    assert [spec.slug for spec in SPECS if not texts.get(spec.title_key)] == []


def test_a_page_without_a_permission_cannot_be_declared() -> None:
    with pytest.raises(ValueError, match="no permission"):
        PageSpec("new-page", "new_page.py", "app.nav.new-page", ":material/add:", "read", ())
    with pytest.raises(TypeError):
        PageSpec("new-page", "new_page.py", "app.nav.new-page", ":material/add:", "read")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="actions"):
        PageSpec("new-page", "new_page.py", "app.nav.new-page", ":material/add:", "read", ("decide",))  # type: ignore[arg-type]


def test_only_the_sign_in_page_and_the_public_register_open_before_sign_in_with_no_permission() -> None:
    assert [spec.slug for spec in SPECS if spec.before_sign_in] == ["register", "sign-in"]
    assert all(spec.opened_by == () for spec in SPECS if spec.before_sign_in)
    with pytest.raises(ValueError, match="needs no permission"):
        PageSpec("sign-in", "sign_in.py", "forms.signin.title", ":material/login:", "", (Action.DECIDE,),
                 before_sign_in=True)


def test_every_navigation_page_is_in_a_section_and_one_is_the_default() -> None:
    from ui.pages import SECTIONS

    assert all(spec.section in SECTIONS for spec in PAGES)
    assert [spec.slug for spec in PAGES if spec.default] == ["portfolio"]
    assert page_spec("fiche").path == VIEWS_DIR / "fiche" / "page.py"
