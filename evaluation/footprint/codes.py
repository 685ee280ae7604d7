"""Stable codes the footprint engine returns; texts for people are in ui/locales/footprint.*.yaml."""

from __future__ import annotations

# The five criteria (FOOTPRINT_CRITERIA) and the parts and bounds of a figure are named with the columns,
# in evaluation/table/columns.py.

# Criteria without an embodied (manufacturing) figure: energy is a use-phase quantity and EcoLogits
# counts water in the usage phase only.
NO_EMBODIED: tuple[str, ...] = ("energy_kwh", "wcf_l")

# Warning codes, in the order they are listed on an option. The first seven are EcoLogits' own.
ECOLOGITS_WARNINGS: tuple[str, ...] = (
    "model-not-registered",
    "zone-not-registered",
    "model-arch-not-released",
    "model-arch-multimodal",
    "electricity-mix-adpe-world",
    "electricity-mix-pe-world",
    "electricity-mix-wue-world",
)
WARNING_CODES: tuple[str, ...] = ECOLOGITS_WARNINGS + (
    "zone-not-stated",          # no zone given: the provider's datacenter country (or WOR) was used
    "compute-not-stated",       # ML or vision option without a compute part: cannot be estimated
    "gpu-power-default",        # GPU not named or unknown: Green Algorithms' "Any" GPU (200 W) used
    "gpu-embodied-default",     # GPU Boavizta does not list: Boavizta's default GPU for its manufacture
    "compute-added",            # generative option with a compute part: added to the inference
    "no-requests",              # generative option with no request per year
)

# Phases or flows the estimate does not cover (AF-2 reads them).
UNCOVERED_PHASE_CODES: tuple[str, ...] = (
    "input-tokens",       # EcoLogits ignores prompts and retrieved context
    "pretraining",        # training of the foundation model by its maker
    "training",           # training or fine-tuning, when the option declares none
    "idle-capacity",      # own GPUs waiting between requests (EcoLogits assumes a full, shared server)
    "data-storage",       # storage of data and documents
    "network",            # data transfer over networks
    "end-user-devices",   # agents' and users' computers and phones
    "embodied-water",     # water used to manufacture the hardware
)

# Of those, the ones no method available to a collectivité covers today (EcoLogits' and Green
# Algorithms' scope): they are named as limits of every estimate, not asked of the project.
STRUCTURAL_PHASES: frozenset[str] = frozenset({
    "input-tokens", "pretraining", "data-storage", "network", "end-user-devices", "embodied-water",
})

NO_METHOD = "none"  # fp.method of an option no registered method covers


def method_codes() -> tuple[str, ...]:
    """Every value of fp.method: the registered methods (evaluation/footprint/methods/) by rank, then `none`."""
    from evaluation.footprint.methods import registered_methods

    return (*(method.name for method in registered_methods()), NO_METHOD)
