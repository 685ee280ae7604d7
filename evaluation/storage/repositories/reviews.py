"""Reviews (avis DSI): one opinion per option, stored with their audit events and, when asked, the
proposal's status change, all in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, insert, select

from evaluation.domain.workflow import EntityType, Opinion, Status
from evaluation.storage import tables as t
from evaluation.storage.repositories import audit, proposals
from evaluation.storage.repositories.base import Store, VersionMismatch, now, stored
from evaluation.storage.stored import NotFound, ReviewInput, StoredReview


def _insert_review(connection: Connection, proposal_id: str, proposal_version: int, review: ReviewInput, *,
                   digest: str, actor: str, at: dt.datetime) -> StoredReview:
    R = t.ReviewRow
    review_id = connection.execute(insert(R).returning(R.id), {
        "proposal_id": proposal_id, "proposal_version": proposal_version, "option_name": review.option,
        "option_digest": digest, "opinion": review.opinion.value, "comment": review.comment, "author": actor, "created_at": at,
    }).scalar_one()
    return StoredReview(id=review_id, proposal_id=proposal_id, proposal_version=proposal_version,
                        option=review.option, opinion=review.opinion, comment=review.comment, author=actor,
                        created_at=at)


_REVIEW_COLUMNS = (t.ReviewRow.id, t.ReviewRow.proposal_id, t.ReviewRow.proposal_version,
                   t.ReviewRow.option_name.label("option"), t.ReviewRow.opinion, t.ReviewRow.comment,
                   t.ReviewRow.author, t.ReviewRow.created_at)


class ReviewRepository(Store):
    """Opinions on a proposal's options."""

    def add_review(self, proposal_id: str, *, option: str, opinion: Opinion, comment: str = "", actor: str,
                   expected_version: int | None = None, status: Status | None = None) -> StoredReview:
        """Store an opinion on one option; `status` also moves the proposal, in the same transaction."""
        return self.add_reviews(proposal_id, [ReviewInput(option=option, opinion=opinion, comment=comment)],
                                actor=actor, expected_version=expected_version, status=status)[0]

    def add_reviews(self, proposal_id: str, reviews: Sequence[ReviewInput], *, actor: str,
                    expected_version: int | None = None, status: Status | None = None) -> list[StoredReview]:
        """Store several opinions (and optionally a status change) in one transaction, one event each."""
        try:
            with self._write() as connection:
                row = proposals.lock_for_change(connection, proposal_id, expected_version)
                digests = proposals.option_digests(row.content)
                for review in reviews:
                    if review.option not in digests:
                        raise NotFound(f"Option « {review.option} » introuvable dans le dossier « {proposal_id} ».")
                at = now()
                added = [_insert_review(connection, proposal_id, row.version, review, digest=digests[review.option],
                                        actor=actor, at=at)
                         for review in reviews]
                audit.append(connection, [audit.event(
                    actor=actor, entity_type=EntityType.REVIEW, entity_id=str(review.id), proposal_id=proposal_id,
                    action="create", at=at, after=review.model_dump(mode="json"),
                ) for review in added])
                if status is not None:
                    proposals.change_status(connection, proposal_id, row, status, actor=actor, at=at)
                return added
        except VersionMismatch as mismatch:
            current = mismatch.current
        raise self._store_conflict(
            entity_type=EntityType.REVIEW, entity_id=proposal_id, expected_version=expected_version,
            content={"reviews": [review.model_dump(mode="json") for review in reviews],
                     "status": str(status) if status else None},
            actor=actor, current=current,
        )

    def reviews(self, proposal_id: str) -> list[StoredReview]:
        """Opinions on a proposal's options, oldest first (every one ever given, see `current_reviews`)."""
        R = t.ReviewRow
        with self._read() as connection:
            rows = connection.execute(
                select(*_REVIEW_COLUMNS).where(R.proposal_id == proposal_id).order_by(R.id)
            ).all()
        return stored(StoredReview, rows)

    def current_reviews(self, proposal_id: str) -> list[StoredReview]:
        """The opinions that still apply, oldest first: given on an option the proposal still has, with the
        content it has now. An opinion on an option since changed (by the DSI in review), renamed or removed
        is not carried to it."""
        R, P = t.ReviewRow, t.ProposalRow
        with self._read() as connection:
            content = connection.execute(select(P.content).where(P.id == proposal_id)).scalar_one_or_none()
            rows = connection.execute(
                select(*_REVIEW_COLUMNS, R.option_digest).where(R.proposal_id == proposal_id).order_by(R.id)
            ).all()
        digests = proposals.option_digests(content) if content else {}
        return [StoredReview(id=row.id, proposal_id=row.proposal_id, proposal_version=row.proposal_version,
                             option=row.option, opinion=row.opinion, comment=row.comment, author=row.author,
                             created_at=row.created_at)
                for row in rows if row.option in digests and row.option_digest in (None, digests[row.option])]
