"""The dashboard's data: the ONLY module with Streamlit caches.

- `repository()`: the storage repository, opened once per process (st.cache_resource);
- `context(...)`: settings, matrix and rules for the engine, per settings version and language;
- `portfolio(...)`: every option of every proposal, evaluated, cached by data version;
- `portfolio_rows(...)`: the Portefeuille page's rows and filter values (ui.views.portfolio.rows), same key;
- `summaries(...)`: every proposal's summary (no content), same key, for the Dossier page's chooser;
- `draft_evaluation(...)`: a proposal being written, evaluated on its own (the form's preview);
- `clear_caches()`: call it after every write (save, import, review, decision, settings).

Session state holds ids and choices, never results: pages ask this module each run, and the caches
make that cheap. The data version is read from the database on each run (one query of aggregates,
`Repository.portfolio_version`), so a write from another session is seen too.

The evaluated portfolio (about 250 columns per option) and the Portefeuille page's rows are kept with
`st.cache_resource`, keyed by the data version and the language: one object shared by every
session, never pickled nor copied on a rerun. They are READ-ONLY: `portfolio()` hands out a shallow
copy (pandas copy-on-write: writing to it copies the touched column, never the cached data), and
the page's rows must only be filtered or read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st

if TYPE_CHECKING:
    import pandas as pd

    from evaluation.bilan.model import Bilan, BilanSource
    from evaluation.domain.proposal import Proposal
    from evaluation.domain.settings import Settings
    from evaluation.pipeline.evaluate import Context
    from evaluation.progress import Progress
    from evaluation.services.decision_file import DecisionFile
    from evaluation.storage import ProposalSummary, Repository
    from ui.views.portfolio.rows import PortfolioRows


_warm_started = threading.Event()
_repository_open = threading.Event()  # set once repository() has opened it in this process


def warm_up() -> None:
    """Once per process, in the background: import the engine and Plotly, evaluate the portfolio and
    prepare the Portefeuille page's rows (French), so that the first page after sign-in draws from
    the caches."""
    from ui import first_run

    if _warm_started.is_set() or not first_run.server_started.is_set():  # no server (AppTest): nothing to warm
        return
    _warm_started.set()

    def work() -> None:
        try:
            repository()  # first: the sign-in that follows needs it
            import plotly.graph_objects  # noqa: F401

            from evaluation.footprint.ecologits_calls import ecologits_version

            ecologits_version()
            portfolio_rows("fr")
        except Exception:  # noqa: BLE001, S110 - a failed warm-up only means a slower first page
            pass

    threading.Thread(target=work, name="jauge-warm-up", daemon=True).start()


@st.cache_resource(show_spinner=False)
def repository() -> Repository:
    """The storage repository (JAUGE_DATABASE_URL, or a SQLite file in JAUGE_DATA_DIR)."""
    from evaluation.storage import open_repository

    opened = open_repository()
    _repository_open.set()
    return opened


def has_accounts() -> bool:
    """Whether any account exists: asked of the repository once it is open, else read without loading it
    (evaluation.storage.account_count), so that the sign-in page's first draw does not wait for the
    repositories, the models and the migrations check: warm_up opens the repository meanwhile."""
    if not _repository_open.is_set():
        from evaluation.config import database_url
        from evaluation.storage.account_count import count_accounts

        count = count_accounts(database_url())
        if count is not None:
            return count > 0
    return repository().count_users() > 0


@dataclass(frozen=True)
class DataVersion:
    """What the cached results depend on: the proposals' version and the settings' version."""

    proposals: str
    settings: int

    @property
    def key(self) -> str:
        return f"{self.proposals}:{self.settings}"


def data_version() -> DataVersion:
    """The stored data's version: count, sum of versions and newest change of the proposals, and the
    settings version (Repository.portfolio_version: one query of aggregates, a few milliseconds at
    10,000 proposals). Every write that changes what the pages show changes it."""
    stored = repository().portfolio_version()
    return DataVersion(proposals=stored.key, settings=stored.settings)


@st.cache_resource(show_spinner=False, max_entries=8)
def _settings(settings_version: int) -> Settings:
    from evaluation.exchange.settings_file import load_settings

    stored = repository().get_settings(settings_version) if settings_version else None
    return stored.settings() if stored is not None else load_settings()


def settings(version: DataVersion | None = None) -> Settings:
    """The collectivité's settings in force (the administrator's, or the defaults)."""
    version = version or data_version()
    return _settings(version.settings)


@st.cache_resource(show_spinner=False, max_entries=8)
def _context(settings_version: int, lang: str, day: str) -> Context:
    import datetime as dt

    from evaluation.pipeline.evaluate import build_context

    return build_context(_settings(settings_version), lang=lang, on=dt.date.fromisoformat(day))


def context(version: DataVersion | None = None, lang: str = "fr") -> Context:
    """The evaluation context of today (the day is part of the key: the law in force may change overnight)."""
    version = version or data_version()
    return _context(version.settings, lang, today())


def today() -> str:
    """The evaluation date of the dashboard's evaluations (ISO), part of every evaluation cache's key."""
    import datetime as dt

    return dt.date.today().isoformat()


def build_portfolio(repo: Repository, ctx: Context, progress: Progress | None = None) -> pd.DataFrame:
    """Every option of every stored proposal, evaluated, with the proposal's workflow columns
    (WORKFLOW_COLUMNS); no Streamlit here (the cache is `_portfolio`).

    The options table is built from the stored JSON documents (validated when they were written) with
    evaluation.table.build.documents_frame: it equals `options_frame(repo.load_proposals())` without
    validating 10,000 documents again."""
    import pandas as pd

    from evaluation.pipeline.evaluate import evaluate_frame
    from evaluation.progress import no_progress
    from evaluation.storage.stored import WORKFLOW_COLUMNS
    from evaluation.table.build import documents_frame
    from evaluation.table.columns import PROPOSAL_ID  # not at import: the sign-in page needs neither

    source = repo.portfolio_source()
    if not source.documents:
        return pd.DataFrame()
    frame = evaluate_frame(documents_frame(source.documents, ctx.settings), ctx, progress or no_progress)
    workflow = pd.DataFrame(source.workflow).set_index("id")
    per_option = workflow.reindex(frame[PROPOSAL_ID].to_numpy())[list(WORKFLOW_COLUMNS)].reset_index(drop=True)
    per_option.index = frame.index
    frame = pd.concat([frame.drop(columns=[c for c in WORKFLOW_COLUMNS if c in frame.columns]), per_option], axis=1)
    return frame.copy()  # one block per dtype: the engine's column-by-column additions fragment it


PortfolioKey = tuple[str, int, str, str]  # data version, settings version, language, day
_progress_lock = threading.Lock()
_evaluating: dict[PortfolioKey, tuple[int, int]] = {}  # (done, total) steps of an evaluation under way
_evaluated: set[PortfolioKey] = set()  # evaluations done in this process (the cache may still drop one)


@st.cache_resource(show_spinner=False, max_entries=4)
def _portfolio(version_key: str, settings_version: int, lang: str, day: str) -> pd.DataFrame:
    key = (version_key, settings_version, lang, day)

    def progress(done: int, total: int, what: str) -> None:
        with _progress_lock:
            _evaluating[key] = (done, total)

    try:
        frame = build_portfolio(repository(), _context(settings_version, lang, day), progress)
    finally:
        with _progress_lock:
            _evaluating.pop(key, None)
    with _progress_lock:
        _evaluated.add(key)
    return frame


def wait_for_portfolio(lang: str, version: DataVersion, show: Callable[[int, int], object]) -> None:
    """Before a page reads the portfolio: when it has not been evaluated yet in this process, evaluate it
    in a worker thread (or wait for the warm-up's evaluation, the cache lets one run) and call
    `show(done, total)` with its steps as they pass, for a progress bar; nothing when it is ready."""
    key = (version.key, version.settings, lang, today())
    with _progress_lock:
        if key in _evaluated:
            return
    worker = threading.Thread(target=lambda: _portfolio(*key), name="jauge-portfolio", daemon=True)
    worker.start()
    shown = None
    while worker.is_alive():
        with _progress_lock:
            state = _evaluating.get(key)
        if state is not None and state != shown:
            show(*state)
            shown = state
        worker.join(0.05)


def portfolio(lang: str = "fr", version: DataVersion | None = None) -> pd.DataFrame:
    """Every option of every stored proposal with every result column (docs/engine-columns.md) and
    the proposal's workflow columns (status, outcome, version, updated_at, updated_by, sponsor).

    A shallow copy of the cached frame: cheap, and writing to it never changes the cache."""
    version = version or data_version()
    return _portfolio(version.key, version.settings, lang, today()).copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=4)
def _portfolio_rows(version_key: str, settings_version: int, lang: str) -> PortfolioRows:
    from ui.views.portfolio.rows import build_rows

    return build_rows(_portfolio(version_key, settings_version, lang, today()), lang=lang)


def portfolio_rows(lang: str = "fr", version: DataVersion | None = None) -> PortfolioRows:
    """The Portefeuille page's rows and filter values (ui.views.portfolio.rows), READ-ONLY: filter them, never
    write to them (one object shared by every session)."""
    version = version or data_version()
    return _portfolio_rows(version.key, version.settings, lang)


@st.cache_resource(show_spinner=False, max_entries=4)
def _summaries(version_key: str) -> tuple[ProposalSummary, ...]:
    return tuple(repository().list_proposals())


def summaries(version: DataVersion | None = None) -> tuple[ProposalSummary, ...]:
    """Every stored proposal's summary (Repository.list_proposals: no content), newest change first, per data
    version: the Dossier page's chooser reads 10,000 of them on each run. READ-ONLY (one tuple shared by every
    session); the data version is read from the database, so another server's write is seen on the next run."""
    version = version or data_version()
    return _summaries(version.key)


