"""Page « Dossier » (slug proposal): write or edit a proposal in sections, see its evaluation while
typing, save it as a draft, submit it.

What a person types lives in a draft kept in the session under the proposal's id (ui/forms/drafts.py),
so it survives reruns and page changes; it is also kept on the server as they type (autosave.py: per
person and proposal, apart from the saved versions), so it survives a reload, a crash or a new sign-in.
Each run validates the draft once (ui/forms/validation.py, nothing at all when it has not changed)
and hands the result to the sections, the problem summary and the preview.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from ui import auth, data
from ui.formatting import md_escape
from ui.forms.drafts import NEW_DRAFT, Draft, drafts, forget_widgets, sync_widgets
from ui.forms.validation import Validation, is_dirty, loaded_draft, problem_label, validate
from ui.i18n import current_language, t, t_code
from ui.views.proposal import autosave
from ui.views.proposal.preview import preview_panel
from ui.views.proposal.tabs import forget_tab, form_tabs, move_tab, open_section, section_labels, section_links
from ui.widgets import flash, open_page, show_flash, workflow_badge

FLASH_KEY = "pf.flash"
CHOOSER_KEY = "pf.chooser"
ATTEMPTED_KEY = "pf.attempted"
WHOLE_PAGE_KEY = "pf.whole_page"
QUERY = "proposal"


# Loading ---------------------------------------------------------------------------------------------
def _stored(proposal_id: str) -> Any:
    from evaluation.storage import NotFound

    try:
        return data.repository().get_proposal(proposal_id)
    except NotFound:
        return None


def current_draft(summary: Any) -> Draft | None:
    """The session's draft of a proposal (`summary`, from the chooser; loaded from the repository the first
    time and whenever another session saved it while this draft was unchanged), or a new one (None)."""
    store = drafts(st.session_state)
    if summary is None:
        if NEW_DRAFT not in store:
            store[NEW_DRAFT] = Draft.new()
            forget_tab(st.session_state, NEW_DRAFT)  # a new proposal opens on its first tab
            autosave.restore(store[NEW_DRAFT])
        return store[NEW_DRAFT]
    draft = store.get(summary.id)
    fresh = draft is None
    if draft is None or (draft.version != summary.version and not is_dirty(draft)):
        stored = _stored(summary.id)
        if stored is None:
            return draft
        if draft is not None:
            forget_widgets(st.session_state, summary.id)
        draft = loaded_draft(stored.proposal, version=stored.version, status=stored.status.value,
                             owner=stored.created_by)
        store[summary.id] = draft
        if fresh:
            autosave.restore(draft)  # what the person typed before a reload, a crash or a new sign-in
    else:
        draft.status = summary.status.value
    return draft


def _workflow() -> Any:
    from evaluation.services.workflow import Workflow

    return Workflow(data.repository())


def edit_mode(draft: Draft) -> str:
    """What the signed-in person may change: "full", "technical" (the DSI: options only) or "read"."""
    from evaluation.services.permissions import Action, may

    user = auth.current_user()
    if user is None:
        return "read"
    if draft.is_new:
        return "full" if may(user, Action.CREATE_PROPOSAL) else "read"
    if draft.status == "brouillon":
        return "full" if may(user, Action.EDIT_DRAFT, owner=draft.owner) else "read"
    if draft.status == "en_revue" and may(user, Action.EDIT_TECHNICAL):
        return "technical"
    return "read"


# Actions (callbacks: they run before the page is drawn) -------------------------------------------
def _save(draft_key: str) -> bool:
    """Save the draft; True when it is stored. On a conflict, the draft is kept as typed."""
    from evaluation.storage import EditConflict, StorageError

    store = drafts(st.session_state)
    draft = store[draft_key]
    sync_widgets(st.session_state, draft)
    validation = validate(draft)  # the page's run that follows finds it kept on the draft
    proposal = validation.proposal
    if proposal is None:
        st.session_state[ATTEMPTED_KEY] = True
        flash(FLASH_KEY, "error", t("forms.actions.invalid", count=len(validation.problems)))
        return False
    from evaluation.services.permissions import WorkflowError

    workflow = _workflow()
    try:
        user = auth.person()
        if draft.is_new:
            version = workflow.create_draft(proposal, user=user)
        elif draft.status == "en_revue":
            version = workflow.edit_technical(proposal, user=user, expected_version=draft.version)
        else:
            version = workflow.save_draft(proposal, user=user, expected_version=draft.version)
    except (EditConflict, StorageError, WorkflowError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return False
    data.clear_caches()
    autosave.forget(draft_key)
    if draft.is_new:
        del store[draft_key]
        forget_widgets(st.session_state, draft_key)
        move_tab(st.session_state, draft_key, proposal.id)
        store[proposal.id] = loaded_draft(proposal, version=version, status="brouillon", owner=auth.actor())
        st.session_state[CHOOSER_KEY] = proposal.id
        st.query_params[QUERY] = proposal.id
    else:
        draft.version = version
        draft.mark_saved(validation.canonical)
    st.session_state.pop(ATTEMPTED_KEY, None)
    flash(FLASH_KEY, "success", t("forms.actions.saved", title=md_escape(proposal.title), version=version))
    return True


def _on_save(draft_key: str) -> None:
    _whole_page_next()
    _save(draft_key)


def _on_submit(draft_key: str) -> None:
    _whole_page_next()
    from evaluation.services.permissions import WorkflowError
    from evaluation.storage import StorageError

    draft = drafts(st.session_state)[draft_key]
    sync_widgets(st.session_state, draft)
    if (draft.is_new or is_dirty(draft)) and not _save(draft_key):
        return
    proposal = validate(draft).proposal
    store = drafts(st.session_state)
    proposal_id = proposal.id if proposal is not None else draft_key
    draft = store.get(proposal_id, draft)
    if draft.version is None:
        return
    try:
        _workflow().submit(proposal_id, user=auth.person(), expected_version=draft.version)
    except (StorageError, WorkflowError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return
    data.clear_caches()
    store.pop(proposal_id, None)
    forget_widgets(st.session_state, proposal_id)
    flash(FLASH_KEY, "success", t("forms.actions.submitted", title=md_escape(proposal.title if proposal is not None
                                                                         else draft.doc.get("title") or proposal_id)))


def _on_discard(draft_key: str) -> None:
    _whole_page_next()
    autosave.forget(draft_key)
    drafts(st.session_state).pop(draft_key, None)
    forget_widgets(st.session_state, draft_key)
    st.session_state.pop(ATTEMPTED_KEY, None)
    flash(FLASH_KEY, "info", t("forms.actions.discarded"))


def _on_new_version(proposal_id: str) -> None:
    _whole_page_next()
    from evaluation.services.permissions import WorkflowError
    from evaluation.storage import StorageError

    try:
        new_id = _workflow().new_version(proposal_id, user=auth.person()).proposal.id
    except (StorageError, WorkflowError) as exc:
        flash(FLASH_KEY, "error", str(exc))
        return
    data.clear_caches()
    st.session_state[CHOOSER_KEY] = new_id
    st.query_params[QUERY] = new_id
    flash(FLASH_KEY, "success", t("forms.actions.new_version_created", id=new_id, parent=proposal_id))


def _on_choose() -> None:
    chosen = st.session_state.get(CHOOSER_KEY)
    st.session_state.pop(ATTEMPTED_KEY, None)
    if chosen and chosen != NEW_DRAFT:
        st.query_params[QUERY] = chosen
    else:
        st.query_params.pop(QUERY, None)


# Drawing ---------------------------------------------------------------------------------------------
def chooser(requested: str | None) -> tuple[Any, bool]:
    """A new proposal (for those who create them) or one of the proposals the person may open; returns
    the chosen one's summary (None: a new one) and whether the requested one is missing (or not the
    person's)."""
    from evaluation.services.permissions import Action, may, unrestricted

    user = auth.current_user()
    summaries: Sequence[Any] = data.summaries()  # cached per data version: 10,000 summaries read once
    if user is None:
        summaries = []
    elif not unrestricted(user, Action.VIEW_PROPOSAL):
        summaries = [summary for summary in summaries if summary.created_by == user.login]
    # What the person can work on first: drafts for a sponsor, proposals in review for the DSI.
    order = {"brouillon": 0, "soumis": 1, "en_revue": 2, "avis_rendu": 3, "decide": 4}
    if user is not None and may(user, Action.EDIT_TECHNICAL) and not may(user, Action.EDIT_DRAFT):
        order["en_revue"] = -1
    summaries = sorted(summaries, key=lambda s: (order.get(s.status.value, 9), s.title.lower()))
    by_id = {s.id: s for s in summaries}
    statuses = {status: t_code("app.status", status) for status in {s.status.value for s in summaries}}
    labels = {s.id: f"{s.title} · {statuses[s.status.value]}" for s in summaries}
    creates = user is not None and may(user, Action.CREATE_PROPOSAL)
    choices = [NEW_DRAFT, *labels] if creates else list(labels)
    missing = bool(requested) and requested not in labels
    if missing:
        requested = None
    if not choices:
        return None, missing
    st.session_state[CHOOSER_KEY] = requested or choices[0]
    new_label = t("forms.page.new")  # in the session's language, not the caller's when Streamlit formats
    st.selectbox(t("forms.page.choose"), choices, key=CHOOSER_KEY, on_change=_on_choose,
                 format_func=lambda code: new_label if code == NEW_DRAFT else labels.get(code, code),
                 help=t("forms.page.choose_help"))
    return by_id.get(st.session_state[CHOOSER_KEY]), missing


