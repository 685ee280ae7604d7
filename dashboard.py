"""Jauge's dashboard: sets up the page, the session (language) and the navigation; pages live in ui/views/.

Run with `streamlit run dashboard.py`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import auth, data
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, SESSION_KEY, t
from ui.navigation import PAGES, SECTIONS

# A local favicon: a Material icon as page icon would be fetched from Google's font servers.
st.set_page_config(page_title="Jauge", page_icon=str(Path(__file__).parent / "ui" / "assets" / "favicon.png"),
                   layout="wide",
                   initial_sidebar_state="expanded", menu_items={"Get help": None, "Report a bug": None})

with st.sidebar:
    # The language is kept per session (st.session_state["lang"]). It is not bound to the URL: a
    # bound query parameter makes every st.switch_page fail ("cannot clear query parameters").
    st.segmented_control(
        "Langue / Language", LANGUAGES, key=SESSION_KEY, default=DEFAULT_LANGUAGE, required=True,
        format_func=lambda code: {"fr": "Français", "en": "English"}[code], label_visibility="collapsed",
        persist_state="session",
    )

data.warm_up()  # the engine and the portfolio are prepared while the sign-in page is shown

# Nothing but the sign-in page before sign-in; then the pages the person's roles open (the services
# still check every action).
user = auth.gate()
with st.sidebar:
    auth.account_box(user)
sections = {
    t(f"app.nav.section.{section}"): [
        st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.slug, default=spec.default)
        for spec in PAGES if spec.section == section and auth.sees_page(user, spec.slug)
    ]
    for section in SECTIONS
}
sections = {title: pages for title, pages in sections.items() if pages}
sections.setdefault(next(iter(sections), ""), []).append(auth.sign_in_page(hidden=True))
page = st.navigation(sections, position="sidebar", expanded=True)
page.run()
