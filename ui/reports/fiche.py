"""The fiche of a stored proposal, as the dashboard's button and `python -m evaluation fiche` write it (one
function, so both give the same PDF).

Not decided: the stored proposal evaluated with the settings in force. Decided: the proposal and settings
frozen with the decision, evaluated again, compared with the figures the élus decided on (the
reproducibility line), with the decision file first."""

from __future__ import annotations

import datetime as dt

from evaluation.pipeline.evaluate import evaluation_records
from evaluation.services.decision_file import decision_file
from evaluation.services.evaluated import evaluated_options, frozen_date, frozen_inputs, settings_in_force
from evaluation.services.reproduce import reproduction
from evaluation.storage import Repository
from ui.reports.fiche_pdf import fiche_pdf, method_versions


def stored_fiche(repo: Repository, proposal_id: str, *, lang: str = "fr", generated_on: dt.date | None = None
                 ) -> bytes:
    """The PDF fiche of a stored proposal (NotFound when it is not stored)."""
    stored = repo.get_proposal(proposal_id)
    file = decision_file(repo, proposal_id)
    if file is None:
        proposal = stored.proposal
        frame, _ = evaluated_options(proposal, settings_in_force(repo), lang=lang)
        result = None
    else:
        proposal, settings = frozen_inputs(file.decision)
        frame, context = evaluated_options(proposal, settings, lang=lang, on=frozen_date(file.decision))
        result = reproduction(file.decision, evaluation_records(frame, context))
    return fiche_pdf(proposal, frame, lang=lang, status=stored.status.value, method_versions=method_versions(frame, lang),
                     generated_on=generated_on or dt.date.today(), decision=file, reproduction=result)
