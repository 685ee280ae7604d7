"""Page « Registre (gestion) » (slug register-entries, DSI and administrators): approved proposals waiting for
their register entry, the entries at every status, and for the one picked: its content to complete, its
figures from the decision (read-only), and the steps relue, publiée, retirée. Every action goes through
evaluation.services.register (permissions, second reader, completeness) and is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from ui import auth, data
from ui.formatting import format_euros, format_range, md_escape, person_label
from ui.forms.field_specs import field_spec
from ui.forms.fields import number_input
from ui.forms.numbers import number_rule, read_input
from ui.i18n import current_language, t
from ui.widgets import empty_state, flash, open_page, show_errors, show_flash

FLASH_KEY = "rm.flash"
PROBLEMS_KEY = "rm.problems"
PICK_KEY = "rm.pick"
CANDIDATE_KEY = "rm.candidate"
REASON_KEY = "rm.reason"
_TEXTS = ("title", "department", "purpose", "legal_basis", "decision_process", "people_affected",
          "human_oversight", "how_to_contest", "risks", "mitigations", "supplier", "rules_url", "contact")
_LONG = frozenset({"purpose", "legal_basis", "decision_process", "people_affected", "human_oversight",
                   "how_to_contest", "risks", "mitigations"})


def _per_year_rule() -> Any:
    from evaluation.domain.register import RegisterContent

    return number_rule(field_spec(RegisterContent, "decisions_per_year"))


def _register() -> Any:
    from evaluation.services.register import Register

    return Register(data.repository())


def _key(entry_id: str, version: int, name: str) -> str:
    return f"rm|{entry_id}|{version}|{name}"


def _act(action: Any, success: str) -> None:
    """Run a service call; its French refusal (or a conflict) is kept for the next run."""
    from evaluation.services.permissions import WorkflowError
    from evaluation.services.register import RegisterIncomplete
    from evaluation.storage import StorageError

    st.session_state.pop(PROBLEMS_KEY, None)
    try:
        result = action()
    except RegisterIncomplete as exc:
        st.session_state[PROBLEMS_KEY] = list(exc.problems.values())
        return
    except (WorkflowError, StorageError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return
    flash(FLASH_KEY, "success", success.format(revision=getattr(result, "public_revision", "") or "",
                                               entry=getattr(result, "id", "")))


def _on_create(user: auth.SessionUser) -> None:
    proposal_id = st.session_state.get(CANDIDATE_KEY)
    if proposal_id:
        _act(lambda: _register().create_from_decision(str(proposal_id), user=user), t("app.register.manage.created",
                                                                                        entry=proposal_id))
        st.session_state[PICK_KEY] = proposal_id


def _typed(entry: Any) -> dict[str, Any]:
    values: dict[str, Any] = {name: st.session_state.get(_key(entry.id, entry.version, name), "") for name in _TEXTS}
    values["decision_role"] = st.session_state.get(_key(entry.id, entry.version, "decision_role"))
    values["decisions_per_year"] = read_input(st.session_state, _key(entry.id, entry.version, "decisions_per_year")).value
    values["in_service_since"] = st.session_state.get(_key(entry.id, entry.version, "in_service_since"))
    values["data_sources"] = str(st.session_state.get(_key(entry.id, entry.version, "data_sources")) or "").splitlines()
    return values


def _on_save(entry: Any, user: auth.SessionUser) -> None:
    from evaluation.services.register import content_problems

    per_year = read_input(st.session_state, _key(entry.id, entry.version, "decisions_per_year"))
    content, problems = content_problems(_typed(entry), current_language())
    if per_year.problem is not None:  # not a number: told under the field (ui.forms.fields.number_input)
        content = None
        problems.pop("decisions_per_year", None)
    if content is None:
        st.session_state[PROBLEMS_KEY] = list(problems.values())
        return
    _act(lambda: _register().save(entry.id, content, user=user, expected_version=entry.version),
         t("app.register.manage.saved"))


def _form(entry: Any, user: auth.SessionUser) -> None:
    content = entry.content
    disabled = entry.status.value == "retiree"
    with st.form(f"rm.form.{entry.id}.{entry.version}", border=True):
        for name in _TEXTS:
            label = t(f"app.register.field.{name}")
            widget = st.text_area if name in _LONG else st.text_input
            widget(label, value=getattr(content, name), key=_key(entry.id, entry.version, name), disabled=disabled)
            if name == "decision_process":
                roles = ["none", "assists", "automated"]
                st.selectbox(t("app.register.field.decision_role"), roles, index=roles.index(content.decision_role.value),
                             format_func=lambda role: t(f"app.register.decision_role.{role}"),
                             key=_key(entry.id, entry.version, "decision_role"), disabled=disabled)
                number_input(t("app.register.field.decisions_per_year"),
                             _key(entry.id, entry.version, "decisions_per_year"), _per_year_rule(),
                             value=content.decisions_per_year, disabled=disabled, in_form=True)
        st.text_area(t("app.register.field.data_sources"), value="\n".join(content.data_sources),
                     help=t("app.register.manage.data_sources_help"), key=_key(entry.id, entry.version, "data_sources"),
                     disabled=disabled)
        st.date_input(t("app.register.field.in_service_since"), value=content.in_service_since, format="DD/MM/YYYY",
                      min_value=dt.date(1990, 1, 1), key=_key(entry.id, entry.version, "in_service_since"),
                      disabled=disabled)
        st.form_submit_button(t("app.register.manage.save"), icon=":material/save:", on_click=_on_save,
                              args=(entry, user), disabled=disabled)


def _figures(entry: Any, lang: str) -> None:
    figures = entry.figures
    st.markdown(f"**{t('app.register.manage.figures')}**")
    none = t("app.register.figure.none")
    st.markdown(
        f"- {t('app.register.figure.model')} : "
        f"{md_escape(', '.join(figures.models)) or t('app.register.figure.no_model')}\n"
        f"- {t('app.register.figure.zone')} : {md_escape(figures.hosting_zone or none)}\n"
        f"- {t('app.register.figure.gwp')} : "
        f"{format_range(figures.annual_gwp_kgco2eq_min, figures.annual_gwp_kgco2eq_max, 'gwp_kgco2eq', lang=lang)}\n"
        f"- {t('app.register.figure.cost')} : {format_euros(figures.annual_cost_eur, lang=lang)}\n"
        f"- {t('app.register.figure.tco')} : {format_euros(figures.tco_eur, lang=lang)}")


def _steps(entry: Any, user: auth.SessionUser) -> None:
    from evaluation.domain.register import missing_fields

    missing = missing_fields(entry.content)
    if missing and entry.status.value != "retiree":
        st.warning(t("app.register.manage.missing", fields=", ".join(
            t(f"app.register.field.{name}") for name in missing)), icon=":material/edit_note:")
    left, middle, right = st.columns(3)
    left.button(t("app.register.manage.review"), help=t("app.register.manage.review_help"), icon=":material/fact_check:",
                disabled=entry.status.value != "brouillon", key="rm.review",
                on_click=lambda: _act(lambda: _register().review(entry.id, user=user, expected_version=entry.version),
                                      t("app.register.manage.reviewed")))
    middle.button(t("app.register.manage.publish"), icon=":material/publish:", type="primary",
                  disabled=entry.status.value != "relue", key="rm.publish",
                  on_click=lambda: _act(lambda: _register().publish(entry.id, user=user, expected_version=entry.version),
                                        t("app.register.manage.published")))
    with right:
        reason = st.text_input(t("app.register.manage.withdraw_reason"), key=REASON_KEY,
                               disabled=entry.status.value == "retiree")
        st.button(t("app.register.manage.withdraw"), icon=":material/unpublished:", key="rm.withdraw",
                  disabled=entry.status.value == "retiree",
                  on_click=lambda: _act(lambda: _register().withdraw(entry.id, user=user, reason=str(reason or ""),
                                                                     expected_version=entry.version),
                                        t("app.register.manage.withdrawn")))


def _entry(entry: Any, user: auth.SessionUser, lang: str) -> None:
    st.markdown(t("app.register.manage.state", status=t(f"app.register.status.{entry.status.value}"),
                  version=entry.version, author=md_escape(person_label(entry.updated_by, data.people())), option=md_escape(entry.option_name)))
    st.caption(t("app.register.manage.public_now", revision=entry.public_revision) if entry.public_revision
               else t("app.register.manage.not_public"))
    show_errors(st.session_state.get(PROBLEMS_KEY, []))
    _steps(entry, user)
    _figures(entry, lang)
    _form(entry, user)
    publications = data.repository().register_publications(entry.id)
    if publications:
        st.markdown(f"**{t('app.register.manage.history')}**")
        for publication in reversed(publications):
            st.caption(t("app.register.manage.history_row", revision=publication.revision,
                         date=publication.published_at.strftime("%d/%m/%Y %H:%M")))


def main() -> None:
    lang = current_language()
    if not open_page(t("app.register.manage.title"), t("app.register.manage.intro"), icon=":material/library_books:"):
        return
    user = auth.person()
    show_flash(FLASH_KEY)
    register = _register()
    candidates = register.candidates(user=user)
    st.subheader(t("app.register.manage.candidates"), anchor=False)
    if candidates:
        titles = {c.proposal.id: c.proposal.title for c in candidates}
        st.selectbox(t("app.register.manage.candidate"), list(titles), key=CANDIDATE_KEY,
                     format_func=lambda pid: f"{titles[pid]} ({pid})")
        st.button(t("app.register.manage.create"), icon=":material/add:", on_click=_on_create, args=(user,),
                  key="rm.create")
    else:
        st.caption(t("app.register.manage.no_candidate"))
    st.subheader(t("app.register.manage.entries"), anchor=False)
    entries = register.entries(user=user)
    if not entries:
        empty_state(t("app.register.manage.no_entry"))
        return
    by_id = {entry.id: entry for entry in entries}
    if st.session_state.get(PICK_KEY) not in by_id:
        st.session_state[PICK_KEY] = entries[0].id
    st.selectbox(t("app.register.manage.pick"), list(by_id), key=PICK_KEY, format_func=lambda eid: (
        f"{by_id[eid].content.title} · {t(f'app.register.status.{by_id[eid].status.value}')}"))
    _entry(by_id[str(st.session_state[PICK_KEY])], user, lang)


main()
