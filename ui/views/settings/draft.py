"""The settings page's draft: the collectivité's settings document as typed, its matrix weights, and
their validation with located French messages. No Streamlit import."""

from __future__ import annotations

import copy
import datetime as dt
import typing
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic.fields import FieldInfo

from evaluation.domain.settings import Settings
from evaluation.exchange.dotted_paths import get_dotted, set_dotted
from evaluation.exchange.errors import InvalidFileError
from evaluation.exchange.settings_file import settings_from_data
from ui.forms.drafts import Problem, widget_key
from ui.forms.field_specs import normalise, spec_of
from ui.forms.numbers import NumberRule, number_rule, read_number, typed_value, unread_numbers
from ui.i18n import current_language

SETTINGS_DRAFT = "settings"
WEIGHTS = "matrix_weights"
# Tabs of the settings page and the top-level fields each holds.
SETTINGS_SECTIONS: dict[str, tuple[str, ...]] = {
    "profile": ("profile",),
    "reference": ("hourly_costs", "discount_rate", "horizon_years", "start_year", "carbon_trajectory",
                  "default_pue", "default_wue", "sensitivity_spread", "overrun_threshold", "sources"),
    "matrix": ("matrix", "rules", WEIGHTS),
}


@cache
def matrix_file_weights(name: str) -> dict[str, float]:
    """Criterion id -> weight as written in the matrix file; empty when the file is not a valid matrix."""
    from evaluation.matrix import load_matrix

    try:
        matrix = load_matrix(name)
    except (InvalidFileError, OSError):
        return {}
    return {criterion.id: float(criterion.weight) for criterion in matrix.criteria}


def matrix_names() -> list[str]:
    """The matrix files that load as matrices (matrices/ also holds the rules file)."""
    from evaluation.matrix import available_matrices

    return [name for name in available_matrices() if matrix_file_weights(name)]


@dataclass
class SettingsDraft:
    """The settings as typed; `version` is the stored version they were loaded from (None: defaults)."""

    doc: dict[str, Any]
    version: int | None
    key: str = SETTINGS_DRAFT
    baseline: Any = field(default=None)
    # The last validation and the document it was made of: a rerun with nothing changed validates nothing.
    _validated: tuple[Any, tuple[Settings | None, list[Problem]]] | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings, *, version: int | None) -> SettingsDraft:
        draft = cls(doc=settings.model_dump(mode="json"), version=version)
        draft.baseline = draft.document()
        return draft

    def get(self, path: str) -> Any:
        if path.startswith(f"{WEIGHTS}."):
            criterion = path.split(".", 1)[1]
            weights = self.doc.get(WEIGHTS) or {}
            if criterion in weights:
                return weights[criterion]
            return matrix_file_weights(str(self.doc.get("matrix") or "")).get(criterion)
        return get_dotted(self.doc, path)

    def set(self, path: str, value: Any) -> None:
        set_dotted(self.doc, path, value)

    def weights(self) -> dict[str, float | None]:
        """Every criterion of the chosen matrix with its weight in force (the collectivité's or the file's)."""
        file_weights = matrix_file_weights(str(self.doc.get("matrix") or ""))
        return {criterion: self.get(f"{WEIGHTS}.{criterion}") for criterion in file_weights}

    def document(self) -> dict[str, Any]:
        """The settings as a plain document: objectives one per line, weights only where they differ
        from the matrix file's."""
        doc = normalise(Settings, copy.deepcopy(self.doc))
        profile = doc.get("profile")
        if isinstance(profile, dict):
            objectives = profile.get("snr_objectives")
            if isinstance(objectives, str):
                profile["snr_objectives"] = [line.strip() for line in objectives.splitlines() if line.strip()]
            if isinstance(profile.get("snr_date"), dt.date):
                profile["snr_date"] = profile["snr_date"].isoformat()
        file_weights = matrix_file_weights(str(doc.get("matrix") or ""))
        weights = doc.get(WEIGHTS) or {}
        doc[WEIGHTS] = {criterion: value for criterion, value in weights.items()
                        if criterion in file_weights and value != file_weights[criterion]}
        return doc

    def validate(self, lang: str | None = None) -> tuple[Settings | None, list[Problem]]:
        """The settings as typed, validated once per change (the same result while the document is unchanged);
        a number typed that is not one is reported in `lang` (the session's language by default)."""
        document = self.document()
        made = (document, lang or current_language())
        if self._validated is not None and self._validated[0] == made:
            return self._validated[1]
        unread = [Problem(path=path, message=read_number(text, rule, made[1]).problem or "",
                          section=section_of_setting(path)) for path, text, rule in _unread(document)]
        try:
            settings: Settings | None = settings_from_data(document, file="paramètres")
            problems: list[Problem] = []
        except InvalidFileError as exc:
            settings = None
            problems = [Problem(path=error.field or "", message=error.message,
                                section=section_of_setting(error.field or "")) for error in exc.errors]
        located = {problem.path for problem in unread}
        result = (None if unread else settings, unread + [problem for problem in problems if problem.path not in located])
        self._validated = (copy.deepcopy(made), result)
        return result

    @property
    def dirty(self) -> bool:
        return bool(self.document() != self.baseline)

    def mark_saved(self, version: int) -> None:
        self.version = version
        self.baseline = self.document()


def _weight_rule() -> NumberRule:
    """A matrix criterion's weight, as Settings.matrix_weights bounds its values (more than 0, at most 1 000)."""
    value_type = typing.get_args(Settings.model_fields[WEIGHTS].annotation)[1]
    return number_rule(spec_of(WEIGHTS, FieldInfo.from_annotation(value_type)))


WEIGHT_RULE = _weight_rule()


def _unread(document: dict[str, Any]) -> list[tuple[str, str, NumberRule]]:
    """Numbers typed that are not ones, kept as typed in the draft (ui.forms.numbers): (path, text, rule)."""
    found = unread_numbers(Settings, document)
    weights = document.get(WEIGHTS)
    if isinstance(weights, dict):
        found += [(f"{WEIGHTS}.{criterion}", value, WEIGHT_RULE) for criterion, value in weights.items()
                  if isinstance(value, str)]
    return found


def section_of_setting(path: str) -> str:
    head = path.split(".")[0]
    for section, names in SETTINGS_SECTIONS.items():
        if head in names:
            return section
    return "reference"


def sync_settings_widgets(session: MutableMapping[Any, Any], draft: SettingsDraft) -> None:
    """Copy the settings widgets' values into the draft (weights that equal the file's are dropped)."""
    prefix = widget_key(draft.key, "")
    for key in list(session):
        if isinstance(key, str) and key.startswith(prefix) and "@" not in key:
            draft.set(key[len(prefix):], typed_value(session, key))  # a number's text read, or kept as typed


def forget_settings_widgets(session: MutableMapping[Any, Any], draft: SettingsDraft, *, prefix: str = "") -> None:
    start = widget_key(draft.key, prefix)
    for key in [key for key in session if isinstance(key, str) and key.startswith(start)]:
        del session[key]