def problem_summary(draft: Draft, validation: Validation) -> None:
    lang = current_language()
    problems = validation.problems
    lines = []
    for problem in problems[:12]:
        where = problem_label(draft, problem, lang)
        section = t(f"forms.section.{problem.section}")
        location = f"{section} › {where}" if where else section
        lines.append(t("forms.page.problem_line", location=md_escape(location), message=md_escape(problem.message)))
    if len(problems) > 12:
        lines.append(f"- {t('forms.page.more_problems', count=len(problems) - 12)}")
    st.warning(t("forms.page.problems", count=len(problems)) + "\n\n" + "\n".join(lines), icon=":material/rule:")


def action_bar(draft: Draft, *, mode: str, valid: bool, dirty: bool) -> None:
    read_only = mode == "read"
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(t("forms.actions.save"), key="pf.save", type="primary", icon=":material/save:",
                  on_click=_on_save, args=(draft.key,), disabled=read_only)
        can_submit = mode == "full" and draft.status in (None, "brouillon")
        st.button(t("forms.actions.submit"), key="pf.submit", icon=":material/send:", on_click=_on_submit,
                  args=(draft.key,), disabled=not can_submit or not valid,
                  help=t("forms.actions.submit_help"))
        if dirty:
            st.button(t("forms.actions.discard"), key="pf.discard", type="tertiary", icon=":material/undo:",
                      on_click=_on_discard, args=(draft.key,))
        if draft.status:
            workflow_badge(draft.status)
        if draft.version is not None:
            st.caption(t("forms.page.version", version=draft.version))
        if dirty:
            st.caption(t("forms.page.unsaved"))


