"""The whole portfolio read at once: summaries for lists, documents for the engine, and the cheap
version the dashboard keys its caches with."""

from __future__ import annotations

from collections.abc import Collection

import orjson
from sqlalchemy import ColumnElement, Text, func, or_, select, type_coerce

from evaluation.domain.proposal import Proposal
from evaluation.domain.workflow import Status
from evaluation.storage import tables as t
from evaluation.storage.repositories.base import Store, chunks, stored
from evaluation.storage.stored import WORKFLOW_COLUMNS, PortfolioSource, PortfolioVersion, ProposalSummary

_SOURCE_COLUMNS = ("id", *WORKFLOW_COLUMNS)


class PortfolioRepository(Store):
    """Every proposal, read in one query."""

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
        P = t.ProposalRow
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
                   P.created_by, P.updated_at, P.updated_by)
            .where(*conditions)
            .order_by(P.updated_at.desc(), P.id)
        )
        with self._read() as connection:
            rows = connection.execute(statement).all()
        return stored(ProposalSummary, rows)

    def load_proposals(self, ids: Collection[str] | None = None) -> list[Proposal]:
        """The validated proposal documents, ordered by id, for the engine (unknown ids are ignored)."""
        P = t.ProposalRow
        with self._read() as connection:
            if ids is None:
                rows = list(connection.execute(select(P.id, P.content).order_by(P.id)).all())
            else:
                rows = []
                for chunk in chunks(sorted(set(ids))):
                    rows.extend(connection.execute(select(P.id, P.content).where(P.id.in_(chunk))))
                rows.sort(key=lambda row: row.id)
        validate = Proposal.model_validate
        return [validate(row.content) for row in rows]

    def portfolio_version(self) -> PortfolioVersion:
        """Count, sum of versions and newest change of the proposals, the settings version and the number of
        conditions met: one query of aggregates (no row leaves the database)."""
        P, S, C = t.ProposalRow, t.SettingsRow, t.ConditionRow
        statement = select(
            select(func.count()).select_from(P).scalar_subquery(),
            select(func.coalesce(func.sum(P.version), 0)).scalar_subquery(),
            select(func.max(P.updated_at)).scalar_subquery(),
            select(func.coalesce(func.max(S.version), 0)).scalar_subquery(),
            select(func.count(C.met_at)).scalar_subquery(),
        )
        with self._read() as connection:
            count, version_sum, updated_at, settings, met = connection.execute(statement).one()
        return PortfolioVersion(proposals=int(count), version_sum=int(version_sum), updated_at=updated_at,
                                settings=int(settings), conditions_met=int(met))

    def portfolio_source(self) -> PortfolioSource:
        """Every stored document with its workflow columns, ordered by id, in one query.

        The documents were validated when written, so they are returned as stored, parsed with orjson
        (SQLite gives text; psycopg parses JSONB with the engine's orjson loader): about ten times
        cheaper than `load_proposals` for the dashboard's portfolio.
        """
        P = t.ProposalRow
        content = P.content if self.dialect == "postgresql" else type_coerce(P.content, Text)
        statement = select(*(getattr(P, name) for name in _SOURCE_COLUMNS),
                           content.label("content")).order_by(P.id)
        with self._read() as connection:
            rows = connection.execute(statement).all()
        loads = orjson.loads
        documents = [row[-1] if isinstance(row[-1], dict) else loads(row[-1]) for row in rows]
        columns = list(zip(*(row[:-1] for row in rows), strict=True)) if rows else [()] * len(_SOURCE_COLUMNS)
        return PortfolioSource(documents=documents,
                               workflow={name: list(values) for name, values in zip(_SOURCE_COLUMNS, columns,
                                                                                   strict=True)})
