"""Page « Registre public » (slug register): the published entries of the register of algorithms and AI,
searchable, each with its figures (model, hosting zone, annual footprint range, cost) and the date of its
last update. Open to everyone, signed in or not: it reads the published documents only
(evaluation.services.register.public_register), never a draft, a withdrawn entry or a proposal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import streamlit as st

from ui import auth, data
from ui.formatting import format_euros, format_integer, format_range, md_escape
from ui.i18n import current_language, t
from ui.pages import page_path
from ui.widgets import open_page

SEARCH_KEY = "rg.search"
# The fields shown under « Ce que fait cet algorithme », in order.
_DETAILS = ("department", "purpose", "legal_basis", "decision_role", "decision_process", "decisions_per_year",
            "people_affected", "data_sources", "human_oversight", "how_to_contest", "risks", "mitigations",
            "supplier", "in_service_since", "contact")


def _date(iso: Any, lang: str) -> str:
    if not iso:
        return t("app.register.figure.none")
    try:
        day = dt.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()


def _value(document: Mapping[str, Any], name: str, lang: str) -> str:
    value = document.get(name)
    if name == "decision_role":
        return t(f"app.register.decision_role.{value}", default=str(value))
    if name == "decisions_per_year":
        return format_integer(value, lang=lang) if value is not None else t("app.register.figure.none")
    if name == "data_sources":
        return "\n".join(f"- {md_escape(item)}" for item in value or []) or t("app.register.figure.none")
    if name == "in_service_since":
        return _date(value, lang)
    return md_escape(value) if value else t("app.register.figure.none")


def _figures(document: Mapping[str, Any], lang: str) -> None:
    gwp = document.get("annual_gwp_kgco2eq") or {}
    none = t("app.register.figure.none")
    cost = format_euros(document["annual_cost_eur"], lang=lang) if document.get("annual_cost_eur") is not None else none
    columns = st.columns(4)
    figures = (
        ("model", md_escape(", ".join(document.get("models") or [])) or t("app.register.figure.no_model")),
        ("zone", md_escape(document.get("hosting_zone") or none)),
        ("gwp", format_range(gwp.get("min"), gwp.get("max"), "gwp_kgco2eq", lang=lang)),
        ("cost", cost),
    )
    for column, (key, text) in zip(columns, figures, strict=True):
        column.markdown(f"**{t(f'app.register.figure.{key}')}**  \n{text}")


def _entry(document: Mapping[str, Any], lang: str) -> None:
    with st.container(border=True):
        st.subheader(md_escape(document.get("title")), anchor=False)
        st.markdown(t("app.register.public.updated", department=md_escape(document.get("department") or ""),
                     first=_date(document.get("first_published"), lang), date=_date(document.get("last_updated"), lang),
                     revision=int(document.get("revision") or 1)))
        st.markdown(md_escape(document.get("purpose")))
        _figures(document, lang)
        with st.expander(t("app.register.public.details")):
            for name in _DETAILS:
                st.markdown(f"**{t(f'app.register.field.{name}')}**  \n{_value(document, name, lang)}")
            rules = str(document.get("rules_url") or "")
            if rules.startswith(("https://", "http://")):
                st.link_button(t("app.register.public.rules"), rules, icon=":material/open_in_new:")


def main() -> None:
    lang = current_language()
    if not open_page(t("app.register.public.title"), "", icon=":material/public:"):
        return
    from evaluation.services.register import collectivite_name, public_register, search_public_register

    repository = data.repository()
    documents = public_register(repository)
    st.markdown(t("app.register.public.intro", collectivite=md_escape(collectivite_name(repository))))
    if auth.current_user() is None:
        st.page_link(page_path("sign-in"), label=t("app.register.public.sign_in"), icon=":material/login:")
    if not documents:
        st.info(t("app.register.public.empty"), icon=":material/info:")
        return
    query = st.text_input(t("app.register.public.search"), key=SEARCH_KEY, help=t("app.register.public.search_help"))
    shown = search_public_register(documents, query)
    # plain text, not captions: the theme's caption grey is below the 4.5:1 contrast RGAA 3.2 asks for
    st.markdown(t("app.register.public.count", shown=len(shown), total=len(documents)))
    st.markdown(t("app.register.public.figures_note"))
    if not shown:
        st.info(t("app.register.public.no_match"), icon=":material/search_off:")
    for document in shown:
        _entry(document, lang)


main()
