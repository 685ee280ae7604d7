"""`python -m evaluation evaluate` and `rules`: the compact form by default (ranges as [min, max], rule ids
grouped by status, codes apart), the rule texts once, every detail with --detail, one record a line; the
figures are the same in every form."""

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


STATUSES = ["pass", "warn", "fail", "na"]


def _ranges_as_objects(value: object) -> object:
    """The compact footprint with each `[min, max]` pair written as {"min", "max"} (the detail form)."""
    if isinstance(value, dict):
        return {key: _ranges_as_objects(item) for key, item in value.items()}
    if isinstance(value, list) and len(value) == 2 and all(v is None or isinstance(v, float) for v in value):
        return {"min": value[0], "max": value[1]}
    return value


def test_compact_checklist_groups_rule_ids_by_status_with_the_codes_apart(outputs: dict[str, bytes]) -> None:
    records = orjson.loads(outputs["brief"])
    rules = load_rules(load_settings().rules)
    order = [rule.id for rule in rules.rules]
    messages = {rule.id: {*rule.messages, "disabled"} for rule in rules.rules}
    assert records
    seen_codes = 0
    for record in records:
        groups, codes = record["checklist"], record["checklist_codes"]
        assert list(groups) == STATUSES
        every = [rule_id for ids in groups.values() for rule_id in ids]
        assert sorted(every, key=order.index) == order and len(set(every)) == len(order)
        for ids in groups.values():
            assert ids == sorted(ids, key=order.index)  # each group in the rules file's order
        for rule_id, code in codes.items():
            status = next(status for status, ids in groups.items() if rule_id in ids)
            assert code != status and code in messages[rule_id]
        seen_codes += len(codes)
    assert seen_codes, "the sample portfolio has codes that are not the status alone"


def test_detail_gives_the_former_items_and_ranges_and_the_same_figures(outputs: dict[str, bytes]) -> None:
    compact, detail = orjson.loads(outputs["brief"]), orjson.loads(outputs["detail"])
    assert len(compact) == len(detail)
    for short, full in zip(compact, detail, strict=True):
        assert {key: value for key, value in short.items() if key not in {"checklist", "checklist_codes", "footprint"}} == {
            key: value for key, value in full.items() if key not in {"checklist", "footprint"}}
        assert isinstance(short["footprint"]["annual"]["gwp_kgco2eq"], list)
        assert _ranges_as_objects(short["footprint"]) == full["footprint"]
        for whole in full["checklist"]:
            assert set(whole) == {"id", "group", "status", "code", "blocking", "message", "source", "link"}
            assert whole["id"] in short["checklist"][whole["status"]]
            assert short["checklist_codes"].get(whole["id"], whole["status"]) == whole["code"]
            assert whole["message"] and whole["source"] and whole["link"].startswith("https://")


def test_csv_keeps_every_range_bound_in_its_own_column(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out = _run(capsysbinary, "evaluate", str(SAMPLE_PORTFOLIO), "--format", "csv")
    assert code == 0
    header = out.decode("utf-8-sig").splitlines()[0].split(",")
    assert "footprint.annual.gwp_kgco2eq.min" in header and "footprint.annual.gwp_kgco2eq.max" in header
    assert "checklist" in header


def test_one_record_a_line_and_indented_json_are_the_same_list(outputs: dict[str, bytes]) -> None:
    lines = outputs["brief"].decode().splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert len(lines) == len(orjson.loads(outputs["brief"])) + 2
    assert all(orjson.loads(line.removesuffix(",")) for line in lines[1:-1])
    assert orjson.loads(outputs["indent"]) == orjson.loads(outputs["brief"])
    assert b'\n        "energy_kwh": [\n' in outputs["indent"]  # the parts written as JSON are indented too
    assert b'"checklist": {\n' in outputs["indent"]


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
