"""The persistence adapter: proposals, reviews, decisions, settings and the audit trail.

Every write is one transaction that includes its audit event(s). Tables are read and written with
SQLAlchemy Core statements on the typed declarative tables, and nothing but pydantic records leaves
this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    Engine,
    Row,
    Text,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.exc import IntegrityError

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.domain.workflow import EntityType, Opinion, Outcome, Role, Status
from evaluation.exchange.documents import proposal_document
from evaluation.exchange.errors import FieldError, InvalidFileError
from evaluation.storage import tables as t
from evaluation.storage.database import WRITE_OPTION
from evaluation.storage.stored import (
    WORKFLOW_COLUMNS,
    AlreadyExists,
    AuditEvent,
    EditConflict,
    ImportResult,
    NotFound,
    OptionRow,
    ProposalSummary,
    ReadOnlyProposal,
    ReviewInput,
    StoredConflict,
    StoredDecision,
    StoredProposal,
    StoredReview,
    StoredSettings,
    StoredUser,
)

SETTINGS_ENTITY_ID = "settings"
_Record = TypeVar("_Record", bound=BaseModel)
_COPY_THRESHOLD = 50  # rows from which PostgreSQL inserts use COPY
_CHUNK = 900  # ids per IN (...) list, well under SQLite's and PostgreSQL's parameter limits


class PortfolioVersion(BaseModel):
    """What the portfolio shown by the dashboard depends on, read in one cheap query.

    Every write to a proposal (creation, content, status, review with a status change, decision,
    import, new version) adds a proposal or raises its `version`, so `proposals` + `version_sum`
    change with it; `updated_at` is the newest change; `settings` the newest settings version.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    proposals: int  # number of stored proposals
    version_sum: int  # sum of their versions
    updated_at: dt.datetime | None  # newest proposal change (UTC); None while there is none
    settings: int  # newest settings version; 0 while the administrator saved none

    @property
    def key(self) -> str:
        """The proposals' part as one string (the settings version is kept apart)."""
        stamp = self.updated_at.isoformat() if self.updated_at else "-"
        return f"{self.proposals}.{self.version_sum}.{stamp}"


@dataclass(frozen=True)
class PortfolioSource:
    """Every stored proposal, ordered by id, read in one transaction, without pydantic.

    `documents` are the JSON documents as stored (validated when written; fields left to their
    default are absent, see `proposal_content`); `workflow` holds one list per column, aligned with
    them: `id`, `status`, `outcome`, `version`, `updated_at`, `updated_by`, `sponsor`.
    """

    documents: list[dict[str, Any]]
    workflow: dict[str, list[Any]]


_SOURCE_COLUMNS = ("id", *WORKFLOW_COLUMNS)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _records(model: type[_Record], rows: Sequence[Any]) -> list[_Record]:
    """Pydantic records from result rows (column names read once: `Row._asdict` per row is slow)."""
    if not rows:
        return []
    keys = tuple(rows[0]._fields)
    validate = model.model_validate
    return [validate(dict(zip(keys, row, strict=True))) for row in rows]


def _role_values(roles: Collection[Role | str]) -> list[str]:
    """Distinct role values in the canonical order (porteur, dsi, elu, admin)."""
    return [role.value for role in Role if role in {Role(value) for value in roles}]


