"""What makes CI repeatable, checked where it is configured: the Hypothesis profile, the time limit of
every test, the coverage floor, the README's test command and a PostgreSQL server of CI's own."""

from __future__ import annotations

import re
import tomllib
from datetime import timedelta

from hypothesis import settings as hypothesis_settings

from evaluation.resources import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_ci_hypothesis_profile_is_derandomised_with_a_deadline_for_a_loaded_machine() -> None:
    profile = hypothesis_settings.get_profile("ci")
    assert profile.derandomize is True and profile.database is None
    assert isinstance(profile.deadline, timedelta) and profile.deadline >= timedelta(seconds=2)


def test_every_test_has_a_time_limit() -> None:
    options = PYPROJECT["tool"]["pytest"]["ini_options"]
    assert 60 <= int(options["timeout"]) <= 900


def test_make_test_measures_coverage_with_a_floor() -> None:
    test_recipe = MAKEFILE.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "--cov " in test_recipe and "--cov-fail-under=$(COVERAGE_FLOOR)" in test_recipe
    floor = re.search(r"^COVERAGE_FLOOR \?= (\d+)$", MAKEFILE, re.MULTILINE)
    assert floor is not None and 50 <= int(floor[1]) <= 100


def test_ci_runs_the_readme_test_command_on_a_postgresql_server_of_its_own() -> None:
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert CI_RUN.rstrip().endswith("make test")
    assert "postgres_server.py start --state" in CI_RUN and "postgres_server.py stop --state" in CI_RUN
    assert "mktemp -d" in CI_RUN


def test_no_two_test_files_share_a_name() -> None:
    """The test folders are not packages: two files of one name stop the whole run at collection
    (« import file mismatch »), as tests/app and tests/e2e's test_number_inputs.py once did."""
    from collections import Counter

    names = Counter(path.name for path in (ROOT / "tests").rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
