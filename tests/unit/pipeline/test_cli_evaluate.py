"""`python -m evaluation evaluate` and `rules`: brief checklist items by default, the rule texts once,
every detail with --detail, one record a line; the figures are the same in every form."""

from __future__ import annotations

import gc
from pathlib import Path

import orjson
import pytest

from evaluation.checklist import load_rules
from evaluation.cli import main
from evaluation.exchange.settings_file import load_settings
from tests.conftest import SAMPLE_PORTFOLIO


def _run(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes]:
    code = main(list(args))
    return code, capsysbinary.readouterr().out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sample portfolio evaluated in each form (run once: the command is not cheap)."""
    capture = pytest.MonkeyPatch()
    results: dict[str, bytes] = {}
    folder = tmp_path_factory.mktemp("out")
    for name, extra in (("brief", ()), ("detail", ("--detail",)), ("indent", ("--indent",))):
        path = folder / f"{name}.json"
        with path.open("wb") as sink:
            capture.setattr("sys.stdout", type("Out", (), {"buffer": sink})())
            assert main(["evaluate", str(SAMPLE_PORTFOLIO), "--date", "2026-12-03", *extra]) == 0
        capture.undo()
        results[name] = path.read_bytes()
    return results


def test_brief_items_keep_id_status_and_code_only(outputs: dict[str, bytes]) -> None:
    records = orjson.loads(outputs["brief"])
    rules = load_rules(load_settings().rules)
    assert records
    for record in records:
        assert [item["id"] for item in record["checklist"]] == [rule.id for rule in rules.rules]
        for item, rule in zip(record["checklist"], rules.rules, strict=True):
            assert set(item) == {"id", "status", "code"}
            assert item["status"] in {"pass", "warn", "fail", "na"}
            assert item["code"] in {*rule.messages, "disabled"}


def test_detail_gives_the_former_items_and_the_same_figures(outputs: dict[str, bytes]) -> None:
    brief, detail = orjson.loads(outputs["brief"]), orjson.loads(outputs["detail"])
    assert len(brief) == len(detail)
    for short, full in zip(brief, detail, strict=True):
        assert {key: value for key, value in short.items() if key != "checklist"} == {
            key: value for key, value in full.items() if key != "checklist"}
        for item, whole in zip(short["checklist"], full["checklist"], strict=True):
            assert set(whole) == {"id", "group", "status", "code", "blocking", "message", "source", "link"}
            assert {key: whole[key] for key in item} == item
            assert whole["message"] and whole["source"] and whole["link"].startswith("https://")


def test_one_record_a_line_and_indented_json_are_the_same_list(outputs: dict[str, bytes]) -> None:
    lines = outputs["brief"].decode().splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert len(lines) == len(orjson.loads(outputs["brief"])) + 2
    assert all(orjson.loads(line.removesuffix(",")) for line in lines[1:-1])
    assert orjson.loads(outputs["indent"]) == orjson.loads(outputs["brief"])


def test_a_name_looking_like_a_record_boundary_does_not_split_a_line(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    text = SAMPLE_PORTFOLIO.read_text(encoding="utf-8")
    first_name = text.split("- name: ", 1)[1].split("\n", 1)[0]
    tricky = '\'Option },{"proposal": piège\''
    path = tmp_path / "portefeuille.yaml"
    path.write_text(text.replace(f"- name: {first_name}", f"- name: {tricky}", 1), encoding="utf-8")
    code, out = _run(capsysbinary, "evaluate", str(path))
    assert code == 0
    records = orjson.loads(out)
    assert records[0]["option"] == 'Option },{"proposal": piège'
    assert len(out.decode().splitlines()) == len(records) + 2
    assert gc.isenabled()  # the command switches the collector off for its batch only


def test_rules_gives_every_text_and_source_once(outputs: dict[str, bytes], capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out = _run(capsysbinary, "rules")
    assert code == 0
    document = orjson.loads(out)
    rules = load_rules(load_settings().rules)
    assert document["rules"] == rules.reference and document["lang"] == "fr"
    by_id = {item["id"]: item for item in document["items"]}
    assert list(by_id) == [rule.id for rule in rules.rules]
    detail = orjson.loads(outputs["detail"])
    for record in detail:
        for item in record["checklist"]:
            rule = by_id[item["id"]]
            assert item["code"] in rule["messages"]
            assert (rule["source"], rule["link"], rule["group"], rule["blocking"]) == (
                item["source"], item["link"], item["group"], item["blocking"])
    english = orjson.loads(_run(capsysbinary, "rules", "--lang", "en")[1])
    assert english["items"][0]["question"] != document["items"][0]["question"]
