"""Matrix files for tests: the common head of a small matrix YAML (name, version, quadrants)."""

from __future__ import annotations


def matrix_header(name: str, version: int, label_fr: str, label_en: str) -> str:
    """The YAML of a matrix up to `criteria:` (quadrant thresholds 2 and 2, one-letter labels)."""
    return (
        f"name: {name}\n"
        f"version: {version}\n"
        f"label: {{fr: {label_fr}, en: {label_en}}}\n"
        "quadrants:\n"
        "  value_threshold: 2\n"
        "  cost_threshold: 2\n"
        "  labels:\n"
        "    a_prioriser: {fr: A, en: A}\n"
        "    a_arbitrer: {fr: B, en: B}\n"
        "    a_simplifier: {fr: C, en: C}\n"
        "    a_ecarter: {fr: D, en: D}\n"
        "criteria:\n"
    )
