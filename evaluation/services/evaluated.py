"""One stored proposal evaluated on its own, as the fiche and the délibération show it: with the settings in
force while it is not decided; once decided, its frozen inputs (the proposal document and the settings frozen
with the decision), which is what the élus decided on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from evaluation.domain.proposal import Proposal
from evaluation.domain.settings import Settings
from evaluation.exchange.settings_file import load_settings, settings_from_data
from evaluation.storage import Repository, StoredDecision

if TYPE_CHECKING:
    import pandas as pd

    from evaluation.pipeline.evaluate import Context


def settings_in_force(repo: Repository) -> Settings:
    """The administrator's newest settings, else the defaults (data/default_settings.yaml)."""
    stored = repo.get_settings()
    return stored.settings() if stored is not None else load_settings()


def frozen_inputs(decision: StoredDecision) -> tuple[Proposal, Settings]:
    """The proposal and the settings a decision was taken on, as frozen with it."""
    evaluation = decision.evaluation if isinstance(decision.evaluation, dict) else {}
    document = evaluation.get("proposal")
    if not isinstance(document, dict):
        raise ValueError(f"La décision n° {decision.id} ne contient pas le dossier figé : son évaluation ne peut "
                         "être reproduite.")
    settings = settings_from_data(decision.settings, file=f"paramètres figés de la décision n° {decision.id}")
    return Proposal.model_validate(document), settings


def evaluated_options(proposal: Proposal, settings: Settings, *, lang: str = "fr") -> tuple[pd.DataFrame, Context]:
    """The proposal's options table with every result column, alone (no portfolio rank beside others)."""
    from evaluation.pipeline.evaluate import build_context, evaluate_frame
    from evaluation.table.build import options_frame

    context = build_context(settings, lang=lang)
    return evaluate_frame(options_frame([proposal], settings), context), context
