"""Jauge's dashboard: sets up the page, the session (language) and the navigation; pages live in ui/views/.

Run with `streamlit run dashboard.py`. This file is read twice:
- `streamlit run` finds the `app = st.App(...)` below (Streamlit's public ASGI entry point) and serves it:
  imported as the module `dashboard`, it builds the server, Streamlit's routes plus the cookie routes that set
  the HttpOnly sign-in cookie (ui/cookie_routes.py);
- the server then runs this same file as the page script (as `__main__`) for every session: `main()`.
"""

from __future__ import annotations

import base64
import contextlib
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import streamlit as st

from ui import auth, language, streamlit_markup
from ui.i18n import LANGUAGES, SESSION_KEY, current_language, t
from ui.pages import PAGES, SECTIONS
from ui.preload import preload_script

_STARTED = time.perf_counter()
_STARTED_CPU = time.thread_time()  # the script thread's CPU time: less sensitive than wall time to a loaded machine


def _record_timing(page_name: str) -> None:
    """With JAUGE_TIMINGS=<file.jsonl> (scripts/bench_dashboard.py), append this script run's server
    time: {"page", "seconds", "cpu_seconds", "at"} (page "sign-in" before sign-in; cpu_seconds: the script
    thread's CPU time); nothing happens when it is unset."""
    target = os.environ.get("JAUGE_TIMINGS")
    if not target:
        return
    import json

    line = {"page": page_name, "seconds": round(time.perf_counter() - _STARTED, 6),
            "cpu_seconds": round(time.thread_time() - _STARTED_CPU, 6), "at": time.time()}
    with open(target, "a", encoding="utf-8") as sink:
        sink.write(json.dumps(line) + "\n")


# A local favicon: a Material icon as page icon would be fetched from Google's font servers. Given as a
# data URL, Streamlit passes it on as is (a file path would be opened with Pillow on the first run).
_FAVICON = "data:image/png;base64," + base64.b64encode(
    (Path(__file__).parent / "ui" / "assets" / "favicon.png").read_bytes()).decode("ascii")


def _on_language() -> None:
    if st.session_state.get("num.inputs"):  # ui.forms.numbers.INPUTS_KEY, not imported before sign-in
        from ui.forms.numbers import relocalise

        relocalise(st.session_state, st.session_state[SESSION_KEY])  # numbers typed are written the new way
    if st.session_state.get("pf.drafts"):  # ui.forms.drafts.DRAFTS_KEY, not imported before sign-in (heavy)
        from ui.forms.drafts import settle_widgets

        settle_widgets(st.session_state)  # the form's selectors are drawn anew in the new language
    from ui import data

    user = auth.current_user()
    try:
        language.chosen(st.session_state, user.login if user else None, data.repository() if user else None)
    except Exception:  # noqa: BLE001 - the choice still holds for this session and this browser
        language.chosen(st.session_state, None)


def _language_picker() -> None:
    """In the sidebar: French or English (st.session_state["lang"]), kept across reloads by the browser's
    cookie and the account's preference (ui/language.py). It is not bound to the URL: a bound query
    parameter makes every st.switch_page fail ("cannot clear query parameters")."""
    language.start(st.session_state, st.context.cookies)
    with st.sidebar:
        st.segmented_control(
            "Langue / Language", LANGUAGES, key=SESSION_KEY, required=True, on_change=_on_language,
            format_func=lambda code: {"fr": "Français", "en": "English"}[code], label_visibility="collapsed",
            persist_state="session",
        )


def _follow_account_language(user: auth.SessionUser) -> None:
    """Once signed in: the account's language (drawn again in it when it differs from the session's)."""
    from ui import data

    try:
        redraw = language.follow_account(st.session_state, user.login, data.repository())
    except Exception:  # noqa: BLE001 - the session's language stays
        return
    if redraw:
        st.rerun()