@st.cache_data(show_spinner=False, max_entries=64)
def _proposal(proposal_id: str, version_key: str) -> Proposal | None:
    from evaluation.storage import NotFound

    try:
        return repository().get_proposal(proposal_id).proposal
    except NotFound:
        return None


def proposal(proposal_id: str, version: DataVersion | None = None) -> Proposal | None:
    """One stored proposal document, or None."""
    version = version or data_version()
    return _proposal(proposal_id, version.key)


@st.cache_data(show_spinner=False, max_entries=32)
def _draft_evaluation(proposal_json: str, settings_version: int, lang: str, _proposal: Proposal) -> pd.DataFrame:
    from evaluation.pipeline.evaluate import evaluate_frame
    from evaluation.table.build import options_frame

    ctx = _context(settings_version, lang, today())
    return evaluate_frame(options_frame([_proposal], ctx.settings), ctx)


def draft_evaluation(proposal: Proposal, proposal_json: str, lang: str = "fr", version: DataVersion | None = None
                     ) -> pd.DataFrame:
    """The options of a proposal being written (not stored), evaluated on their own with the settings
    in force: the proposal form's live preview. Cached by the proposal's JSON (`proposal_json`, computed
    once per change of the form: ui.forms.validation.Validation.preview_key); the proposal itself is not
    validated again."""
    version = version or data_version()
    return _draft_evaluation(proposal_json, version.settings, lang, proposal)


