"""One stored proposal evaluated on its own, as the fiche and the délibération show it: with the settings in
force while it is not decided; once decided, its frozen inputs (the proposal document and the settings frozen
with the decision), which is what the élus decided on."""

from __future__ import annotations

import datetime as dt
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


def frozen_date(decision: StoredDecision) -> dt.date:
    """The day the frozen evaluation was made on (its records' `evaluated_on`), else the decision's day (UTC):
    the checklist reads the law in force on that day."""
    from evaluation.services.decision_checks import frozen_records

    for record in frozen_records(decision):
        day = record.get("evaluated_on")
        if isinstance(day, str):
            try:
                return dt.date.fromisoformat(day)
            except ValueError:
                break
    return decision.created_at.astimezone(dt.UTC).date()


def evaluated_options(proposal: Proposal, settings: Settings, *, lang: str = "fr", on: dt.date | None = None
                      ) -> tuple[pd.DataFrame, Context]:
    """The proposal's options table with every result column, alone (no portfolio rank beside others), evaluated
    on the day `on` (today when not given)."""
    from evaluation.pipeline.evaluate import build_context, evaluate_frame
    from evaluation.table.build import options_frame

    context = build_context(settings, lang=lang, on=on)
    return evaluate_frame(options_frame([proposal], settings), context), context
