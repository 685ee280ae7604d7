"""Shared widgets: page header, metric cards with ranges and sources, badges, empty states, charts.

No raw HTML: every text goes through Streamlit's own elements (markdown is escaped where it holds
text typed by people, see `plain`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from ui import theme
from ui.i18n import current_language, label, t

_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def plain(text: Any) -> str:
    """Text typed by people, escaped for st.markdown (no formatting, links, HTML or icons)."""
    value = "" if text is None else str(text)
    return "".join(f"\\{ch}" if ch in _MARKDOWN_SPECIAL else ch for ch in value)


def lang() -> str:
    return current_language()


def page_header(title: str, intro: str | None = None, *, icon: str | None = None) -> None:
    st.title(f"{icon} {title}" if icon else title, anchor=False)
    if intro:
        st.caption(intro)


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
                link_label: str | None = None) -> None:
    """A calm message where there is nothing to show yet, with the page that fixes it."""
    with st.container(border=True):
        st.info(message, icon=icon)
        if link_to:
            page_link(link_to, link_label or t(f"app.nav.{link_to}"), icon=":material/arrow_forward:")


def page_link(slug: str, label: str, *, icon: str) -> None:
    """A link to another page, drawn only when the signed-in person's roles open that page."""
    from ui import auth
    from ui.pages import page_path

    if auth.sees_page(auth.current_user(), slug):
        st.page_link(page_path(slug), label=label, icon=icon)


def source_caption(text: str) -> None:
    st.caption(f":material/info: {text}")


def plotly(figure: Any, *, key: str, on_select: Any = "ignore", selection_mode: Any = ("points",)) -> Any:
    """A Plotly chart with the app's settings: no logo, nothing fetched from outside."""
    return st.plotly_chart(figure, key=key, on_select=on_select, selection_mode=selection_mode,
                           config=theme.PLOTLY_CONFIG, width="stretch")


def go_to_fiche(proposal_id: str, option: int | None = None) -> None:
    """Open a proposal's fiche (its id travels in the URL: ?proposal=...)."""
    from ui.pages import page_path

    params = {"proposal": proposal_id}
    if option is not None:
        params["option"] = str(option)
    st.switch_page(Path(page_path("fiche")), query_params=params)
