"""The dashboard's pages: one small module each in ui/views/, with stable English URL slugs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

VIEWS_DIR = Path(__file__).resolve().parent / "views"


@dataclass(frozen=True)
class PageSpec:
    slug: str  # URL path, stable, English
    module: str  # file in ui/views/
    icon: str  # Material icon
    section: str  # navigation section key (app.nav.section.<section>)
    default: bool = False

    @property
    def path(self) -> Path:
        return VIEWS_DIR / self.module

    @property
    def title_key(self) -> str:
        return f"app.nav.{self.slug}"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("portfolio", "portfolio/page.py", ":material/bubble_chart:", "read", default=True),
    PageSpec("fiche", "fiche/page.py", ":material/article:", "read"),
    PageSpec("compare", "compare.py", ":material/compare_arrows:", "read"),
    PageSpec("methodology", "methodology.py", ":material/menu_book:", "read"),
    PageSpec("proposal", "proposal/page.py", ":material/edit_note:", "work"),
    PageSpec("review", "review.py", ":material/rate_review:", "work"),
    PageSpec("decision", "decision.py", ":material/gavel:", "work"),
    PageSpec("import-export", "import_export/page.py", ":material/swap_vert:", "admin"),
    PageSpec("settings", "settings/page.py", ":material/settings:", "admin"),
)
SECTIONS = ("read", "work", "admin")


def page_spec(slug: str) -> PageSpec:
    for spec in PAGES:
        if spec.slug == slug:
            return spec
    raise KeyError(slug)


def page_path(slug: str) -> Path:
    """The page's file, for st.switch_page and st.page_link."""
    return page_spec(slug).path
