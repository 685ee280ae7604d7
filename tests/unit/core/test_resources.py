"""In a checkout, the bundled data is read at the top of the repository (the installed case: tests/integration/packaging)."""

from __future__ import annotations

from pathlib import Path

from evaluation import config, resources


def test_a_checkout_reads_data_and_matrices_at_the_top_of_the_repository() -> None:
    root = Path(__file__).resolve().parents[3]
    assert not resources.INSTALLED
    assert root == resources.ROOT
    assert root / "data" == resources.DATA_DIR
    assert root / "matrices" == resources.MATRICES_DIR
    assert (resources.SAMPLES_DIR / "portfolio.yaml").is_file()
    assert (resources.MATRICES_DIR / "rules.yaml").is_file()


def test_a_checkout_keeps_its_database_in_its_own_var_folder() -> None:
    assert config.default_data_dir() == resources.ROOT / "var"
