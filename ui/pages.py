"""The dashboard's pages: one small module (or one folder) each in ui/views/, with stable English URL
slugs, and the permission that opens each of them.

Every page but two names the actions (evaluation.services.permissions.Action) any of which opens it: a page
cannot be declared without one. The two pages open before sign-in, declared as such (`before_sign_in`), are
the sign-in page and the public register (what citizens may read: published entries only). No Streamlit
import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evaluation.services.permissions import Action

VIEWS_DIR = Path(__file__).resolve().parent / "views"


@dataclass(frozen=True)
class PageSpec:
    slug: str  # URL path, stable, English
    file: str  # its file in ui/views/
    title_key: str  # its title in the locale files
    icon: str  # Material icon
    section: str  # navigation section key (app.nav.section.<section>); "" for the sign-in page
    opened_by: tuple[Action, ...]  # the actions any of which opens the page (the services check every action)
    default: bool = False
    before_sign_in: bool = False  # the sign-in page and the public register only: open to everyone, no permission

    def __post_init__(self) -> None:
        if any(not isinstance(action, Action) for action in self.opened_by):
            raise TypeError(f"page {self.slug!r}: opened_by holds actions (evaluation.services.permissions.Action)")
        if self.before_sign_in and self.opened_by:
            raise ValueError(f"page {self.slug!r}: a page open before sign-in needs no permission")
        if not self.before_sign_in and not self.opened_by:
            raise ValueError(f"page {self.slug!r}: no permission opens it (opened_by is empty)")

    @property
    def path(self) -> Path:
        return VIEWS_DIR / self.file


def _page(slug: str, file: str, icon: str, section: str, *opened_by: Action, default: bool = False,
          before_sign_in: bool = False) -> PageSpec:
    return PageSpec(slug, file, f"app.nav.{slug}", icon, section, opened_by, default=default,
                    before_sign_in=before_sign_in)


# The navigation's pages, section by section.
PAGES: tuple[PageSpec, ...] = (
    _page("portfolio", "portfolio/page.py", ":material/bubble_chart:", "read", Action.VIEW_PORTFOLIO, default=True),
    _page("fiche", "fiche/page.py", ":material/article:", "read", Action.VIEW_PROPOSAL),
    _page("compare", "compare.py", ":material/compare_arrows:", "read", Action.COMPARE),
    # How every figure is computed: for everyone who reads the portfolio (every role).
    _page("methodology", "methodology.py", ":material/menu_book:", "read", Action.VIEW_PORTFOLIO),
    # The public register: published entries only, for everyone, signed in or not.
    _page("register", "public_register.py", ":material/public:", "read", before_sign_in=True),
    # The SNR annual bilan of the AI projects: for the DSI, the élus and the administrators.
    _page("bilan", "bilan.py", ":material/eco:", "read", Action.VIEW_BILAN),
    _page("proposal", "proposal/page.py", ":material/edit_note:", "work",
          Action.CREATE_PROPOSAL, Action.EDIT_DRAFT, Action.EDIT_TECHNICAL),
    _page("review", "review.py", ":material/rate_review:", "work", Action.GIVE_OPINION, Action.START_REVIEW),
    _page("decision", "decision.py", ":material/gavel:", "work", Action.DECIDE),
    _page("register-entries", "register_entries.py", ":material/library_books:", "work", Action.MANAGE_REGISTER),
    _page("current-uses", "current_uses.py", ":material/travel_explore:", "work", Action.DECLARE_CURRENT_USE),
    _page("import-export", "import_export/page.py", ":material/swap_vert:", "admin",
          Action.IMPORT_PROPOSALS, Action.EXPORT),
    _page("settings", "settings/page.py", ":material/settings:", "admin", Action.EDIT_SETTINGS, Action.MANAGE_ACCOUNTS),
)
# The sign-in page: shown before sign-in (and hidden once signed in); with the public register, the only
# page without a permission.
SIGN_IN = PageSpec("sign-in", "sign_in.py", "forms.signin.title", ":material/login:", "", (), before_sign_in=True)
SECTIONS = ("read", "work", "admin")


def page_spec(slug: str) -> PageSpec:
    for spec in (*PAGES, SIGN_IN):
        if spec.slug == slug:
            return spec
    raise KeyError(slug)


def page_path(slug: str) -> Path:
    """The page's file, for st.switch_page and st.page_link."""
    return page_spec(slug).path


def public_pages() -> tuple[PageSpec, ...]:
    """The pages of PAGES a visitor reaches without signing in (the public register)."""
    return tuple(spec for spec in PAGES if spec.before_sign_in)
