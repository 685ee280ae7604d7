"""Page « Revue » (slug review, DSI): the proposals waiting for an opinion, each option's key figures,
and the form giving an opinion (avis) per option; earlier opinions are listed."""

from __future__ import annotations

from typing import Any

import streamlit as st

from evaluation.domain.workflow import Opinion
from evaluation.table.columns import OPTION_NAME
from ui import auth, data
from ui.formatting import md_escape, person_label
from ui.i18n import t, t_code
from ui.queue import evaluated_rows, option_figures, proposal_head, queue_picker
from ui.widgets import empty_state, flash, open_page, show_errors, show_flash, workflow_badge
from ui.workflow_inputs import REVIEW_QUEUE, OpinionInput, opinion_problems

PICK_KEY = "rv.pick"
FLASH_KEY = "rv.flash"
PROBLEMS_KEY = "rv.problems"


def _opinion_key(proposal_id: str, position: int) -> str:
    return f"rv|{proposal_id}|{position}|opinion"


def _comment_key(proposal_id: str, position: int) -> str:
    return f"rv|{proposal_id}|{position}|comment"


def _inputs(proposal_id: str, names: list[str]) -> list[OpinionInput]:
    inputs = []
    for position, name in enumerate(names):
        value = st.session_state.get(_opinion_key(proposal_id, position))
        inputs.append(OpinionInput(option=name, opinion=Opinion(value) if value else None,
                                   comment=str(st.session_state.get(_comment_key(proposal_id, position)) or "")))
    return inputs


def _workflow() -> Any:
    from evaluation.services.workflow import Workflow

    return Workflow(data.repository())


def _on_take(proposal_id: str, version: int) -> None:
    from evaluation.services.permissions import WorkflowError
    from evaluation.storage import StorageError

    try:
        _workflow().start_review(proposal_id, user=auth.person(), expected_version=version)
    except (StorageError, WorkflowError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return
    data.clear_caches()
    flash(FLASH_KEY, "success", t("forms.review.taken"))


def _on_give(proposal_id: str, version: int, names: list[str], title: str) -> None:
    from evaluation.services.permissions import WorkflowError
    from evaluation.storage import StorageError

    inputs = _inputs(proposal_id, names)
    problems = opinion_problems(inputs)
    if problems:
        st.session_state[PROBLEMS_KEY] = (proposal_id, problems)
        flash(FLASH_KEY, "error", t("forms.review.incomplete", count=len(problems)))
        return
    try:
        workflow = _workflow()
        user = auth.person()
        if data.repository().get_proposal(proposal_id).status.value == "soumis":
            version = workflow.start_review(proposal_id, user=user, expected_version=version)
        workflow.give_opinions(proposal_id, [item.review() for item in inputs], user=user,
                               expected_version=version)
    except (StorageError, WorkflowError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return
    st.session_state.pop(PROBLEMS_KEY, None)
    data.clear_caches()
    st.query_params.pop("proposal", None)
    flash(FLASH_KEY, "success", t("forms.review.given", title=title))


def opinion_form(summary: Any, rows: list[dict[str, Any]]) -> None:
    names = [str(row[OPTION_NAME]) for row in rows]
    stored = st.session_state.get(PROBLEMS_KEY)
    problems: dict[str, str] = stored[1] if stored and stored[0] == summary.id else {}
    with st.form(f"rv.form.{summary.id}", border=False):
        for position, row in enumerate(rows):
            with st.container(border=True):
                figures, opinion = st.columns([1, 1], gap="large")
                with figures:
                    option_figures(row)
                opinion.radio(t("forms.review.opinion"), [opinion.value for opinion in Opinion], index=None,
                         key=_opinion_key(summary.id, position), horizontal=True,
                         format_func=lambda code: t_code("app.opinion", code))
                opinion.text_area(t("forms.review.comment"), key=_comment_key(summary.id, position),
                                  placeholder=t("forms.review.comment_placeholder"), height=90)
                if names[position] in problems:
                    with opinion:
                        show_errors([problems[names[position]]])
        st.form_submit_button(t("forms.review.submit"), key="rv.submit", type="primary", icon=":material/rate_review:",
                              on_click=_on_give, args=(summary.id, summary.version, names, summary.title))


def previous_reviews(proposal_id: str) -> None:
    repo = data.repository()
    reviews = repo.reviews(proposal_id)
    if not reviews:
        return
    current = {review.id for review in repo.current_reviews(proposal_id)}
    names = data.people()
    with st.expander(t("forms.review.history", count=len(reviews)), icon=":material/history:"):
        for review in reversed(reviews):
            st.markdown(f"**{md_escape(review.option)}** · {t_code('app.opinion', review.opinion.value)} · "
                        f"{md_escape(person_label(review.author, names))} · {review.created_at:%d/%m/%Y %H:%M} · "
                        f"{t('forms.review.on_version', version=review.proposal_version)}"
                        + ("" if review.id in current else f" · :orange[{md_escape(t('forms.review.outdated'))}]"))
            if review.comment:
                st.caption(md_escape(review.comment))


def main() -> None:
    if not open_page(t("forms.review.title"), t("forms.review.intro"), icon=":material/rate_review:"):
        return
    show_flash(FLASH_KEY)
    summary = queue_picker(REVIEW_QUEUE, key=PICK_KEY, label=t("forms.review.pick"))
    if summary is None:
        empty_state(t("forms.review.empty"), icon=":material/task_alt:", link_to="portfolio")
        return
    proposal_head(summary)
    with st.container(horizontal=True, vertical_alignment="center"):
        workflow_badge(summary.status.value)
        st.caption(t("forms.page.version", version=summary.version))
        if summary.status.value == "soumis":
            st.button(t("forms.review.take"), key="rv.take", icon=":material/assignment_ind:", on_click=_on_take,
                      args=(summary.id, summary.version), help=t("forms.review.take_help"))
    rows = evaluated_rows(summary.id)
    if not rows:
        st.warning(t("forms.review.no_evaluation"), icon=":material/warning:")
        return
    st.caption(t("forms.review.form_intro"))
    opinion_form(summary, rows)
    previous_reviews(summary.id)


main()
