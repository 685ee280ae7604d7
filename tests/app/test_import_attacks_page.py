"""Issue 19, items 1 and 2, on the import page: the upload that crashed the server (200 KB of nested
brackets) and the one that stalled it (the alias bomb) are refused in French with their line, in the
session's own run; the page goes on and nothing is written."""

from __future__ import annotations

import pytest

from evaluation.storage import Repository
from tests.app.forms_harness import assert_clean, open_page, repo, unescape
from tests.unit.core.test_file_attacks import NESTED, alias_bomb

__all__ = ["repo"]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("crochets.yaml", NESTED, "imbrication trop profonde"),
    ("crochets.json", NESTED, "imbrication trop profonde"),
    ("bombe.yaml", alias_bomb(), "trop de références (alias « * »)"),
])
def test_an_attack_upload_is_refused_and_the_page_goes_on(repo: Repository, name: str, data: bytes,
                                                         message: str) -> None:
    at = open_page("import_export/page.py")
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert_clean(at)
    assert f"Fichier « {name} » refusé : 1 erreur(s)" in unescape(at.error[0].value)
    report = at.table[0].value.map(lambda cell: unescape(str(cell)))
    assert message in report["Erreur"].iloc[0] and report["Ligne"].iloc[0] != ""
    assert report["Erreur"].iloc[0].endswith(")") and "(colonne " in report["Erreur"].iloc[0]
    assert repo.count_proposals() == 0
    at.run()  # the session is alive: the page runs again
    assert_clean(at)
