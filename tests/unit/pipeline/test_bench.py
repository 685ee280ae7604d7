"""The benchmark command's own pieces (its figures are in BENCHMARKS.md, not asserted here)."""

from __future__ import annotations

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
        "cli": {"size": 20_000, "median_s": 4.0}, "ecologits_loop": {"calls": 8_000, "loop_s": 5.0},
        "storage": [{"backend": "sqlite", "size": 10_000, "import_median_s": 1.25, "portfolio_data_median_s": 2.0}],
    }
    text = render(report)
    assert "| 100\u202f000 | 1,500 s | 2,250 s | 8000,000 s (0,080 s par option, mesuré sur 200) | × 5\u202f333 | 700 Mio |" in text
    assert "rapport 0,80 (cible ≤ 0,25)" in text
    assert "| sqlite | 10\u202f000 | 1,250 s | 2,000 s |" in text
