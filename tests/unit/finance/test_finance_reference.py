"""The carbon value file is validated into its model; a malformed one is refused in French with its line."""

from __future__ import annotations

import pytest

from evaluation.exchange.errors import InvalidFileError
from evaluation.exchange.reference_files import parse_reference
from evaluation.finance.model import CarbonValues
from evaluation.finance.reference import carbon_trajectories

ONE_POINT = """\
quinet_2019:
  label_fr: "Quinet 2019"
  label_en: "Quinet 2019"
  currency_year: 2018
  source: "France Stratégie, 2019"
  link: https://strategie.gouv.fr/
  checked: 2026-12-03
  growth_after_last_point: 0.045
  points: {2018: 54}
"""


def test_the_bundled_file_holds_both_published_trajectories_with_their_source() -> None:
    trajectories = carbon_trajectories()
    assert {"quinet_2019", "quinet_2025"} <= set(trajectories)
    assert all(trajectory.source for trajectory in trajectories.values())


def test_a_trajectory_of_one_point_is_refused_with_its_line_and_a_french_message() -> None:
    with pytest.raises(InvalidFileError) as caught:
        parse_reference(ONE_POINT, CarbonValues, "data/carbon_value.yaml")
    error = caught.value.errors[0]
    assert error.file == "data/carbon_value.yaml"
    assert error.field is not None and error.field.startswith("quinet_2019")
    assert error.line is not None and 1 <= error.line <= 9
    assert "au moins deux points" in error.message
