"""The cost-benefit matrix: criteria as data (matrices/*.yaml), scores, quadrants and ranks."""

from evaluation.matrix.inputs import MatrixInput, input_registry
from evaluation.matrix.model import Axis, Combine, Component, Criterion, Direction, Matrix, Quadrant, Quadrants
from evaluation.matrix.record import MatrixRecord, matrix_record
from evaluation.matrix.reference import available_matrices, load_matrix, matrix_path, matrix_yaml, parse_matrix
from evaluation.matrix.step import add_matrix, matrix_columns

__all__ = [
    "Axis",
    "Combine",
    "Component",
    "Criterion",
    "Direction",
    "Matrix",
    "MatrixInput",
    "MatrixRecord",
    "Quadrant",
    "Quadrants",
    "add_matrix",
    "available_matrices",
    "input_registry",
    "load_matrix",
    "matrix_columns",
    "matrix_path",
    "matrix_record",
    "matrix_yaml",
    "parse_matrix",
]
