"""Shared widgets: page header and opening, messages kept across a rerun, errors under a field, metric
cards with ranges and sources, badges, empty states, links to other pages, charts.

No raw HTML: every text goes through Streamlit's own elements (markdown is escaped where it holds
text typed by people, see ui.formatting.md_escape).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from ui import auth, data, theme
from ui.formatting import format_number, md_escape
from ui.i18n import current_language, label, t, t_count
from ui.pages import page_path

_FLASH_ICONS = {"success": ":material/check_circle:", "error": ":material/error:", "warning": ":material/warning:",
                "info": ":material/info:"}


def lang() -> str:
    return current_language()


def page_header(title: str, intro: str | None = None, *, icon: str | None = None) -> None:
    st.title(f"{icon} {title}" if icon else title, anchor=False)
    if intro:
        st.caption(intro)


def open_page(title: str, intro: str, *, icon: str) -> bool:
    """The page's header; False, with a message a person can act on, when the database cannot be opened."""
    page_header(title, intro, icon=icon)
    try:
        data.repository()
    except Exception as exc:  # noqa: BLE001 - shown to the person, not raised
        st.error(t("app.common.data_error", error=md_escape(exc)), icon=":material/error:")
        return False
    return True


def flash(key: str, kind: str, text: str) -> None:
    """Keep a message (kind: success, error, warning or info) to show after the rerun that follows an action."""
    st.session_state.setdefault(key, []).append((kind, text))


def show_flash(key: str) -> None:
    """Show, once, the messages kept under key."""
    for kind, text in st.session_state.pop(key, []):
        kind = kind if kind in _FLASH_ICONS else "info"
        getattr(st, kind)(md_escape(text), icon=_FLASH_ICONS[kind])


def show_errors(messages: Sequence[str]) -> None:
    """French messages under the field they concern."""
    for message in messages:
        st.caption(f":red[:material/error: {md_escape(message)}]")


def left_out_text(names: tuple[str, ...], page_lang: str) -> str:
    """"  \n3 options sans estimation, non comptées : a ; b ; c", or nothing when every option counts."""
    if not names:
        return ""
    return "  \n" + t_count("app.common.left_out", len(names), lang=page_lang,
                            count=format_number(len(names), lang=page_lang),
                            names=" ; ".join(md_escape(name) for name in names))



def metric_card(label: str, value: str, *, range_text: str | None = None, source: str | None = None,
                help_text: str | None = None, icon: str | None = None, key: str | None = None) -> None:
    """A bordered card: label, value, its min-max range (only where it is one) and where it comes from."""
    with st.container(border=True, key=key):
        st.metric(label, value, help=help_text or source, icon=icon)
        lines = []
        if range_text and range_text != value:
            lines.append(t("app.common.range", range=range_text))
        if source:
            lines.append(source)
        if lines:
            st.caption("  \n".join(lines))


def verdict_badge(verdict: Any, *, help_text: str | None = None) -> None:
    code = str(verdict) if verdict is not None else ""
    if code not in theme.VERDICT_BADGES:
        st.badge(t("app.common.unknown"), icon=":material/help:", color="gray")
        return
    st.badge(label("verdict", code), icon=theme.VERDICT_ICONS[code], color=theme.VERDICT_BADGES[code],  # type: ignore[arg-type]
             help=help_text)


def quadrant_badge(quadrant: Any) -> None:
    code = str(quadrant) if quadrant is not None else ""
    colour = theme.QUADRANT_BADGES.get(code, "gray")
    st.badge(label("quadrant", code) if code else t("app.common.unknown"), color=colour,  # type: ignore[arg-type]
             icon=":material/grid_view:")


def rule_status_badge(status: Any) -> None:
    code = str(status)
    st.badge(label("rule_status", code), icon=theme.STATUS_ICONS.get(code), color=theme.STATUS_BADGES.get(code, "gray"))  # type: ignore[arg-type]


def workflow_badge(status: Any, outcome: Any = None) -> None:
    code = str(status) if status else "brouillon"
    text = label("status", code)
    if code == "decide" and outcome:
        text = f"{text} : {label('outcome', outcome)}" if lang() == "fr" else f"{text}: {label('outcome', outcome)}"
    st.badge(text, color="gray" if code == "brouillon" else "blue", icon=":material/flag:")


def empty_state(message: str, *, icon: str = ":material/inbox:", link_to: str | None = None,
                link_label: str | None = None, link_action: str | None = None) -> None:
    """A calm message where there is nothing to show yet, with the page that fixes it (see `page_link`)."""
    with st.container(border=True):
        st.info(message, icon=icon)
        if link_to:
            page_link(link_to, link_label or t(f"app.nav.{link_to}"), icon=":material/arrow_forward:",
                      action=link_action)


def page_link(slug: str, label: str, *, icon: str, action: str | None = None) -> None:
    """A link to another page, drawn only when the signed-in person's roles open that page and, when the
    link names what to do there (`action`, e.g. import_proposals), allow that action."""
    user = auth.current_user()
    if auth.sees_page(user, slug) and (action is None or auth.may(user, action)):
        st.page_link(page_path(slug), label=label, icon=icon)


def file_uploader(label: str, *, types: Sequence[str], key: str | None = None, help_text: str | None = None) -> Any:
    """Streamlit's file uploader, its fixed English replaced by our words (ui/streamlit_markup.py) and the
    accepted formats told in a caption under it, in the page's language."""
    upload = st.file_uploader(label, type=list(types), key=key, help=help_text)
    names = [kind.upper() for kind in types]
    joined = ", ".join(names[:-1]) + (f" {t('app.streamlit.or')} " if len(names) > 1 else "") + names[-1]
    st.caption(t("app.streamlit.types", types=joined))
    return upload


def source_caption(text: str) -> None:
    st.caption(f":material/info: {text}")


def plotly(figure: Any, *, key: str, on_select: Any = "ignore", selection_mode: Any = ("points",),
           figures_beside: bool = False) -> Any:
    """A Plotly chart with the app's settings (no logo, nothing fetched from outside) and its text alternative
    (RGAA 1.3): the figures it draws, as a table in an expander under it (ui.charts.figure_table), unless the
    caller draws a table of the same figures beside it (`figures_beside`)."""
    event = st.plotly_chart(figure, key=key, on_select=on_select, selection_mode=selection_mode,
                            config=theme.PLOTLY_CONFIG, width="stretch")
    if not figures_beside:
        from ui.charts import figure_table

        title = str(figure.layout.title.text or "")
        with st.expander(t("app.chart.figures", title=title) if title else t("app.chart.figures_untitled"),
                         icon=":material/table:"):
            st.dataframe(figure_table(figure, lang=current_language()), hide_index=True, key=f"{key}_figures")
    return event


def go_to_fiche(proposal_id: str, option: int | None = None) -> None:
    """Open a proposal's fiche (its id travels in the URL: ?proposal=...)."""
    params = {"proposal": proposal_id}
    if option is not None:
        params["option"] = str(option)
    st.switch_page(Path(page_path("fiche")), query_params=params)
