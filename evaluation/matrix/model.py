"""The cost-benefit matrix as data: criteria on two axes, each reading a named input mapped to 0-4."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from evaluation.matrix.inputs import input_registry
from evaluation.table.columns import MATRIX
from evaluation.table.read import is_missing

_MATRIX = ConfigDict(extra="forbid", frozen=True)
SCORE_MAX = 4.0
THRESHOLD_COUNT = 4
RESERVED_IDS = frozenset(column.removeprefix(MATRIX.prefix) for column in MATRIX.columns)  # value, cost, rank...
Score = Annotated[float, Field(ge=0, le=SCORE_MAX)]


class Axis(StrEnum):
    VALUE = "value"
    COST = "cost"


class Direction(StrEnum):
    """ascending: a higher input gives a higher score; descending: a lower input does."""

    ASCENDING = "ascending"
    DESCENDING = "descending"


class Combine(StrEnum):
    """How a criterion's components make its score: weighted mean, or the highest component."""

    MEAN = "mean"
    MAX = "max"


class Quadrant(StrEnum):
    A_PRIORISER = "a_prioriser"  # high value, low cost
    A_ARBITRER = "a_arbitrer"  # high value, high cost
    A_SIMPLIFIER = "a_simplifier"  # low value, low cost
    A_ECARTER = "a_ecarter"  # low value, high cost


class Label(BaseModel):
    model_config = _MATRIX

    fr: str = Field(min_length=1, max_length=300)
    en: str = Field(min_length=1, max_length=300)


class Scale(BaseModel):
    """A named input and how it maps to a 0-4 score: four thresholds for a number (the score is the
    number of thresholds reached), or a score per category."""

    model_config = _MATRIX

    input: str | None = None
    direction: Direction | None = None
    thresholds: tuple[float, ...] | None = Field(None, min_length=THRESHOLD_COUNT, max_length=THRESHOLD_COUNT)
    map: dict[str, Score] | None = None

    @field_validator("input")
    @classmethod
    def _known_input(cls, name: str | None) -> str | None:
        if name is not None and name not in input_registry():
            raise PydanticCustomError(
                "unknown_input", "entrée « {name} » inconnue ; entrées possibles : {names}",
                {"name": name, "names": ", ".join(sorted(input_registry()))})
        return name

    @field_validator("thresholds")
    @classmethod
    def _monotonic(
        cls, thresholds: tuple[float, ...] | None, info: ValidationInfo
    ) -> tuple[float, ...] | None:
        if thresholds is None:
            return None
        if any(is_missing(value) for value in thresholds):
            raise PydanticCustomError("threshold_nan", "les seuils doivent être des nombres")
        descending = info.data.get("direction") is Direction.DESCENDING
        pairs = list(zip(thresholds, thresholds[1:], strict=False))
        if descending and not all(a > b for a, b in pairs):
            raise PydanticCustomError(
                "thresholds_not_monotonic",
                "les seuils doivent être strictement décroissants pour la direction « descending » "
                "(valeurs reçues : {values})", {"values": ", ".join(f"{v:g}" for v in thresholds)})
        if not descending and not all(a < b for a, b in pairs):
            raise PydanticCustomError(
                "thresholds_not_monotonic",
                "les seuils doivent être strictement croissants pour la direction « ascending » "
                "(valeurs reçues : {values})", {"values": ", ".join(f"{v:g}" for v in thresholds)})
        return thresholds

    @field_validator("map")
    @classmethod
    def _known_categories(cls, mapping: dict[str, float] | None, info: ValidationInfo) -> dict[str, float] | None:
        spec = input_registry().get(str(info.data.get("input")))
        if mapping is not None and spec is not None and spec.kind == "category":
            unknown = sorted(set(mapping) - set(spec.categories))
            if unknown:
                raise PydanticCustomError(
                    "unknown_category", "catégorie(s) inconnue(s) pour l'entrée « {input} » : {unknown} ; "
                    "catégories possibles : {known}",
                    {"input": spec.name, "unknown": ", ".join(unknown), "known": ", ".join(spec.categories)})
        return mapping

    @model_validator(mode="after")
    def _complete_scale(self) -> Scale:
        if self.input is None:
            return self
        spec = input_registry()[self.input]
        if spec.kind == "number":
            if self.map is not None:
                raise PydanticCustomError(
                    "map_on_number", "l'entrée « {input} » est un nombre : donnez « direction » et « thresholds », "
                    "pas « map »", {"input": self.input})
            if self.direction is None or self.thresholds is None:
                raise PydanticCustomError(
                    "thresholds_required", "l'entrée « {input} » est un nombre : « direction » (ascending ou "
                    "descending) et « thresholds » (4 seuils) sont obligatoires", {"input": self.input})
        elif self.map is None or self.thresholds is not None or self.direction is not None:
            raise PydanticCustomError(
                "map_required", "l'entrée « {input} » est une catégorie : donnez « map » (un score de 0 à 4 par "
                "catégorie parmi {known}), sans « direction » ni « thresholds »",
                {"input": self.input, "known": ", ".join(spec.categories)})
        return self


