"""`python -m evaluation import` and `export` against a real database."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.cli import main
from evaluation.cli.database import default_actor
from evaluation.exchange.files import FORMATS, dump_proposals, parse_proposals
from evaluation.storage import open_repository
from tests.support.proposals import SAMPLE_PORTFOLIO, full_proposal_data, sample_portfolio


def _count(database_url: str) -> int:
    repo = open_repository(database_url)
    try:
        return repo.count_proposals()
    finally:
        repo.close()


def test_import_stores_the_sample_portfolio(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["import", str(SAMPLE_PORTFOLIO), "--base", database_url, "--auteur", "admin"])

    assert status == 0
    assert "19 dossier(s) créé(s)" in capsys.readouterr().out
    repo = open_repository(database_url)
    try:
        assert repo.load_proposals() == sorted(sample_portfolio(), key=lambda p: p.id)
        # The trail names the system user who ran the command; --auteur names the owner (issue 19, item 7).
        assert {e.actor for e in repo.audit_events()} == {default_actor()} != {"admin"}
        assert {summary.created_by for summary in repo.list_proposals()} == {"admin"}
    finally:
        repo.close()


def test_an_invalid_file_exits_2_and_writes_nothing(database_url: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    bad = full_proposal_data("mauvais")
    bad["options"][1]["usage"]["users"] = -3
    good = full_proposal_data("bon")
    path = tmp_path / "lot.json"
    import orjson
    path.write_bytes(orjson.dumps({"proposals": [good, bad]}))

    status = main(["import", str(path), "--base", database_url])

    assert status == 2
    err = capsys.readouterr().err
    assert "rien n'a été écrit" in err and "mauvais" in err and "usage.users" in err
    assert _count(database_url) == 0


def test_importing_ids_already_stored_exits_2_unless_replacing(database_url: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLE_PORTFOLIO), "--base", database_url]) == 0

    assert main(["import", str(SAMPLE_PORTFOLIO), "--base", database_url]) == 2
    assert "existe déjà" in capsys.readouterr().err

    assert main(["import", str(SAMPLE_PORTFOLIO), "--base", database_url, "--remplacer"]) == 0
    assert "19 remplacé(s)" in capsys.readouterr().out
    repo = open_repository(database_url)
    try:
        assert {s.version for s in repo.list_proposals()} == {2}
    finally:
        repo.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_in_each_format_parses_back(database_url: str, tmp_path: Path, fmt: str) -> None:
    assert main(["import", str(SAMPLE_PORTFOLIO), "--base", database_url]) == 0
    output = tmp_path / f"portefeuille.{fmt}"

    assert main(["export", "--base", database_url, "--output", str(output)]) == 0

    exported = parse_proposals(output.read_bytes(), output.name)
    assert exported == sorted(sample_portfolio(), key=lambda p: p.id)


def test_export_writes_json_to_standard_output_by_default(database_url: str,
                                                          capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["import", str(SAMPLE_PORTFOLIO), "--base", database_url]) == 0
    capsysbinary.readouterr()

    assert main(["export", "--base", database_url]) == 0

    out = capsysbinary.readouterr().out
    assert out == dump_proposals(sorted(sample_portfolio(), key=lambda p: p.id), "json")


def test_an_unreachable_database_is_a_french_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://personne@127.0.0.1:1/absente"

    assert main(["export", "--base", url]) == 1

    assert "base de données inaccessible" in capsys.readouterr().err


def test_audit_exports_every_event_or_one_proposals_as_json_and_csv(database_url: str, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    import orjson

    assert main(["import", str(SAMPLE_PORTFOLIO), "--base", database_url, "--auteur", "admin"]) == 0
    capsys.readouterr()
    assert main(["audit", "--base", database_url]) == 0
    everything = orjson.loads(capsys.readouterr().out)
    assert len(everything) == 19 and {event["actor"] for event in everything} == {default_actor()}
    assert everything[0]["after"] is not None and everything[0]["before"] is None

    target = tmp_path / "journal.csv"
    assert main(["audit", "--dossier", everything[0]["proposal_id"], "--format", "csv", "--output", str(target),
                 "--base", database_url]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [row["proposal_id"] for row in rows] == [everything[0]["proposal_id"]]
    assert orjson.loads(rows[0]["after"]) == everything[0]["after"]
    assert "1 événement(s) écrit(s)" in capsys.readouterr().err


def test_the_trail_names_the_system_user_not_the_variables_anyone_can_set(
        database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`USER=elu python -m evaluation import --auteur elu` does not write `elu` as the actor (issue 19, 7)."""
    import os
    import pwd

    for variable in ("USER", "LOGNAME", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "elu")
    assert main(["import", str(SAMPLE_PORTFOLIO), "--base", database_url, "--auteur", "elu"]) == 0
    capsys.readouterr()
    repo = open_repository(database_url)
    try:
        system = pwd.getpwuid(os.geteuid()).pw_name
        assert {event.actor for event in repo.audit_events()} == {f"cli:{system}"}
        assert all(event.after and event.after.get("owner") == "elu" for event in repo.audit_events())
    finally:
        repo.close()


def test_replacing_keeps_the_review_and_says_so(database_url: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from evaluation.domain.workflow import Status
    from evaluation.exchange.files import dump_proposals
    from tests.support.proposals import small_proposal

    repo = open_repository(database_url)
    try:
        for pid, status in (("en-revue", Status.EN_REVUE), ("decide", Status.DECIDE)):
            repo.save_proposal(small_proposal(pid), actor="p", expected_version=None)
            repo.set_status(pid, status, actor="script")
    finally:
        repo.close()
    path = tmp_path / "lot.yaml"

    path.write_bytes(dump_proposals([small_proposal("en-revue", title="Remplacé")], "yaml"))
    assert main(["import", str(path), "--remplacer", "--base", database_url]) == 2
    err = capsys.readouterr().err
    assert "en-revue" in err and "le remplacer contournerait sa revue" in err

    path.write_bytes(dump_proposals([small_proposal("decide", title="Remplacé")], "yaml"))
    assert main(["import", str(path), "--remplacer", "--base", database_url]) == 0
    out = capsys.readouterr().out
    assert "nouvelle version « decide-v2 » (brouillon" in out
    repo = open_repository(database_url)
    try:
        assert repo.get_proposal("decide-v2").parent_id == "decide"
        assert repo.get_proposal("en-revue").proposal.title == "Petit dossier"
    finally:
        repo.close()