def proposal_options(proposal_id: str, lang: str = "fr", version: DataVersion | None = None) -> pd.DataFrame:
    """The evaluated options of one proposal, in their order."""
    from evaluation.table.columns import OPTION_INDEX, PROPOSAL_ID  # not at import: the sign-in page needs neither

    frame = portfolio(lang, version)
    if frame.empty:
        return frame
    return frame.loc[frame[PROPOSAL_ID] == proposal_id].sort_values(OPTION_INDEX).reset_index(drop=True)


def _option_row(proposal_id: str, option_index: int, version_key: str, settings_version: int, lang: str
                ) -> dict[str, Any] | None:
    from evaluation.table.columns import OPTION_INDEX, PROPOSAL_ID  # not at import: the sign-in page needs neither

    frame = _portfolio(version_key, settings_version, lang, today())
    if frame.empty:
        return None
    rows = frame.loc[(frame[PROPOSAL_ID] == proposal_id) & (frame[OPTION_INDEX] == option_index)]
    return None if rows.empty else {str(key): value for key, value in rows.iloc[0].items()}


@st.cache_data(show_spinner=False, max_entries=64)
def _zone_comparison(proposal_id: str, option_index: int, version_key: str, settings_version: int) -> list[Any]:
    from evaluation.footprint import zone_comparison

    row = _option_row(proposal_id, option_index, version_key, settings_version, "fr")
    return [] if row is None else zone_comparison(row, _settings(settings_version))