class Component(Scale):
    """One input of a criterion that combines several."""

    input: str
    weight: float = Field(1.0, gt=0, le=1000)


class Criterion(Scale):
    """One criterion: its axis, weight and labels, and either one scale or several components."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)
    axis: Axis
    weight: float = Field(gt=0, le=1000)
    label: Label
    description: Label | None = None
    components: tuple[Component, ...] | None = Field(None, min_length=1, max_length=20)
    combine: Combine = Combine.MEAN
    if_missing: Literal["skip"] | Score = "skip"

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_IDS:
            raise PydanticCustomError(
                "reserved_id", "l'identifiant « {id} » est réservé ({reserved})",
                {"id": value, "reserved": ", ".join(sorted(RESERVED_IDS))})
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Criterion:
        if (self.input is None) == (self.components is None):
            raise PydanticCustomError(
                "criterion_form", "un critère lit soit une entrée (« input » et ses seuils), soit plusieurs "
                "(« components ») : donnez l'un ou l'autre")
        return self

    def scales(self) -> tuple[tuple[Scale, float], ...]:
        """The criterion's scales with their weights (one scale of weight 1 without components)."""
        if self.components is None:
            return ((self, 1.0),)
        return tuple((component, component.weight) for component in self.components)


class QuadrantLabels(BaseModel):
    model_config = _MATRIX

    a_prioriser: Label
    a_arbitrer: Label
    a_simplifier: Label
    a_ecarter: Label


class Quadrants(BaseModel):
    """Value and cost are high from their threshold up (0-4 scale)."""

    model_config = _MATRIX

    value_threshold: Score
    cost_threshold: Score
    labels: QuadrantLabels


class Matrix(BaseModel):
    """A cost-benefit matrix file (matrices/<name>.yaml)."""

    model_config = _MATRIX

    name: str = Field(pattern=r"^[a-z0-9_-]+$", max_length=60)
    version: str = Field(min_length=1, max_length=40)
    label: Label
    description: Label | None = None
    sources: tuple[str, ...] = ()
    quadrants: Quadrants
    criteria: tuple[Criterion, ...] = Field(max_length=40)  # at least one per axis: _consistent_criteria

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _consistent_criteria(self) -> Matrix:
        seen: set[str] = set()
        for index, criterion in enumerate(self.criteria):
            if criterion.id in seen:
                raise PydanticCustomError(
                    "duplicate_criterion", "le critère « {id} » apparaît deux fois",
                    {"id": criterion.id, "criterion_index": index})
            seen.add(criterion.id)
        for axis in Axis:
            if not any(criterion.axis is axis for criterion in self.criteria):
                raise PydanticCustomError(
                    "empty_axis", "aucun critère sur l'axe « {axis} » : il en faut au moins un par axe",
                    {"axis": axis.value})
        return self

    @property
    def key(self) -> str:
        """How evaluations record the matrix they used: name@version."""
        return f"{self.name}@{self.version}"

    def on_axis(self, axis: Axis) -> tuple[Criterion, ...]:
        return tuple(criterion for criterion in self.criteria if criterion.axis is axis)

    def with_weights(self, weights: Mapping[str, float], *, version: str | None = None) -> Matrix:
        """A validated copy with some criteria re-weighted (the settings page), and a new version if given."""
        unknown = sorted(set(weights) - {criterion.id for criterion in self.criteria})
        if unknown:
            raise ValueError(f"critère(s) inconnu(s) : {', '.join(unknown)}")
        data = self.model_dump(mode="json")
        for criterion in data["criteria"]:
            criterion["weight"] = weights.get(criterion["id"], criterion["weight"])
        if version is not None:
            data["version"] = version
        return Matrix.model_validate(data)
