"""A proposal as a JSON document: the one dump policy shared by the form, storage and exports."""

from __future__ import annotations

from typing import Any

from evaluation.domain.proposal import Proposal


def proposal_document(proposal: Proposal) -> dict[str, Any]:
    """The proposal in the exchange format, with every field that was given and no other.

    Fields left to their default are not written, so a default changed later applies to them; a value
    given explicitly (even equal to today's default) is kept as given.
    """
    return proposal.model_dump(mode="json", exclude_unset=True)