def _insert_many(connection: Connection, entity: type[t.Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows: COPY on PostgreSQL for large batches (about 3 times faster than executemany)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql" and len(rows) >= _COPY_THRESHOLD:
        _copy_rows(connection, entity, rows)
    else:
        connection.execute(insert(entity), list(rows))


def _copy_rows(connection: Connection, entity: type[t.Base], rows: Sequence[dict[str, Any]]) -> None:
    from psycopg.types.json import Jsonb

    table = entity.__table__
    names = list(rows[0])
    json_columns = {name for name in names if isinstance(table.c[name].type, JSON)}
    column_list = ", ".join(f'"{name}"' for name in names)
    raw = connection.connection.dbapi_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({column_list}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row([
                (Jsonb(row[name]) if row[name] is not None else None) if name in json_columns else row[name]
                for name in names
            ])


def proposal_content(proposal: Proposal) -> dict[str, Any]:
    """The document stored for a proposal (evaluation.exchange.documents' policy)."""
    return proposal_document(proposal)


def _listing_columns(proposal: Proposal) -> dict[str, Any]:
    return {
        "title": proposal.title,
        "direction": proposal.direction,
        "sponsor": proposal.sponsor,
        "category": proposal.category.value,
    }


def _option_values(proposal: Proposal) -> list[dict[str, Any]]:
    return [
        {
            "proposal_id": proposal.id,
            "position": position,
            "name": option.name,
            "kind": option.kind.value,
            "provider": option.provider,
            "model": option.model,
            "zone": option.zone,
        }
        for position, option in enumerate(proposal.options)
    ]


def _event(
    *,
    actor: str,
    entity_type: EntityType,
    entity_id: str,
    action: str,
    before: Any = None,
    after: Any = None,
    proposal_id: str | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    return {
        "at": at or _now(),
        "actor": actor,
        "entity_type": entity_type.value,
        "entity_id": entity_id,
        "proposal_id": proposal_id,
        "action": action,
        "before": before,
        "after": after,
    }


class Repository:
    """Service-free persistence API; open it with `evaluation.storage.open_repository`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite)."""
        with self._engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield connection

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as connection, connection.begin():
            yield connection

    @staticmethod
    def _audit(connection: Connection, events: Sequence[dict[str, Any]]) -> None:
        if events:
            _insert_many(connection, t.AuditEventRow, events)

    def _store_conflict(
        self,
        *,
        entity_type: EntityType,
        entity_id: str,
        expected_version: int | None,
        content: Any,
        actor: str,
        current: tuple[int, str, dt.datetime],
    ) -> EditConflict:
        """Keep refused content in its own transaction and return the error to raise."""
        stored_version, saved_by, saved_at = current
        with self._write() as connection:
            conflict_id = connection.execute(
                insert(t.EditConflictRow).returning(t.EditConflictRow.id),
                {
                    "entity_type": entity_type.value,
                    "entity_id": entity_id,
                    "expected_version": expected_version,
                    "stored_version": stored_version,
                    "content": content,
                    "actor": actor,
                    "created_at": _now(),
                },
            ).scalar_one()
        return EditConflict(
            entity_type=entity_type,
            entity_id=entity_id,
            expected_version=expected_version,
            stored_version=stored_version,
            saved_by=saved_by,
            saved_at=saved_at,
            conflict_id=conflict_id,
        )

    # -- proposals ----------------------------------------------------------------------------

    @staticmethod
    def _locked_proposal(connection: Connection, proposal_id: str) -> Row[Any] | None:
        P = t.ProposalRow
        return connection.execute(
            select(P.version, P.status, P.outcome, P.content, P.updated_by, P.updated_at)
            .where(P.id == proposal_id)
            .with_for_update()
        ).one_or_none()

    @staticmethod
    def _require(row: Row[Any] | None, proposal_id: str) -> Row[Any]:
        if row is None:
            raise NotFound(f"Dossier « {proposal_id} » introuvable.")
        return row

    @staticmethod
    def _require_editable(row: Row[Any], proposal_id: str) -> None:
        if row.status == Status.DECIDE.value:
            raise ReadOnlyProposal(proposal_id)

    def save_proposal(self, proposal: Proposal, *, actor: str, expected_version: int | None) -> int:
        """Create (`expected_version=None`) or update a proposal; returns its new version."""
        content = proposal_content(proposal)
        try:
            with self._write() as connection:
                row = self._locked_proposal(connection, proposal.id)
                if expected_version is None:
                    if row is None:
                        self._insert_proposals(connection, [proposal], actor=actor, action="create")
                        return 1
                    conflict = (row.version, row.updated_by, row.updated_at)
                else:
                    row = self._require(row, proposal.id)
                    self._require_editable(row, proposal.id)
                    if row.version == expected_version:
                        return self._update_proposal(connection, proposal, content, row, actor=actor, action="update")
                    conflict = (row.version, row.updated_by, row.updated_at)
        except IntegrityError:
            # Created by someone else between our read and our insert.
            if expected_version is not None:
                raise
            with self._read() as connection:
                row = self._require(self._locked_proposal(connection, proposal.id), proposal.id)
            conflict = (row.version, row.updated_by, row.updated_at)
        raise self._store_conflict(
            entity_type=EntityType.PROPOSAL, entity_id=proposal.id, expected_version=expected_version,
            content=content, actor=actor, current=conflict,
        )

    def _insert_proposals(self, connection: Connection, proposals: Sequence[Proposal], *, actor: str,
                          action: str, parent_id: str | None = None) -> None:
        now = _now()
        rows = []
        options: list[dict[str, Any]] = []
        events = []
        for proposal in proposals:
            content = proposal_content(proposal)
            rows.append({
                "id": proposal.id, **_listing_columns(proposal), "status": Status.BROUILLON.value, "outcome": None,
                "version": 1, "parent_id": parent_id, "content": content,
                "created_at": now, "created_by": actor, "updated_at": now, "updated_by": actor,
            })
            options.extend(_option_values(proposal))
            events.append(_event(
                actor=actor, entity_type=EntityType.PROPOSAL, entity_id=proposal.id, proposal_id=proposal.id,
                action=action, at=now,
                after={"status": Status.BROUILLON.value, "version": 1, "content": content,
                       **({"parent_id": parent_id} if parent_id else {})},
            ))
        if rows:
            _insert_many(connection, t.ProposalRow, rows)
        if options:
            _insert_many(connection, t.OptionRow, options)
        self._audit(connection, events)

    def _update_proposal(self, connection: Connection, proposal: Proposal, content: dict[str, Any],
                         row: Row[Any], *, actor: str, action: str) -> int:
        P = t.ProposalRow
        now = _now()
        new_version = int(row.version) + 1
        result = connection.execute(
            update(P)
            .where(P.id == proposal.id, P.version == row.version)
            .values(**_listing_columns(proposal), content=content, version=new_version,
                    updated_at=now, updated_by=actor)
        )
        if result.rowcount != 1:  # pragma: no cover - the row is locked (PostgreSQL) or the database is (SQLite)
            raise RuntimeError(f"proposal {proposal.id} changed during its update")
        connection.execute(delete(t.OptionRow).where(t.OptionRow.proposal_id == proposal.id))
        _insert_many(connection, t.OptionRow, _option_values(proposal))
        self._audit(connection, [_event(
            actor=actor, entity_type=EntityType.PROPOSAL, entity_id=proposal.id, proposal_id=proposal.id,
            action=action, at=now,
            before={"status": row.status, "version": row.version, "content": row.content},
            after={"status": row.status, "version": new_version, "content": content},
        )])
        return new_version

    def get_proposal(self, proposal_id: str) -> StoredProposal:
        """The stored proposal with its workflow state; NotFound if absent."""
        P = t.ProposalRow
        with self._read() as connection:
            row = connection.execute(select(
                P.content, P.status, P.outcome, P.version, P.parent_id,
                P.created_at, P.created_by, P.updated_at, P.updated_by,
            ).where(P.id == proposal_id)).one_or_none()
        row = self._require(row, proposal_id)
        return StoredProposal(
            proposal=Proposal.model_validate(row.content),
            status=Status(row.status),
            outcome=Outcome(row.outcome) if row.outcome else None,
            version=row.version,
            parent_id=row.parent_id,
            created_at=row.created_at,
            created_by=row.created_by,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
        )

    def exists(self, proposal_id: str) -> bool:
        with self._read() as connection:
            return connection.execute(
                select(t.ProposalRow.id).where(t.ProposalRow.id == proposal_id)
            ).first() is not None

    def count_proposals(self) -> int:
        with self._read() as connection:
            return int(connection.execute(select(func.count()).select_from(t.ProposalRow)).scalar_one())

    def list_proposals(
        self,
        *,
        statuses: Collection[Status | str] | None = None,
        directions: Collection[str] | None = None,
        categories: Collection[str] | None = None,
        created_by: str | None = None,
        search: str | None = None,
    ) -> list[ProposalSummary]:
        """Portfolio rows (no content loaded), newest change first; one SQL query."""
        P, Opt = t.ProposalRow, t.OptionRow
        counts = select(Opt.proposal_id, func.count().label("option_count")).group_by(Opt.proposal_id).subquery()
        conditions: list[ColumnElement[bool]] = []
        if statuses is not None:
            conditions.append(P.status.in_([str(status) for status in statuses]))
        if directions is not None:
            conditions.append(P.direction.in_(list(directions)))
        if categories is not None:
            conditions.append(P.category.in_([str(category) for category in categories]))
        if created_by is not None:
            conditions.append(P.created_by == created_by)
        if search:
            needle = search.strip().lower()
            conditions.append(or_(func.lower(P.title).contains(needle, autoescape=True),
                                  P.id.contains(needle, autoescape=True)))
        statement = (
            select(P.id, P.title, P.direction, P.sponsor, P.category, P.status, P.outcome, P.version, P.parent_id,
                   func.coalesce(counts.c.option_count, 0).label("option_count"),
                   P.created_by, P.updated_at, P.updated_by)
            .outerjoin(counts, counts.c.proposal_id == P.id)
            .where(*conditions)
            .order_by(P.updated_at.desc(), P.id)
        )
        with self._read() as connection:
            rows = connection.execute(statement).all()
        return _records(ProposalSummary, rows)

    def list_options(self, proposal_ids: Collection[str] | None = None) -> list[OptionRow]:
        """The denormalised options table, by proposal id then position."""
        Opt = t.OptionRow
        columns = (Opt.proposal_id, Opt.position, Opt.name, Opt.kind, Opt.provider, Opt.model, Opt.zone)
        order = (Opt.proposal_id, Opt.position)
        with self._read() as connection:
            if proposal_ids is None:
                rows = list(connection.execute(select(*columns).order_by(*order)).all())
            else:
                rows = []
                for chunk in _chunks(sorted(set(proposal_ids))):
                    rows.extend(connection.execute(select(*columns).where(Opt.proposal_id.in_(chunk)).order_by(*order)))
        rows.sort(key=lambda row: (row.proposal_id, row.position))
        return _records(OptionRow, rows)

    def load_proposals(self, ids: Collection[str] | None = None) -> list[Proposal]:
        """The validated proposal documents, ordered by id, for the engine (unknown ids are ignored)."""
        P = t.ProposalRow
        with self._read() as connection:
            if ids is None:
                rows = list(connection.execute(select(P.id, P.content).order_by(P.id)).all())
            else:
                rows = []
                for chunk in _chunks(sorted(set(ids))):
                    rows.extend(connection.execute(select(P.id, P.content).where(P.id.in_(chunk))))
                rows.sort(key=lambda row: row.id)
        validate = Proposal.model_validate
        return [validate(row.content) for row in rows]

    def portfolio_version(self) -> PortfolioVersion:
        """Count, sum of versions and newest change of the proposals, and the settings version: one
        query of aggregates (no row leaves the database)."""
        P, S = t.ProposalRow, t.SettingsRow
        statement = select(
            select(func.count()).select_from(P).scalar_subquery(),
            select(func.coalesce(func.sum(P.version), 0)).scalar_subquery(),
            select(func.max(P.updated_at)).scalar_subquery(),
            select(func.coalesce(func.max(S.version), 0)).scalar_subquery(),
        )
        with self._read() as connection:
            count, version_sum, updated_at, settings = connection.execute(statement).one()
        return PortfolioVersion(proposals=int(count), version_sum=int(version_sum), updated_at=updated_at,
                                settings=int(settings))

    def portfolio_source(self) -> PortfolioSource:
        """Every stored document with its workflow columns, ordered by id, in one query.

        The documents were validated when written, so they are returned as stored, parsed with orjson
        (SQLite gives text; psycopg parses JSONB with the engine's orjson loader): about ten times
        cheaper than `load_proposals` for the dashboard's portfolio.
        """
        P = t.ProposalRow
        content = P.content if self.dialect == "postgresql" else type_coerce(P.content, Text)
        statement = select(P.id, P.status, P.outcome, P.version, P.updated_at, P.updated_by, P.sponsor,
                           content.label("content")).order_by(P.id)
        with self._read() as connection:
            rows = connection.execute(statement).all()
        loads = orjson.loads
        documents = [row[-1] if isinstance(row[-1], dict) else loads(row[-1]) for row in rows]
        columns = list(zip(*(row[:-1] for row in rows), strict=True)) if rows else [()] * len(_SOURCE_COLUMNS)
        return PortfolioSource(documents=documents,
                               workflow={name: list(values) for name, values in zip(_SOURCE_COLUMNS, columns,
                                                                                   strict=True)})

    def set_status(self, proposal_id: str, status: Status, *, actor: str,
                   expected_version: int | None = None) -> int:
        """Move a proposal to `status` (no workflow check here); returns its new version."""
        with self._write() as connection:
            row = self._require(self._locked_proposal(connection, proposal_id), proposal_id)
            self._require_editable(row, proposal_id)
            if expected_version is not None and row.version != expected_version:
                conflict = (row.version, row.updated_by, row.updated_at)
            else:
                return self._change_status(connection, proposal_id, row, status, actor=actor)
        raise self._store_conflict(
            entity_type=EntityType.PROPOSAL, entity_id=proposal_id, expected_version=expected_version,
            content={"status": str(status)}, actor=actor, current=conflict,
        )

    def _change_status(self, connection: Connection, proposal_id: str, row: Row[Any], status: Status, *,
                       actor: str, outcome: Outcome | None = None, at: dt.datetime | None = None) -> int:
        P = t.ProposalRow
        now = at or _now()
        new_version = int(row.version) + 1
        values: dict[str, Any] = {"status": status.value, "version": new_version, "updated_at": now,
                                  "updated_by": actor}
        after: dict[str, Any] = {"status": status.value, "version": new_version}
        if outcome is not None:
            values["outcome"] = outcome.value
            after["outcome"] = outcome.value
        connection.execute(update(P).where(P.id == proposal_id).values(**values))
        before: dict[str, Any] = {"status": row.status, "version": row.version}
        if outcome is not None:
            before["outcome"] = row.outcome
        self._audit(connection, [_event(
            actor=actor, entity_type=EntityType.PROPOSAL, entity_id=proposal_id, proposal_id=proposal_id,
            action="status", at=now, before=before, after=after,
        )])
        return new_version

    def import_proposals(self, proposals: Sequence[Proposal], *, actor: str, replace: bool = False,
                         source: str = "import") -> ImportResult:
        """Store every proposal or none: ids already stored are refused unless `replace`."""
        ids = [proposal.id for proposal in proposals]
        duplicates = sorted({pid for pid in ids if ids.count(pid) > 1}) if len(set(ids)) != len(ids) else []
        if duplicates:
            raise InvalidFileError([
                FieldError(file=source, proposal=pid, field="id", message="identifiant présent deux fois dans le fichier")
                for pid in duplicates
            ])
        P = t.ProposalRow
        with self._write() as connection:
            existing: dict[str, Row[Any]] = {}
            for chunk in _chunks(ids):
                for row in connection.execute(
                    select(P.id, P.version, P.status, P.content).where(P.id.in_(chunk)).with_for_update()
                ):
                    existing[row.id] = row
            if existing and not replace:
                raise InvalidFileError([
                    FieldError(file=source, proposal=pid, field="id",
                               message="un dossier portant cet identifiant existe déjà ; importez avec "
                                       "--remplacer pour en enregistrer une nouvelle version")
                    for pid in ids if pid in existing
                ])
            decided = [pid for pid in ids if pid in existing and existing[pid].status == Status.DECIDE.value]
            if decided:
                raise InvalidFileError([
                    FieldError(file=source, proposal=pid, field="id",
                               message="ce dossier est décidé, donc en lecture seule : il ne peut pas être remplacé")
                    for pid in decided
                ])
            new = [proposal for proposal in proposals if proposal.id not in existing]
            replaced = [proposal for proposal in proposals if proposal.id in existing]
            self._insert_proposals(connection, new, actor=actor, action="import_create")
            self._replace_proposals(connection, replaced, existing, actor=actor)
        return ImportResult(created=[p.id for p in new], replaced=[p.id for p in replaced])

    def _replace_proposals(self, connection: Connection, proposals: Sequence[Proposal],
                           existing: Mapping[str, Row[Any]], *, actor: str) -> None:
        if not proposals:
            return
        P = t.ProposalRow
        now = _now()
        rows, events, options = [], [], []
        for proposal in proposals:
            old = existing[proposal.id]
            content = proposal_content(proposal)
            version = int(old.version) + 1
            rows.append({"b_id": proposal.id, **{f"b_{k}": v for k, v in _listing_columns(proposal).items()},
                         "b_content": content, "b_version": version})
            options.extend(_option_values(proposal))
            events.append(_event(
                actor=actor, entity_type=EntityType.PROPOSAL, entity_id=proposal.id, proposal_id=proposal.id,
                action="import_replace", at=now,
                before={"status": old.status, "version": old.version, "content": old.content},
                after={"status": old.status, "version": version, "content": content},
            ))
        connection.execute(
            update(P).where(P.id == bindparam("b_id")).values(
                title=bindparam("b_title"), direction=bindparam("b_direction"), sponsor=bindparam("b_sponsor"),
                category=bindparam("b_category"), content=bindparam("b_content", type_=t.JsonDocument),
                version=bindparam("b_version"), updated_at=now, updated_by=actor,
            ),
            rows,
        )
        ids = [proposal.id for proposal in proposals]
        for chunk in _chunks(ids):
            connection.execute(delete(t.OptionRow).where(t.OptionRow.proposal_id.in_(chunk)))
        _insert_many(connection, t.OptionRow, options)
        self._audit(connection, events)

    def copy_as_draft(self, proposal_id: str, *, new_id: str, actor: str) -> StoredProposal:
        """A new draft `new_id` with the content of `proposal_id`, linked to it by `parent_id`."""
        with self._write() as connection:
            row = self._require(self._locked_proposal(connection, proposal_id), proposal_id)
            proposal = Proposal.model_validate({**row.content, "id": new_id})
            self._insert_proposals(connection, [proposal], actor=actor, action="new_version", parent_id=proposal_id)
        return self.get_proposal(new_id)

    # -- conflicts ----------------------------------------------------------------------------

    def list_conflicts(self, proposal_id: str, *, entity_type: EntityType = EntityType.PROPOSAL
                       ) -> list[StoredConflict]:
        """Content refused by edit conflicts on a proposal (or `entity_type`), newest first."""
        C = t.EditConflictRow
        with self._read() as connection:
            rows = connection.execute(
                select(C.id, C.entity_type, C.entity_id, C.expected_version, C.stored_version, C.content, C.actor,
                       C.created_at)
                .where(C.entity_type == entity_type.value, C.entity_id == proposal_id)
                .order_by(C.id.desc())
            ).all()
        return _records(StoredConflict, rows)

    # -- reviews and decisions ----------------------------------------------------------------

    def _check_version(self, row: Row[Any], proposal_id: str, expected_version: int | None) -> None:
        if expected_version is not None and row.version != expected_version:
            raise _VersionMismatch((row.version, row.updated_by, row.updated_at))

    def add_review(self, proposal_id: str, *, option: str, opinion: Opinion, comment: str = "", actor: str,
                   expected_version: int | None = None, status: Status | None = None) -> StoredReview:
        """Record an opinion on one option; `status` also moves the proposal, in the same transaction."""
        return self.add_reviews(proposal_id, [ReviewInput(option=option, opinion=opinion, comment=comment)],
                                actor=actor, expected_version=expected_version, status=status)[0]

    def add_reviews(self, proposal_id: str, reviews: Sequence[ReviewInput], *, actor: str,
                    expected_version: int | None = None, status: Status | None = None) -> list[StoredReview]:
        """Record several opinions (and optionally a status change) in one transaction, one event each."""
        R = t.ReviewRow
        try:
            with self._write() as connection:
                row = self._require(self._locked_proposal(connection, proposal_id), proposal_id)
                self._require_editable(row, proposal_id)
                self._check_version(row, proposal_id, expected_version)
                names = {o["name"] for o in row.content.get("options", [])}
                for review in reviews:
                    if review.option not in names:
                        raise NotFound(f"Option « {review.option} » introuvable dans le dossier « {proposal_id} ».")
                now = _now()
                records, events = [], []
                for review in reviews:
                    review_id = connection.execute(insert(R).returning(R.id), {
                        "proposal_id": proposal_id, "proposal_version": row.version, "option_name": review.option,
                        "opinion": review.opinion.value, "comment": review.comment, "author": actor,
                        "created_at": now,
                    }).scalar_one()
                    record = StoredReview(id=review_id, proposal_id=proposal_id, proposal_version=row.version,
                                          option=review.option, opinion=review.opinion, comment=review.comment,
                                          author=actor, created_at=now)
                    records.append(record)
                    events.append(_event(
                        actor=actor, entity_type=EntityType.REVIEW, entity_id=str(review_id), proposal_id=proposal_id,
                        action="create", at=now, after=record.model_dump(mode="json"),
                    ))
                self._audit(connection, events)
                if status is not None:
                    self._change_status(connection, proposal_id, row, status, actor=actor, at=now)
                return records
        except _VersionMismatch as mismatch:
            current = mismatch.current
        raise self._store_conflict(
            entity_type=EntityType.REVIEW, entity_id=proposal_id, expected_version=expected_version,
            content={"reviews": [review.model_dump(mode="json") for review in reviews],
                     "status": str(status) if status else None},
            actor=actor, current=current,
        )

    def reviews(self, proposal_id: str) -> list[StoredReview]:
        """Opinions on a proposal's options, oldest first."""
        R = t.ReviewRow
        with self._read() as connection:
            rows = connection.execute(
                select(R.id, R.proposal_id, R.proposal_version, R.option_name.label("option"), R.opinion, R.comment,
                       R.author, R.created_at).where(R.proposal_id == proposal_id).order_by(R.id)
            ).all()
        return _records(StoredReview, rows)

    def add_decision(
        self,
        proposal_id: str,
        *,
        outcome: Outcome,
        motivation: str,
        acknowledged: Iterable[str],
        chosen_option: str | None = None,
        evaluation: Any,
        settings: Mapping[str, Any] | Settings,
        method_versions: Mapping[str, Any],
        actor: str,
        expected_version: int | None = None,
    ) -> StoredDecision:
        """Record a decision with the evaluation it was taken on, frozen; the proposal becomes `decide`."""
        D = t.DecisionRow
        settings_document = settings.model_dump(mode="json") if isinstance(settings, Settings) else dict(settings)
        values: dict[str, Any] = {
            "proposal_id": proposal_id, "outcome": Outcome(outcome).value, "chosen_option": chosen_option,
            "motivation": motivation,
            "acknowledged": list(acknowledged), "evaluation": evaluation, "settings": settings_document,
            "method_versions": dict(method_versions), "author": actor,
        }
        try:
            with self._write() as connection:
                row = self._require(self._locked_proposal(connection, proposal_id), proposal_id)
                self._require_editable(row, proposal_id)
                self._check_version(row, proposal_id, expected_version)
                if chosen_option is not None and chosen_option not in {o["name"] for o in row.content["options"]}:
                    raise NotFound(f"Option « {chosen_option} » introuvable dans le dossier « {proposal_id} ».")
                now = _now()
                values.update(proposal_version=row.version, created_at=now)
                decision_id = connection.execute(insert(D).returning(D.id), values).scalar_one()
                self._audit(connection, [_event(
                    actor=actor, entity_type=EntityType.DECISION, entity_id=str(decision_id), proposal_id=proposal_id,
                    action="create", at=now,
                    after={key: value for key, value in values.items() if key not in ("evaluation", "created_at")},
                )])
                self._change_status(connection, proposal_id, row, Status.DECIDE, actor=actor,
                                    outcome=Outcome(outcome), at=now)
                stored = connection.execute(select(D).where(D.id == decision_id)).one()
                return self._decision_record(stored)
        except _VersionMismatch as mismatch:
            current = mismatch.current
        raise self._store_conflict(
            entity_type=EntityType.DECISION, entity_id=proposal_id, expected_version=expected_version,
            content={key: value for key, value in values.items() if key != "evaluation"}, actor=actor,
            current=current,
        )

    @staticmethod
    def _decision_record(row: Row[Any]) -> StoredDecision:
        return StoredDecision(
            id=row.id, proposal_id=row.proposal_id, proposal_version=row.proposal_version,
            outcome=Outcome(row.outcome), chosen_option=row.chosen_option, motivation=row.motivation, acknowledged=list(row.acknowledged),
            evaluation=row.evaluation, settings=row.settings, method_versions=row.method_versions,
            author=row.author, created_at=row.created_at,
        )

    def decisions(self, proposal_id: str) -> list[StoredDecision]:
        """Decisions on a proposal, oldest first."""
        D = t.DecisionRow
        with self._read() as connection:
            rows = connection.execute(select(D).where(D.proposal_id == proposal_id).order_by(D.id)).all()
        return [self._decision_record(row) for row in rows]

    def latest_decision(self, proposal_id: str) -> StoredDecision | None:
        found = self.decisions(proposal_id)
        return found[-1] if found else None

    # -- audit trail (read only: there is deliberately no method that changes an event) -------

    def audit_events(self, entity_id: str | None = None, *, entity_type: EntityType | None = None,
                     proposal_id: str | None = None, limit: int | None = None) -> list[AuditEvent]:
        """Audit events, oldest first (the last `limit` ones when given)."""
        A = t.AuditEventRow
        conditions: list[ColumnElement[bool]] = []
        if entity_id is not None:
            conditions.append(A.entity_id == entity_id)
        if entity_type is not None:
            conditions.append(A.entity_type == entity_type.value)
        if proposal_id is not None:
            conditions.append(A.proposal_id == proposal_id)
        statement = select(A.id, A.at, A.actor, A.entity_type, A.entity_id, A.proposal_id, A.action, A.before,
                           A.after).where(*conditions)
        statement = statement.order_by(A.id.desc()).limit(limit) if limit is not None else statement.order_by(A.id)
        with self._read() as connection:
            rows = list(connection.execute(statement).all())
        if limit is not None:
            rows.reverse()
        return _records(AuditEvent, rows)

    # -- settings -----------------------------------------------------------------------------

    def get_settings(self, version: int | None = None) -> StoredSettings | None:
        """The current settings document (or a given version); None while none was saved."""
        S = t.SettingsRow
        statement = select(S.version, S.document, S.created_at, S.created_by)
        statement = (statement.where(S.version == version) if version is not None
                     else statement.order_by(S.version.desc()).limit(1))
        with self._read() as connection:
            row = connection.execute(statement).one_or_none()
        if row is None:
            if version is not None:
                raise NotFound(f"Version {version} des paramètres introuvable.")
            return None
        return _records(StoredSettings, [row])[0]

    def save_settings(self, document: Mapping[str, Any] | Settings, *, actor: str,
                      expected_version: int | None) -> int:
        """Save a new version of the settings document; returns it."""
        S = t.SettingsRow
        content = document.model_dump(mode="json") if isinstance(document, Settings) else dict(document)
        try:
            with self._write() as connection:
                current = connection.execute(
                    select(S.version, S.document, S.created_at, S.created_by).order_by(S.version.desc()).limit(1)
                ).one_or_none()
                current_version = current.version if current else None
                if current_version == expected_version:
                    now = _now()
                    version = (current_version or 0) + 1
                    connection.execute(insert(S), {"version": version, "document": content, "created_at": now,
                                                   "created_by": actor})
                    self._audit(connection, [_event(
                        actor=actor, entity_type=EntityType.SETTINGS, entity_id=SETTINGS_ENTITY_ID, action="update",
                        at=now, before=current.document if current else None, after=content,
                    )])
                    return version
                if current is None:
                    raise NotFound("Aucun paramètre enregistré : enregistrez-les d'abord sans version attendue.")
                mismatch = (current.version, current.created_by, current.created_at)
        except IntegrityError:
            # Another save took the same version number first.
            stored = self.get_settings()
            assert stored is not None
            mismatch = (stored.version, stored.created_by, stored.created_at)
        raise self._store_conflict(
            entity_type=EntityType.SETTINGS, entity_id=SETTINGS_ENTITY_ID, expected_version=expected_version,
            content=content, actor=actor, current=mismatch,
        )

    # -- accounts -----------------------------------------------------------------------------
    # The password hash is written by `create_user` / `set_password_hash` and read back only by
    # `password_hash`, for evaluation.services.accounts; no record, event or message carries it.

    _USER_COLUMNS = ("id", "login", "name", "roles", "active", "failed_sign_ins", "locked_until", "last_sign_in_at",
                     "version", "created_at", "created_by", "updated_at", "updated_by")

    def _user_row(self, connection: Connection, login: str, *, lock: bool = False) -> Row[Any] | None:
        U = t.UserRow
        statement = select(*(getattr(U, name) for name in self._USER_COLUMNS)).where(U.login == login)
        return connection.execute(statement.with_for_update() if lock else statement).one_or_none()

    @staticmethod
    def _user_record(row: Row[Any]) -> StoredUser:
        return _records(StoredUser, [row])[0]

    @staticmethod
    def _user_snapshot(record: StoredUser) -> dict[str, Any]:
        """What the audit trail keeps of an account (no hash, no sign-in counters)."""
        return {"login": record.login, "name": record.name, "roles": [str(role) for role in record.roles],
                "active": record.active, "version": record.version}

    def _require_user(self, connection: Connection, login: str, *, lock: bool = False) -> Row[Any]:
        row = self._user_row(connection, login, lock=lock)
        if row is None:
            raise NotFound(f"Compte « {login} » introuvable.")
        return row

    def create_user(self, *, login: str, name: str, roles: Collection[Role | str], password_hash: str,
                    actor: str) -> StoredUser:
        """Store a new account; AlreadyExists if the login is taken."""
        now = _now()
        role_values = _role_values(roles)
        try:
            with self._write() as connection:
                if self._user_row(connection, login) is not None:
                    raise AlreadyExists(f"Un compte « {login} » existe déjà.")
                connection.execute(insert(t.UserRow), {
                    "login": login, "name": name, "roles": role_values, "password_hash": password_hash,
                    "active": True, "failed_sign_ins": 0, "locked_until": None, "last_sign_in_at": None,
                    "version": 1, "created_at": now, "created_by": actor, "updated_at": now, "updated_by": actor,
                })
                record = self._user_record(self._require_user(connection, login))
                self._audit(connection, [_event(actor=actor, entity_type=EntityType.USER, entity_id=login,
                                                action="create", at=now, after=self._user_snapshot(record))])
                return record
        except IntegrityError:
            raise AlreadyExists(f"Un compte « {login} » existe déjà.") from None

    def get_user(self, login: str) -> StoredUser:
        """The account; NotFound if absent."""
        with self._read() as connection:
            return self._user_record(self._require_user(connection, login))

    def find_user(self, login: str) -> StoredUser | None:
        with self._read() as connection:
            row = self._user_row(connection, login)
        return self._user_record(row) if row is not None else None

    def list_users(self) -> list[StoredUser]:
        """Every account, by login."""
        U = t.UserRow
        with self._read() as connection:
            rows = connection.execute(
                select(*(getattr(U, name) for name in self._USER_COLUMNS)).order_by(U.login)).all()
        return _records(StoredUser, rows)

    def count_users(self) -> int:
        with self._read() as connection:
            return int(connection.execute(select(func.count()).select_from(t.UserRow)).scalar_one())

    def update_user(self, login: str, *, actor: str, name: str | None = None,
                    roles: Collection[Role | str] | None = None, active: bool | None = None,
                    expected_version: int | None = None) -> StoredUser:
        """Change an account's name, roles or active flag; one audit event."""
        U = t.UserRow
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = name
        if roles is not None:
            values["roles"] = _role_values(roles)
        if active is not None:
            values["active"] = active
        try:
            with self._write() as connection:
                row = self._require_user(connection, login, lock=True)
                if expected_version is not None and row.version != expected_version:
                    raise _VersionMismatch((row.version, row.updated_by, row.updated_at))
                before = self._user_record(row)
                now = _now()
                connection.execute(update(U).where(U.login == login).values(
                    **values, version=row.version + 1, updated_at=now, updated_by=actor))
                after = self._user_record(self._require_user(connection, login))
                self._audit(connection, [_event(actor=actor, entity_type=EntityType.USER, entity_id=login,
                                                action="update", at=now, before=self._user_snapshot(before),
                                                after=self._user_snapshot(after))])
                return after
        except _VersionMismatch as mismatch:
            current = mismatch.current
        raise self._store_conflict(entity_type=EntityType.USER, entity_id=login, expected_version=expected_version,
                                   content={key: value for key, value in values.items()}, actor=actor,
                                   current=current)

    def set_password_hash(self, login: str, password_hash: str, *, actor: str) -> None:
        """Replace an account's password hash (the event says so, without any hash)."""
        U = t.UserRow
        with self._write() as connection:
            row = self._require_user(connection, login, lock=True)
            now = _now()
            connection.execute(update(U).where(U.login == login).values(
                password_hash=password_hash, failed_sign_ins=0, locked_until=None, version=row.version + 1,
                updated_at=now, updated_by=actor))
            self._audit(connection, [_event(actor=actor, entity_type=EntityType.USER, entity_id=login,
                                            action="password", at=now, before={"version": row.version},
                                            after={"version": row.version + 1, "password": "modifié"})])

    def password_hash(self, login: str) -> str | None:
        """The stored hash, for evaluation.services.accounts only (None if there is no such account)."""
        U = t.UserRow
        with self._read() as connection:
            value = connection.execute(select(U.password_hash).where(U.login == login)).scalar_one_or_none()
        return value

    def record_failed_sign_in(self, login: str, *, at: dt.datetime,
                              lock_for: Callable[[int], dt.timedelta | None]) -> StoredUser:
        """Count one more failed sign-in, atomically; `lock_for(failures)` gives the lock window, if any."""
        U = t.UserRow
        with self._write() as connection:
            row = self._require_user(connection, login, lock=True)
            failures = int(row.failed_sign_ins) + 1
            window = lock_for(failures)
            locked_until = at + window if window else row.locked_until
            connection.execute(update(U).where(U.login == login).values(failed_sign_ins=failures,
                                                                        locked_until=locked_until))
            self._audit(connection, [_event(
                actor=login, entity_type=EntityType.USER, entity_id=login, action="sign_in_failed", at=at,
                before={"failed_sign_ins": row.failed_sign_ins},
                after={"failed_sign_ins": failures,
                       "locked_until": locked_until.isoformat() if locked_until else None},
            )])
            return self._user_record(self._require_user(connection, login))

    def record_sign_in(self, login: str, *, at: dt.datetime, new_password_hash: str | None = None,
                       via: str | None = None) -> StoredUser:
        """A successful sign-in: reset the failure counter (and store a rehashed password if given).
        `via` names a sign-in made without the password (e.g. "sso:proconnect"), kept in the audit event."""
        U = t.UserRow
        values: dict[str, Any] = {"failed_sign_ins": 0, "locked_until": None, "last_sign_in_at": at}
        if new_password_hash is not None:
            values["password_hash"] = new_password_hash
        with self._write() as connection:
            row = self._require_user(connection, login, lock=True)
            connection.execute(update(U).where(U.login == login).values(**values))
            self._audit(connection, [_event(
                actor=login, entity_type=EntityType.USER, entity_id=login, action="sign_in", at=at,
                before={"failed_sign_ins": row.failed_sign_ins,
                        "last_sign_in_at": row.last_sign_in_at.isoformat() if row.last_sign_in_at else None},
                after={"failed_sign_ins": 0, "last_sign_in_at": at.isoformat(),
                       **({"password": "rehaché"} if new_password_hash else {}),
                       **({"via": via} if via else {})},
            )])
            return self._user_record(self._require_user(connection, login))


class _VersionMismatch(Exception):
    """Internal: leave the write transaction, then store the conflict in its own."""

    def __init__(self, current: tuple[int, str, dt.datetime]) -> None:
        self.current = current