def mode_notice(draft: Draft, mode: str) -> None:
    """Why the form cannot be changed, or only partly; the way to a new version of a decided one."""
    from evaluation.services.permissions import Action, may

    if mode == "technical":
        st.info(t("forms.page.technical"), icon=":material/engineering:")
    elif mode == "read":
        status = draft.status or "brouillon"
        st.info(t(f"forms.page.read_only_{status}", default=t("forms.page.read_only_other")), icon=":material/lock:")
        user = auth.current_user()
        if status == "decide" and user is not None and may(user, Action.NEW_VERSION, owner=draft.owner):
            st.button(t("forms.actions.new_version"), key="pf.new_version", icon=":material/difference:",
                      on_click=_on_new_version, args=(draft.key,))


def _whole_page_next() -> None:
    """After an action (save, submit, discard, new version), the next run draws the whole page: the chooser
    shows the new title, status or proposal."""
    st.session_state[WHOLE_PAGE_KEY] = True


def _still_signed_in() -> bool:
    """ui.auth.gate's checks, for a run of the editor alone: activity recorded (False once the session was idle
    too long) and the account re-read (False once it was deactivated or changed)."""
    user = auth.current_user()
    return user is not None and auth.touch() and auth.recheck(user) is not None


@st.fragment
def editor(summary: Any, missing: bool, asked: str | None) -> None:
    """Everything under the chooser. A change in the form runs this part alone (st.fragment): the chooser of
    every proposal (at 10,000 proposals, a third of the browser's work on each change), the sidebar and the
    navigation are not drawn again. The whole page runs after an action and when the session has ended."""
    if st.session_state.pop(WHOLE_PAGE_KEY, False) or not _still_signed_in():
        st.rerun(scope="app")
    # Containers created on every run, filled or not, so that the form below keeps its place in the page
    # (an element that moves is drawn anew, and its tabs would go back to the first one).
    messages = st.container(key="pf-messages")
    with messages:
        show_flash(FLASH_KEY)
        if missing:
            st.warning(t("forms.page.not_found", id=md_escape(asked)), icon=":material/search_off:")
    draft = current_draft(summary)
    if draft is None:
        st.warning(t("forms.page.not_found", id=md_escape(summary.id)), icon=":material/search_off:")
        return
    if draft.is_new and auth.current_user() is not None and edit_mode(draft) == "read":
        st.info(t("forms.page.no_create"), icon=":material/info:")
        return
    sync_widgets(st.session_state, draft)
    validation = validate(draft)  # the one validation of this run, handed on below
    dirty = validation.canonical != draft.baseline
    mode = edit_mode(draft)
    autosave.keep(draft, dirty=dirty, editable=mode != "read")
    with messages:
        autosave.banner(draft, _on_discard)
        mode_notice(draft, mode)
    action_bar(draft, mode=mode, valid=validation.complete, dirty=dirty)
    show_problems = bool(validation.problems) and (dirty or not draft.is_new or st.session_state.get(ATTEMPTED_KEY))
    labels = section_labels()
    opened = open_section(draft.key, labels)  # only the open tab's section is drawn (ui/views/proposal/tabs.py)
    form_col, preview_col = st.columns([5, 2], gap="large")
    with form_col:
        problems = st.container(key="pf-problems")
        if show_problems:
            with problems:
                problem_summary(draft, validation)
                section_links([problem.section for problem in validation.problems], opened, labels)
        form_tabs(draft, validation.by_path() if show_problems else {}, mode=mode, labels=labels)
    with preview_col:
        preview_panel(validation)


def main() -> None:
    if not open_page(t("forms.page.title"), t("forms.page.intro"), icon=":material/edit_note:"):
        return
    asked = st.query_params.get(QUERY)
    summary, missing = chooser(asked)
    editor(summary, missing, asked)


main()
