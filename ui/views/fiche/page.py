"""Fiche dossier: one proposal in five tabs; the proposal and option travel in the URL (?proposal=...&option=...).

A porteur sees its own proposals only (evaluation.services.permissions, view_proposal): the selector
lists what the person may view, and another's proposal asked for in the URL is refused with the
service's French message, nothing of it drawn. Each tab is a module of this folder."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from evaluation.services.permissions import PermissionDenied
from evaluation.storage import NotFound
from evaluation.table.columns import (
    OPTION_INDEX,
    OPTION_NAME,
    PROPOSAL_CATEGORY,
    PROPOSAL_DIRECTION,
    PROPOSAL_ID,
    PROPOSAL_TITLE,
)
from ui import auth, data
from ui.conditions import conditions_panel
from ui.formatting import label_value, md_escape, option_title
from ui.i18n import label, t
from ui.summaries import recommended_options
from ui.views.fiche.compliance import compliance_tab
from ui.views.fiche.downloads import downloads
from ui.views.fiche.finance import finance_tab
from ui.views.fiche.follow_up import follow_up_badges, follow_up_tab
from ui.views.fiche.footprint import footprint_tab
from ui.views.fiche.history import history_tab
from ui.views.fiche.synthesis import synthesis_tab
from ui.widgets import empty_state, lang, page_header, workflow_badge

ICON = ":material/article:"


def _refusal(user: auth.SessionUser, requested: str | None, viewable: set[str], scope: frozenset[str] | None
             ) -> str | None:
    """The service's French refusal when the URL asks for a proposal the person may not view."""
    if not requested or requested in viewable:
        return None
    try:
        auth.require_proposal(user, "view_proposal", requested, scope)
    except PermissionDenied as exc:
        return str(exc)
    except NotFound:
        return None
    return None


def choose_proposal(frame: pd.DataFrame) -> tuple[str | None, Any, Any]:
    """The proposal shown (the one in the URL when the person may view it, else the first; None when there
    is none to show: the page stops), with the places of the page's header and of the option's picker."""
    user = auth.person()
    scope = auth.proposal_scope(user, "view_proposal")  # None: every proposal
    viewable = frame if scope is None else frame.loc[frame[PROPOSAL_ID].isin(scope)]
    titles = dict(zip(viewable[PROPOSAL_ID], viewable[PROPOSAL_TITLE], strict=False))
    ids = list(titles)
    requested = st.query_params.get("proposal")
    refusal = _refusal(user, requested, set(titles), scope)
    if refusal is not None or not ids:
        page_header(t("app.fiche.title"), icon=ICON)
        if refusal is not None:
            st.error(refusal, icon=":material/block:")
        if not ids:
            empty_state(t("app.fiche.none_own"), link_to="proposal" if auth.sees_page(user, "proposal") else None)
            return None, None, None
    top = st.container(key="fiche_header")
    pickers = st.columns(2)
    if requested not in titles:
        requested = None if refusal is not None else ids[0]
    proposal_id = pickers[0].selectbox(
        t("app.fiche.choose"), ids, index=None if requested is None else ids.index(requested),
        format_func=lambda pid: titles.get(pid, pid), key=f"fiche_proposal_{requested}",
        placeholder=t("app.fiche.choose_placeholder"),
    )
    if proposal_id is None:
        return None, top, pickers[1]
    if proposal_id != requested:
        st.query_params["proposal"] = proposal_id
        st.query_params.pop("option", None)
        st.rerun()
    auth.require_proposal(user, "view_proposal", proposal_id, scope)  # listed, hence allowed: the service's check
    return str(proposal_id), top, pickers[1]