def zone_comparison(proposal_id: str, option_index: int, version: DataVersion) -> list[Any]:
    """The option's annual footprint in other hosting zones (evaluation.footprint.zone_comparison)."""
    return _zone_comparison(proposal_id, option_index, version.key, version.settings)


@st.cache_data(show_spinner=False, max_entries=64)
def _alternatives(proposal_id: str, option_index: int, version_key: str, settings_version: int) -> list[Any]:
    from evaluation.footprint import frugal_alternatives

    row = _option_row(proposal_id, option_index, version_key, settings_version, "fr")
    return [] if row is None else frugal_alternatives(row, _settings(settings_version))


def alternatives(proposal_id: str, option_index: int, version: DataVersion) -> list[Any]:
    """Smaller models and better-placed zones with their savings (evaluation.footprint.frugal_alternatives)."""
    return _alternatives(proposal_id, option_index, version.key, version.settings)


@st.cache_data(show_spinner=False, max_entries=64)
def _cash_flows(proposal_id: str, option_index: int, version_key: str, settings_version: int) -> list[Any]:
    from evaluation.finance import cash_flows

    row = _option_row(proposal_id, option_index, version_key, settings_version, "fr")
    return [] if row is None else cash_flows(row, _settings(settings_version))


def cash_flows(proposal_id: str, option_index: int, version: DataVersion) -> list[Any]:
    """Yearly cash flows t = 0..H of one option (evaluation.finance.cash_flows)."""
    return _cash_flows(proposal_id, option_index, version.key, version.settings)


@st.cache_data(show_spinner=False, max_entries=32)
def _sensitivity(proposal_id: str, version_key: str, settings_version: int) -> pd.DataFrame:
    from evaluation.pipeline.sensitivity import sensitivity
    from evaluation.table.columns import OPTION_INDEX, PROPOSAL_ID  # not at import: the sign-in page needs neither

    frame = _portfolio(version_key, settings_version, "fr", today())
    ctx = _context(settings_version, "fr", today())
    options = frame.loc[frame[PROPOSAL_ID] == proposal_id].sort_values(OPTION_INDEX).reset_index(drop=True)
    result = sensitivity(options, ctx.settings, ctx.matrix)
    result[OPTION_INDEX] = options[OPTION_INDEX].to_numpy()[result["row"].to_numpy(dtype="int64")]
    return result


def sensitivity(proposal_id: str, version: DataVersion) -> pd.DataFrame:
    """NPV and scores at the low and high ends of each uncertain input (evaluation.pipeline.sensitivity), per option."""
    return _sensitivity(proposal_id, version.key, version.settings)


@st.cache_data(show_spinner=False, max_entries=32, ttl=60)  # reviews may come from other sessions
def _history(proposal_id: str, version_key: str) -> tuple[list[Any], list[Any], list[Any]]:
    repo = repository()
    return (repo.audit_events(proposal_id=proposal_id), repo.reviews(proposal_id), repo.decisions(proposal_id))


