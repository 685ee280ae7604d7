"""Fiche dossier: one proposal in five tabs; the proposal and option travel in the URL (?proposal=...&option=...).

A porteur sees its own proposals only (evaluation.services.permissions, view_proposal): the selector
lists what the person may view, and another's proposal asked for in the URL is refused with the
service's French message, nothing of it drawn."""

from __future__ import annotations

import streamlit as st

from evaluation.services.permissions import PermissionDenied
from evaluation.storage import NotFound
from ui import auth, data
from ui.formatting import label_value, md_escape
from ui.i18n import label, t
from ui.summaries import recommended_options
from ui.views.fiche import tabs as fiche_tabs
from ui.widgets import empty_state, lang, page_header, workflow_badge

LANG = lang()
version = data.data_version()
frame = data.portfolio(LANG, version)
if frame.empty:
    page_header(t("app.fiche.title"), icon=":material/article:")
    empty_state(t("app.portfolio.empty"), link_to="import-export", link_label=t("app.portfolio.empty_import"))
    st.stop()

user = auth.person()
scope = auth.proposal_scope(user, "view_proposal")  # None: every proposal
viewable = frame if scope is None else frame.loc[frame["id"].isin(scope)]
titles = dict(zip(viewable["id"], viewable["title"], strict=False))
ids = list(titles)
requested = st.query_params.get("proposal")
refusal: str | None = None
if requested and requested not in titles:
    try:
        auth.require_proposal(user, "view_proposal", requested, scope)
    except PermissionDenied as exc:
        refusal = str(exc)
    except NotFound:
        pass
if refusal is not None or not ids:
    page_header(t("app.fiche.title"), icon=":material/article:")
    if refusal is not None:
        st.error(refusal, icon=":material/block:")
    if not ids:
        empty_state(t("app.fiche.none_own"), link_to="proposal" if auth.sees_page(user, "proposal") else None)
        st.stop()

header = st.container(key="fiche_header")
pickers = st.columns(2)
if requested not in titles:
    requested = None if refusal is not None else ids[0]
proposal_id = pickers[0].selectbox(
    t("app.fiche.choose"), ids, index=None if requested is None else ids.index(requested),
    format_func=lambda pid: titles.get(pid, pid), key=f"fiche_proposal_{requested}",
    placeholder=t("app.fiche.choose_placeholder"),
)
if proposal_id is None:
    st.stop()
if proposal_id != requested:
    st.query_params["proposal"] = proposal_id
    st.query_params.pop("option", None)
    st.rerun()
auth.require_proposal(user, "view_proposal", proposal_id, scope)  # listed, hence allowed: the service's check

options = data.proposal_options(proposal_id, LANG, version)
proposal = data.proposal(proposal_id, version)
if options.empty or proposal is None:
    empty_state(t("app.fiche.not_found"), link_to="portfolio")
    st.stop()

first = options.iloc[0]
with header:
    page_header(md_escape(first["title"]), icon=":material/article:")  # typed by people: escaped
with header, st.container(horizontal=True, key="fiche_badges"):
    workflow_badge(first.get("status"), first.get("outcome"))
    st.badge(label("category", first.get("category"), lang=LANG), icon=":material/category:", color="gray")
    if first.get("direction") and str(first["direction"]) != label("category", first.get("category"), lang=LANG):
        st.badge(md_escape(first["direction"]), icon=":material/apartment:", color="gray")
    if proposal.sponsor:
        st.caption(label_value(t("app.fiche.sponsor"), md_escape(proposal.sponsor), lang=LANG))

# The option detailed in the Empreinte and Coût-bénéfice tabs (the matrix's recommendation by default).
indices = [int(i) for i in options["option_index"]]
names = {int(r["option_index"]): fiche_tabs.option_title(r, LANG) for _, r in options.iterrows()}
try:
    wanted = int(st.query_params.get("option", ""))
except ValueError:
    wanted = int(recommended_options(options).iloc[0]["option_index"])
if wanted not in indices:
    wanted = indices[0]
option_index = pickers[1].selectbox(t("app.fiche.choose_option"), indices, index=indices.index(wanted),
                            format_func=lambda i: names[i], key=f"fiche_option_{proposal_id}_{wanted}")
if option_index != wanted:
    st.query_params["option"] = str(option_index)
    st.rerun()
focus = options.loc[options["option_index"] == option_index].iloc[0]
ctx = data.context(version, LANG)

synthesis, footprint, finance, compliance, history = st.tabs([
    t("app.fiche.tab.synthesis"), t("app.fiche.tab.footprint"), t("app.fiche.tab.finance"),
    t("app.fiche.tab.compliance"), t("app.fiche.tab.history")], key="fiche_tabs")
with synthesis:
    fiche_tabs.synthesis_tab(proposal, options, focus, lang=LANG, ctx=ctx)
    fiche_tabs.pdf_button(proposal, options, focus, lang=LANG, version=version)
with footprint:
    fiche_tabs.footprint_tab(focus, lang=LANG, version=version)
with finance:
    fiche_tabs.finance_tab(focus, options, lang=LANG, version=version, ctx=ctx)
with compliance:
    fiche_tabs.compliance_tab(focus, lang=LANG, ctx=ctx)
with history:
    fiche_tabs.history_tab(proposal_id, lang=LANG, version=version)