def choose_option(options: pd.DataFrame, picker: Any, proposal_id: str, page_lang: str,
                  retained: str | None = None) -> pd.Series:
    """The option detailed in the Empreinte and Coût-bénéfice tabs: the one in the URL, else the option the
    élus retained, else the matrix's recommendation."""
    indices = [int(i) for i in options[OPTION_INDEX]]
    names = {int(r[OPTION_INDEX]): option_title(r, page_lang) for _, r in options.iterrows()}
    chosen = options.loc[options[OPTION_NAME] == retained] if retained else options.iloc[0:0]
    default = chosen if not chosen.empty else recommended_options(options)
    try:
        wanted = int(st.query_params.get("option", ""))
    except ValueError:
        wanted = int(default.iloc[0][OPTION_INDEX])
    if wanted not in indices:
        wanted = indices[0]
    option_index = picker.selectbox(t("app.fiche.choose_option"), indices, index=indices.index(wanted),
                                    format_func=lambda i: names[i], key=f"fiche_option_{proposal_id}_{wanted}")
    if option_index != wanted:
        st.query_params["option"] = str(option_index)
        st.rerun()
    focus: pd.Series = options.loc[options[OPTION_INDEX] == option_index].iloc[0]
    return focus


def first_status(options: pd.DataFrame) -> str | None:
    return str(options["status"].iloc[0]) if "status" in options.columns and not options.empty else None


def header(first: pd.Series, proposal: Any, page_lang: str) -> None:
    """Title, workflow status, category, direction and sponsor."""
    page_header(md_escape(first[PROPOSAL_TITLE]), icon=ICON)  # typed by people: escaped
    with st.container(horizontal=True, key="fiche_badges"):
        workflow_badge(first.get("status"), first.get("outcome"))
        category = label("category", first.get(PROPOSAL_CATEGORY), lang=page_lang)
        st.badge(category, icon=":material/category:", color="gray")
        if first.get(PROPOSAL_DIRECTION) and str(first[PROPOSAL_DIRECTION]) != category:
            st.badge(md_escape(first[PROPOSAL_DIRECTION]), icon=":material/apartment:", color="gray")
        if proposal.sponsor:
            st.caption(label_value(t("app.fiche.sponsor"), md_escape(proposal.sponsor), lang=page_lang))


def main() -> None:
    page_lang = lang()
    version = data.data_version()
    frame = data.portfolio(page_lang, version)
    if frame.empty:
        page_header(t("app.fiche.title"), icon=ICON)
        empty_state(t("app.portfolio.empty"), link_to="import-export", link_label=t("app.portfolio.empty_import"),
                    link_action="import_proposals")
        return
    proposal_id, top, option_picker = choose_proposal(frame)
    if proposal_id is None:
        return
    options = data.proposal_options(proposal_id, page_lang, version)
    proposal = data.proposal(proposal_id, version)
    if options.empty or proposal is None:
        empty_state(t("app.fiche.not_found"), link_to="portfolio")
        return
    with top:
        header(options.iloc[0], proposal, page_lang)
        follow_up_badges(proposal_id, version)
    decision = data.decision_file(proposal_id, version) if first_status(options) == "decide" else None
    focus = choose_option(options, option_picker, proposal_id, page_lang, decision.retained if decision else None)
    conditions_panel(proposal_id, lang=page_lang)
    ctx = data.context(version, page_lang)
    synthesis, footprint, finance, compliance, follow_up, history = st.tabs([
        t("app.fiche.tab.synthesis"), t("app.fiche.tab.footprint"), t("app.fiche.tab.finance"),
        t("app.fiche.tab.compliance"), t("follow_up.tab"), t("app.fiche.tab.history")], key="fiche_tabs")
    with synthesis:
        synthesis_tab(proposal, options, focus, lang=page_lang, decision=decision)
        downloads(proposal_id, lang=page_lang, decided=decision is not None)
    with footprint:
        footprint_tab(focus, lang=page_lang, version=version)
    with finance:
        finance_tab(focus, lang=page_lang, version=version, ctx=ctx)
    with compliance:
        compliance_tab(focus, lang=page_lang, ctx=ctx)
    with follow_up:
        follow_up_tab(proposal_id, lang=page_lang, version=version)
    with history:
        history_tab(proposal_id, lang=page_lang, version=version)


main()