def history(proposal_id: str, version: DataVersion) -> tuple[list[Any], list[Any], list[Any]]:
    """(audit events, reviews, decisions) of a proposal, oldest first."""
    return _history(proposal_id, version.key)


def actuals_key() -> str:
    """What the follow-up depends on besides the proposals: service changes and imports stored (one cheap
    query of counts)."""
    changes, imports = repository().actuals_version()
    return f"{changes}.{imports}"


@st.cache_data(show_spinner=False, max_entries=32, ttl=60)  # imports may come from other sessions
def _follow_up(proposal_id: str, version_key: str, actuals: str) -> list[Any]:
    from evaluation.services.actuals import Tracking

    return Tracking(repository()).follow_up(proposal_id)


def follow_up(proposal_id: str, version: DataVersion) -> list[Any]:
    """The approved options of a proposal and their follow-up (evaluation.services.actuals.OptionFollowUp)."""
    return _follow_up(proposal_id, version.key, actuals_key())


@st.cache_data(show_spinner=False, max_entries=4, ttl=60)
def _follow_flags(version_key: str, actuals: str) -> dict[tuple[str, str], Any]:
    from evaluation.services.actuals import Tracking

    return Tracking(repository()).flags()


def follow_flags(version: DataVersion) -> dict[tuple[str, str], Any]:
    """(proposal id, option name) -> FollowFlag (service status, figures over the estimate)."""
    return _follow_flags(version.key, actuals_key())
@st.cache_data(show_spinner=False, max_entries=1, ttl=60)  # accounts may be renamed from other sessions
def _people() -> dict[str, str]:
    return {user.login: user.name for user in repository().list_users() if user.name}


def people() -> dict[str, str]:
    """Each account's name by login (accounts without a name left out), for ui.formatting.person_label."""
    return _people()


@st.cache_data(show_spinner=False, max_entries=32, ttl=60)  # conditions may be met from other sessions
def _decision_file(proposal_id: str, version_key: str) -> Any:
    from evaluation.services.decision_file import decision_file as read

    return read(repository(), proposal_id)


def decision_file(proposal_id: str, version: DataVersion) -> DecisionFile | None:
    """The decision file of a decided proposal (evaluation.services.decision_file), None while undecided."""
    found: DecisionFile | None = _decision_file(proposal_id, version.key)
    return found


def quadrant_thresholds(ctx: Context) -> tuple[float, float]:
    """The matrix's (value, cost) thresholds between quadrants; 2 on the 0-4 scale if it states none."""
    matrix = ctx.matrix
    quadrants = getattr(matrix, "quadrants", None)
    value = getattr(quadrants, "value_threshold", None) or getattr(matrix, "value_threshold", None)
    cost = getattr(quadrants, "cost_threshold", None) or getattr(matrix, "cost_threshold", None)
    return float(value if value is not None else 2.0), float(cost if cost is not None else 2.0)


def quadrant_labels(ctx: Context, lang: str) -> dict[str, str]:
    """The matrix file's own quadrant labels (the collectivité may rename them)."""
    labels = getattr(getattr(ctx.matrix, "quadrants", None), "labels", None)
    if labels is None:
        return {}
    out: dict[str, str] = {}
    for code in ("a_prioriser", "a_arbitrer", "a_simplifier", "a_ecarter"):
        text = getattr(labels, code, None)
        if text is not None:
            out[code] = str(getattr(text, lang, None) or getattr(text, "fr", ""))
    return out


def clear_caches() -> None:
    """Forget every cached result; call after every write so that every page shows the new data."""
    st.cache_data.clear()
    _summaries.clear()
    _settings.clear()
    _context.clear()
    _portfolio.clear()
    _portfolio_rows.clear()
    with _progress_lock:
        _evaluated.clear()


# -- the SNR bilan (ui/views/bilan.py) -----------------------------------------------------------------

def _bilan_key() -> str:
    """What the bilan depends on beyond the proposals: service changes and imports of actual usage."""
    changes, imports = repository().actuals_version()
    return f"{data_version().key}:{changes}:{imports}"


