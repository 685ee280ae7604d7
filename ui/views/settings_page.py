"""Page « Paramètres » (slug settings): placeholder until it is written."""

from __future__ import annotations

from ui.i18n import t
from ui.widgets import empty_state, page_header

page_header(t("app.nav.settings"))
empty_state(t("app.common.coming_soon"), icon=":material/construction:")
