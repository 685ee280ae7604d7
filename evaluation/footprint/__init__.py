"""Environmental footprint of options: EcoLogits for generative AI, Green Algorithms for other compute.

Entry points: add_footprint (fp.* columns, docs/engine-columns.md), footprint_record (format.md's
footprint object), equivalences, zone_comparison, frugal_alternatives, and the UI's catalogue
(available_providers, available_models, available_zones, ecologits_version).
"""

from evaluation.footprint.alternatives import Alternative, frugal_alternatives
from evaluation.footprint.catalogue import (
    ModelChoice,
    ProviderChoice,
    ZoneChoice,
    available_models,
    available_providers,
    available_zones,
    display_name,
    zone_label,
)
from evaluation.footprint.codes import UNCOVERED_PHASE_CODES, WARNING_CODES, method_codes
from evaluation.footprint.comparison import ZoneFootprint, zone_comparison
from evaluation.footprint.ecologits_calls import ecologits_version
from evaluation.footprint.equivalences import Equivalence, equivalences
from evaluation.footprint.ranges import Range
from evaluation.footprint.record import footprint_record
from evaluation.footprint.step import add_footprint

__all__ = [
    "UNCOVERED_PHASE_CODES", "WARNING_CODES", "method_codes",
    "Alternative", "Equivalence", "ModelChoice", "ProviderChoice", "Range", "ZoneChoice", "ZoneFootprint",
    "add_footprint", "available_models", "available_providers", "available_zones", "display_name",
    "ecologits_version", "equivalences", "footprint_record", "frugal_alternatives", "zone_comparison", "zone_label",
]
