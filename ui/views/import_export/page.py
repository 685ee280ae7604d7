"""Page « Import / export » (slug import-export): proposals from YAML, JSON, CSV or XLSX with a
row-by-row report of what is refused (nothing is written then), the portfolio and the evaluation
results to download, and a template file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from evaluation.domain.proposal import Proposal
from evaluation.exchange.errors import InvalidFileError
from ui import auth, data
from ui.formatting import md_escape
from ui.i18n import current_language, t
from ui.views.import_export.files import (
    EXPORT_FORMATS,
    MIME_TYPES,
    RESULT_FORMATS,
    error_rows,
    export_name,
    import_plan,
    portfolio_file,
    results_file,
    template_file,
)
from ui.widgets import empty_state, file_uploader, open_page

UPLOAD_KEY = "ie.uploads"  # how many files were imported: part of the uploader's key
REPLACE_KEY = "ie.replace"
RESULT_KEY = "ie.result"
ACCEPTED = ["yaml", "yml", "json", "csv", "xlsx"]


ERROR_TABLE_MAX_ROWS = 300  # up to this many refused items, a table whose long messages wrap


def error_table(rows: list[dict[str, Any]]) -> None:
    """The refused items, one line each, with French column names."""
    columns = ["file", "line", "proposal", "option", "field", "message"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["line"] = frame["line"].astype("Int64")
    headers = {column: t(f"forms.transfer.col.{column}") for column in columns}
    if len(frame) <= ERROR_TABLE_MAX_ROWS:
        # st.table wraps long messages; its cells are Markdown, so what comes from the file is escaped.
        shown = frame.astype(object).where(frame.notna(), "")
        shown = shown.map(lambda value: md_escape(value) if value != "" else "")
        st.table(shown.rename(columns=headers), hide_index=True, border="horizontal")
        return
    st.dataframe(
        frame, hide_index=True, width="stretch", key="ie.errors",
        column_config={column: st.column_config.TextColumn(headers[column]) for column in columns}
        | {"line": st.column_config.NumberColumn(headers["line"], format="%d"),
           "message": st.column_config.TextColumn(headers["message"], width="large")},
    )


def _parse(upload: Any) -> tuple[list[Proposal] | None, list[Any]]:
    """Read the uploaded file with a progress bar; (proposals, []) or (None, errors)."""
    from evaluation.exchange.isolated import parse_proposals_isolated

    bar = st.progress(0.0, text=t("forms.transfer.progress.read", name=upload.name))
    content = upload.getvalue()
    bar.progress(0.3, text=t("forms.transfer.progress.check"))
    try:
        proposals = parse_proposals_isolated(content, upload.name)  # in a child: no file can take the server down
    except InvalidFileError as exc:
        bar.progress(1.0, text=t("forms.transfer.progress.refused"))
        return None, exc.errors
    bar.progress(1.0, text=t("forms.transfer.progress.done", count=len(proposals)))
    return proposals, []


def _on_import(proposals_json: list[str], name: str) -> None:
    from evaluation.services.permissions import WorkflowError
    from evaluation.services.workflow import Workflow
    from evaluation.storage import StorageError

    proposals = [Proposal.model_validate_json(item) for item in proposals_json]
    replace = bool(st.session_state.get(REPLACE_KEY))
    bar = st.progress(0.0, text=t("forms.transfer.progress.store", done=0, total=len(proposals)))

    def progress(done: int, total: int, what: str) -> None:
        bar.progress(done / total if total else 1.0, text=t("forms.transfer.progress.store", done=done, total=total))

    try:
        result = Workflow(data.repository()).import_proposals(proposals, user=auth.person(), replace=replace,
                                                              source=name, progress=progress)
    except InvalidFileError as exc:
        st.session_state[RESULT_KEY] = ("refused", error_rows(exc.errors))
        return
    except (StorageError, WorkflowError) as exc:
        st.session_state[RESULT_KEY] = ("error", str(exc))
        return
    data.clear_caches()
    st.session_state[RESULT_KEY] = ("done", {"created": result.created, "replaced": result.replaced, "name": name,
                                             "new_versions": result.new_versions})
    # A new key gives an empty uploader (a file uploader's value cannot be set).
    st.session_state[UPLOAD_KEY] = int(st.session_state.get(UPLOAD_KEY, 0)) + 1


def _show_result() -> None:
    outcome = st.session_state.pop(RESULT_KEY, None)
    if outcome is None:
        return
    kind, payload = outcome
    if kind == "done":
        st.success(t("forms.transfer.imported", created=len(payload["created"]), replaced=len(payload["replaced"]),
                     name=md_escape(payload["name"])), icon=":material/check_circle:")
        for decided, draft in payload.get("new_versions", {}).items():
            st.info(t("forms.transfer.new_version", decided=md_escape(decided), draft=md_escape(draft)),
                    icon=":material/difference:")
    elif kind == "refused":
        st.error(t("forms.transfer.refused_at_import", count=len(payload)), icon=":material/block:")
        error_table(payload)
    else:
        st.error(md_escape(payload), icon=":material/error:")


def import_tab() -> None:
    st.caption(t("forms.transfer.import_intro"))
    _show_result()
    upload = file_uploader(t("forms.transfer.upload"), types=ACCEPTED,
                           key=f"ie.file.{st.session_state.get(UPLOAD_KEY, 0)}", help_text=t("forms.transfer.upload_help"))
    st.checkbox(t("forms.transfer.replace"), key=REPLACE_KEY, help=t("forms.transfer.replace_help"))
    if upload is None:
        return
    proposals, errors = _parse(upload)
    if proposals is None:
        st.error(t("forms.transfer.refused", count=len(errors), name=md_escape(upload.name)), icon=":material/block:")
        error_table(error_rows(errors))
        return
    stored = {summary.id: summary.status.value for summary in data.repository().list_proposals()}
    plan = import_plan(proposals, stored, replace=bool(st.session_state.get(REPLACE_KEY)))
    refused = [item for item in plan if item.action == "refuse"]
    in_review = [item for item in plan if item.action == "in_review"]
    frame = pd.DataFrame([{"id": item.id, "title": item.title, "options": item.options,
                           "action": t(f"forms.transfer.action.{item.action}")} for item in plan])
    st.dataframe(frame, hide_index=True, width="stretch", key="ie.plan", column_config={
        "id": st.column_config.TextColumn(t("forms.transfer.col.id")),
        "title": st.column_config.TextColumn(t("forms.transfer.col.title"), width="large"),
        "options": st.column_config.NumberColumn(t("forms.transfer.col.options"), format="%d"),
        "action": st.column_config.TextColumn(t("forms.transfer.col.action")),
    })
    if refused:
        st.warning(t("forms.transfer.existing", count=len(refused)), icon=":material/warning:")
    if in_review:
        st.warning(t("forms.transfer.in_review", count=len(in_review),
                     ids=", ".join(md_escape(item.id) for item in in_review)), icon=":material/rate_review:")
    if any(item.action == "new_version" for item in plan):
        st.info(t("forms.transfer.new_versions_ahead"), icon=":material/difference:")
    st.button(t("forms.transfer.import", count=len(proposals)), key="ie.import", type="primary",
              icon=":material/upload:", disabled=bool(refused or in_review), on_click=_on_import,
              args=([proposal.model_dump_json() for proposal in proposals], upload.name))


def _download(label: str, maker: Callable[[], bytes], fmt: str, stem: str, key: str) -> None:
    st.download_button(label, data=maker, file_name=export_name(stem, fmt), mime=MIME_TYPES[fmt], key=key,
                       icon=":material/download:", on_click="ignore")


def export_tab() -> None:
    lang = current_language()
    repo = data.repository()
    count = repo.count_proposals()
    if count == 0:
        empty_state(t("forms.transfer.nothing_to_export"), link_to="proposal", link_label=t("forms.transfer.create"),
                    link_action="create_proposal")
        return
    st.markdown(f"**{t('forms.transfer.portfolio_title')}**")
    st.caption(t("forms.transfer.portfolio_intro", count=count))
    def portfolio(fmt: str) -> Callable[[], bytes]:
        return lambda: portfolio_file(repo.load_proposals(), fmt)

    with st.container(horizontal=True):
        for fmt in EXPORT_FORMATS:
            _download(fmt.upper(), portfolio(fmt), fmt, "dossiers", f"ie.export.{fmt}")
    st.markdown(f"**{t('forms.transfer.results_title')}**")
    st.caption(t("forms.transfer.results_intro"))
    st.caption(t("app.npv.definitions"))

    def results(fmt: str) -> Callable[[], bytes]:
        def make() -> bytes:
            from evaluation.pipeline.evaluate import evaluation_records

            frame = data.portfolio(lang=lang)
            return results_file(evaluation_records(frame, data.context(lang=lang)), fmt)

        return make

    with st.container(horizontal=True):
        for fmt in RESULT_FORMATS:
            _download(fmt.upper(), results(fmt), fmt, "evaluation", f"ie.results.{fmt}")
    decisions_downloads(repo)


def decisions_downloads(repo: Any) -> None:
    """The decisions register (ui/reports/decision_register.py), JSON or CSV."""
    st.markdown(f"**{t('decision.register.download')}**")
    st.caption(t("decision.register.intro"))

    def register(fmt: str) -> Callable[[], bytes]:
        def make() -> bytes:
            from ui.reports.decision_register import decided_files, register_csv, register_json

            files = decided_files(repo)
            return register_csv(files) if fmt == "csv" else register_json(files)

        return make

    with st.container(horizontal=True):
        for fmt in RESULT_FORMATS:
            _download(fmt.upper(), register(fmt), fmt, "decisions", f"ie.decisions.{fmt}")


def template_tab() -> None:
    st.caption(t("forms.transfer.template_intro"))
    with st.container(horizontal=True):
        for fmt in EXPORT_FORMATS:
            st.download_button(fmt.upper(), data=template_file(fmt), file_name=f"jauge-modele-dossiers.{fmt}",
                               mime=MIME_TYPES[fmt], key=f"ie.template.{fmt}", icon=":material/description:",
                               on_click="ignore")
    st.caption(t("forms.transfer.template_doc"))


def main() -> None:
    if not open_page(t("forms.transfer.title"), t("forms.transfer.intro"), icon=":material/swap_vert:"):
        return
    user = auth.current_user()
    parts = [(name, draw) for name, action, draw in (("import", "import_proposals", import_tab),
                                                      ("export", "export", export_tab))
             if auth.may(user, action)]
    parts.append(("template", template_tab))
    tabs = st.tabs([t(f"forms.transfer.tab.{name}") for name, _ in parts], key="ie-tabs")
    for tab, (_, draw) in zip(tabs, parts, strict=True):
        with tab:
            draw()


main()
