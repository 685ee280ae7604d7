"""The sign-in page's light account count (evaluation.storage.account_count): the same answer as the
repository, without loading the repositories, the models nor the migrations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from evaluation.domain.workflow import Role
from evaluation.storage import Repository
from evaluation.storage.account_count import USERS_TABLE, count_accounts
from evaluation.storage.tables import UserRow


def test_a_database_without_tables_has_no_account(empty_database_url: str) -> None:
    assert count_accounts(empty_database_url) == 0


def test_it_counts_what_the_repository_counts(database_url: str, repository: Repository) -> None:
    assert count_accounts(database_url) == repository.count_users() == 0
    for login in ("porteur", "elu"):
        repository.create_user(login=login, name=login.title(), roles=[Role.PORTEUR], password_hash="x" * 20,
                               actor="admin")
    assert count_accounts(database_url) == repository.count_users() == 2


def test_a_database_in_memory_is_left_to_its_repository() -> None:
    assert count_accounts("sqlite://") is None
    assert count_accounts("sqlite:///:memory:") is None


def test_its_table_is_the_accounts_table() -> None:
    assert UserRow.__tablename__ == USERS_TABLE


def test_counting_loads_neither_the_repositories_nor_pydantic(tmp_path: Path) -> None:
    code = ("import sys\nfrom evaluation.config import database_url\n"
            "from evaluation.storage.account_count import count_accounts\n"
            "assert count_accounts(database_url()) == 0\n"
            "heavy = sorted(name for name in ('pydantic', 'alembic', 'pandas', 'evaluation.storage.repository',"
            " 'evaluation.domain') if name in sys.modules)\nprint(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"JAUGE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
                         cwd=Path(__file__).resolve().parents[3])
    assert out.stdout.strip() == "[]", out.stderr
