"""The benchmark command's own pieces (its figures are in BENCHMARKS.md, not asserted here)."""

from __future__ import annotations

from pathlib import Path

from evaluation.cli.bench import child_engine, child_naive, render


def test_the_engine_measure_evaluates_the_portfolio_it_builds() -> None:
    result = child_engine(120, 2)
    assert result["size"] == 120
    assert len(result["runs_s"]) == 2 and result["median_s"] > 0
    assert result["peak_mib"] >= result["peak_before_evaluation_mib"] > 0


def test_the_naive_measure_extrapolates_its_sample_to_the_whole_portfolio() -> None:
    result = child_naive(90, 3)
    assert result["sample"] == 3
    assert result["extrapolated_s"] == result["per_option_s"] * 90


def test_the_report_is_written_the_french_way() -> None:
    report = {
        "machine": {"cpus": 2, "processor": "x86_64", "python": "3.11.7"},
        "engine": [{"size": 100_000, "median_s": 1.5, "first_s": 2.25, "peak_mib": 700.4}],
        "naive": [{"size": 100_000, "sample": 200, "per_option_s": 0.08, "extrapolated_s": 8_000.0}],
        "cli": {"size": 20_000, "median_s": 4.0, "bytes_per_record": 2_950.2, "load_average": [1.25, 2.5],
                "ratio_median": 0.8, "loop": {"calls": 8_000, "median_s": 5.0}},
        "storage": [{"backend": "sqlite", "size": 10_000, "import_median_s": 1.25, "portfolio_data_median_s": 2.0}],
    }
    text = render(report)
    assert "| 100\u202f000 | 1,500 s | 2,250 s | 8000,000 s (0,080 s par option, mesuré sur 200) | × 5\u202f333 | 700 Mio |" in text
    assert "2\u202f950 octets par option" in text
    assert "rapport 0,80 (cible ≤ 0,40 ; charge moyenne 1,2, 2,5)" in text
    assert "| sqlite | 10\u202f000 | 1,250 s | 2,000 s |" in text


def test_only_the_measures_asked_for_are_rendered() -> None:
    report = {"machine": {"cpus": 2, "processor": "x86_64", "python": "3.11.7"}, "engine": [], "naive": [],
              "storage": [], "cli": {"size": 10, "median_s": 1.0, "bytes_per_record": 3000.0, "load_average": [9.0],
                                     "ratio_median": 0.5, "loop": {"calls": 4, "median_s": 2.0}}}
    text = render(report)
    assert "moteur" not in text and "| base |" not in text
    assert "rapport 0,50" in text


def test_the_floor_calls_ecologits_once_per_distinct_generative_option_and_writes_the_bytes_asked(tmp_path: Path) -> None:
    import orjson

    from evaluation.cli.bench_floor import child_floor
    from evaluation.footprint.ecologits_calls import api_per_request

    api = {"kind": "genai_api", "provider": "mistralai", "model": "mistral-small-latest", "zone": "FRA"}
    hosted = {"kind": "genai_self_hosted", "provider": "huggingface_hub",
              "model": "mistralai/Mistral-7B-Instruct-v0.3", "zone": "FRA", "pue": 1.2}
    proposals = [{"options": [api, {"kind": "non_ai"}, hosted]}, {"options": [dict(api), {**api, "zone": "SWE"}]}]
    source = tmp_path / "dossiers.json"
    source.write_bytes(orjson.dumps({"proposals": proposals}))
    api_per_request.cache_clear()
    result = child_floor(str(source), str(tmp_path / "sortie.bin"), 12_345)
    assert result["distinct_options"] == 3  # the API model in two zones, the self-hosted one; not the non-AI option
    assert api_per_request.cache_info().currsize == 2
    assert (tmp_path / "sortie.bin").stat().st_size == 12_345
    assert set(result["cpu_s"]) == {"imports", "read", "ecologits", "write"}


def test_the_floor_is_rendered_with_its_ratio_to_the_loop() -> None:
    report = {"machine": {"cpus": 2, "processor": "x86_64", "python": "3.11.7"}, "engine": [], "naive": [],
              "storage": [], "cli": {"size": 10, "median_s": 1.0, "bytes_per_record": 3000.0, "load_average": [1.0],
                                     "ratio_median": 0.5, "loop": {"calls": 4, "median_s": 2.0},
                                     "floor": {"median_s": 0.9, "ratio_median": 0.45, "distinct_options": 144}}}
    text = render(report)
    assert "144 options génératives distinctes" in text
    assert "0,900 s (médiane) ; rapport 0,45" in text


def test_the_floor_runs_as_its_own_command_and_prints_one_json_line(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    import orjson

    from evaluation.resources import ROOT

    source = tmp_path / "dossiers.json"
    source.write_bytes(orjson.dumps({"proposals": [{"options": [
        {"kind": "genai_api", "provider": "mistralai", "model": "mistral-small-latest"}]}]}))
    done = subprocess.run([sys.executable, "-m", "evaluation.cli.bench_floor", str(source), str(tmp_path / "out"), "10"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(done.stdout)["distinct_options"] == 1
    assert (tmp_path / "out").read_bytes() == b" " * 10