def _navigation(user: auth.SessionUser) -> st.Page:
    """The pages the person's roles open (ui/pages.py; the services still check every action), by section,
    and the sign-in page, hidden: once signed in, it sends to the portfolio."""
    sections = {
        t(f"app.nav.section.{section}"): [
            st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.slug, default=spec.default)
            for spec in PAGES if spec.section == section and auth.sees_page(user, spec.slug)
        ]
        for section in SECTIONS
    }
    sections = {title: pages for title, pages in sections.items() if pages}
    sections.setdefault(next(iter(sections), ""), []).append(auth.sign_in_page(hidden=True))
    return st.navigation(sections, position="sidebar", expanded=True)


def _streamlit_markup() -> None:
    """What Streamlit's own markup needs for RGAA and French (ui/streamlit_markup.py), drawn in the sidebar."""
    texts = streamlit_markup.Texts(
        browse=t("app.streamlit.browse"), drop=t("app.streamlit.drop", size=st.get_option("server.maxUploadSize")),
        add=t("app.streamlit.add"), help=t("app.streamlit.help"), skip=t("app.streamlit.skip"),
        apply=t("app.streamlit.apply"), submit=t("app.streamlit.submit"), enter=t("app.streamlit.enter"),
        names=_control_names())
    with st.sidebar:
        st.html(streamlit_markup.markup(current_language(), texts), unsafe_allow_javascript=True)


def _control_names() -> dict[str, str]:
    """Streamlit's and Plotly's English names of controls, and ours in every language, → ours in the page's
    language (a control named in the language left behind is renamed too)."""
    names: dict[str, str] = {}
    for key, english in streamlit_markup.NAMES.items():
        ours = t(f"app.streamlit.names.{key}")
        for text in {english, *(t(f"app.streamlit.names.{key}", lang=lang) for lang in LANGUAGES)} - {ours}:
            names[text] = ours
    return names


def main() -> None:
    st.set_page_config(page_title="Jauge", page_icon=_FAVICON, layout="wide",
                       initial_sidebar_state="expanded", menu_items={"Get help": None, "Report a bug": None})
    _language_picker()
    _streamlit_markup()
    page_name = "sign-in"
    try:
        if auth.current_user() is None and preload_script():
            # While the person signs in, the browser loads the modules the portfolio draws with: the page after
            # sign-in then only draws.
            with st.sidebar:
                st.html(preload_script(), unsafe_allow_javascript=True)
        # Nothing but the sign-in page before sign-in; then the pages the person's roles open.
        user = auth.gate()
        _follow_account_language(user)
        with st.sidebar:
            auth.account_box(user)
        page = _navigation(user)
        page_name = page.url_path or "portfolio"
        st.set_page_config(page_title=f"{page.title} · Jauge")  # a title per page (RGAA 8.6)
        page.run()
    finally:  # also after st.stop() (the sign-in page) or st.switch_page()
        _record_timing(page_name)
        # Once the first page is drawn (not before: it would compete with it for the interpreter), the
        # engine and the portfolio are prepared in the background while the person signs in.
        from ui import data

        data.warm_up()


if __name__ == "__main__":  # the page script, run by Streamlit for every session
    main()
else:  # imported by `streamlit run dashboard.py` (or an ASGI server): the server and its cookie routes. Nothing
    # with a Streamlit cache is imported here (ui.data): the runtime does not exist yet.
    from ui import cookie_routes, first_run

    def _repository() -> object:
        from ui import data

        return data.repository()

    @contextlib.asynccontextmanager
    async def _lifespan(_app: st.App) -> AsyncIterator[None]:
        """Run by the server once Streamlit's runtime has started, before it takes requests: what the first
        session's script run would otherwise do is done meanwhile (ui/first_run.py)."""
        first_run.start()
        yield

    app = st.App(__file__, lifespan=_lifespan, routes=cookie_routes.routes(
        _repository, forget_token=auth.forget_token, base_url_path=str(st.get_option("server.baseUrlPath") or "")))
