"""An import of many proposals tells its progress chunk by chunk, and is still one transaction."""

from __future__ import annotations

import pytest

from evaluation.storage import Repository
from evaluation.storage.repositories import proposals as proposal_rows
from tests.support.proposals import small_proposal


def test_an_import_reports_each_chunk_then_the_whole(repository: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proposal_rows, "IMPORT_CHUNK", 4)
    calls: list[tuple[int, int, str]] = []
    batch = [small_proposal(f"dossier-{n}") for n in range(10)]

    repository.import_proposals(batch, actor="admin", progress=lambda *call: calls.append(call))

    assert [(done, total) for done, total, _ in calls] == [(4, 10), (8, 10), (10, 10)]
    assert all(what for _, _, what in calls)
    assert repository.count_proposals() == 10
    assert [e.entity_id for e in repository.audit_events()] == [p.id for p in batch]


def test_a_failure_after_some_chunks_leaves_nothing(repository: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proposal_rows, "IMPORT_CHUNK", 3)

    def fail_at_the_second_chunk(done: int, total: int, what: str) -> None:
        if done > 3:
            raise RuntimeError("interrompu")

    with pytest.raises(RuntimeError, match="interrompu"):
        repository.import_proposals([small_proposal(f"d-{n}") for n in range(7)], actor="admin",
                                    progress=fail_at_the_second_chunk)
    assert repository.count_proposals() == 0
    assert repository.audit_events() == []