@st.cache_resource(show_spinner=False, max_entries=4, ttl=60)  # conditions may be met in other sessions
def _bilan_source(key: str) -> BilanSource:
    from evaluation.bilan.collect import bilan_source

    return bilan_source(repository())


@st.cache_resource(show_spinner=False, max_entries=8, ttl=60)
def _bilan(year: int, key: str) -> Bilan:
    from evaluation.bilan.compute import compute_bilan

    return compute_bilan(_bilan_source(key), year)


def bilan(year: int) -> Bilan:
    """The SNR bilan of a year, computed from the stored decisions, lifecycle and actuals."""
    return _bilan(year, _bilan_key())


@st.cache_data(show_spinner=False, max_entries=16, ttl=60)
def _bilan_file(year: int, fmt: str, key: str) -> bytes:
    if fmt == "json":
        import orjson

        from evaluation.bilan.as_json import bilan_json

        return orjson.dumps(bilan_json(_bilan(year, key)), option=orjson.OPT_INDENT_2)
    from evaluation.bilan.build import document_bytes

    return document_bytes(_bilan(year, key), fmt)


def bilan_file(year: int, fmt: str) -> bytes:
    """The bilan as json, xlsx, odt, docx or pdf."""
    return _bilan_file(year, fmt, _bilan_key())


def _bilan_chart_items(kind: str, year: int, key: str) -> list[tuple[str, Any]]:
    """What a bilan chart draws: (label, count) for `decisions`, (label, min-max range) for the others."""
    from ui.i18n import t

    figures = _bilan(year, key)
    if kind == "decisions":
        return [(t(f"app.outcome.{k}"), n) for k, n in figures.counts.decided.items()]
    return ([(line.title, line.annual["gwp_kgco2eq"]) for line in figures.projects] if kind == "projects"
            else [(group.key, group.annual["gwp_kgco2eq"]) for group in figures.by_objective])


@st.cache_data(show_spinner=False, max_entries=32)
def bilan_chart(kind: str, year: int, key: str, lang: str) -> bytes:
    """A chart of the bilan as PNG: `decisions`, `projects` or `objectives`."""
    from evaluation.bilan import charts
    from ui.i18n import t

    items = _bilan_chart_items(kind, year, key)
    if kind == "decisions":
        return charts.count_bars(t("bilan.chart.decisions", year=year), items, empty=t("bilan.chart.empty"))
    return charts.range_bars(t(f"bilan.chart.{kind}"), items, "kg CO2e", note=t("bilan.chart.note"))


@st.cache_data(show_spinner=False, max_entries=32)
def bilan_chart_text(kind: str, year: int, key: str, lang: str) -> str:
    """The figures a bilan chart draws, as one sentence: the image's text alternative (RGAA 1.3)."""
    from ui.formatting import format_integer, format_range
    from ui.i18n import t

    items = _bilan_chart_items(kind, year, key)
    title = t("bilan.chart.decisions", year=year) if kind == "decisions" else t(f"bilan.chart.{kind}")
    if not items:
        return f"{title} : {t('bilan.chart.empty')}" if lang == "fr" else f"{title}: {t('bilan.chart.empty')}"
    if kind == "decisions":
        figures = [f"{name} {format_integer(count, lang=lang)}" for name, count in items]
    else:
        figures = [f"{name} {format_range(value.min, value.max, 'gwp_kgco2eq', lang=lang)}" if value.known
                   else f"{name} {t('app.common.not_estimated')}" for name, value in items]
    return (f"{title} : " if lang == "fr" else f"{title}: ") + " ; ".join(figures) + "."


def bilan_key() -> str:
    return _bilan_key()


def bilan_first_year() -> int | None:
    """The year of the first decision or first day in service, if any."""
    source = _bilan_source(_bilan_key())
    years = [d.created_at.year for d in source.decisions]
    years += [period.start.year for periods in source.service.values() for period in periods]
    return min(years) if years else None
