"""A proposal as a JSON document: the dump policies shared by the form, storage, files and the engine.

There is one policy, `proposal_document`, and one named exception, `complete_document`, for the flat
formats (CSV, XLSX) whose cells cannot say "given, with every default".
"""

from __future__ import annotations

from typing import Any, TypeAlias

from evaluation.domain.proposal import Proposal

ProposalDocument: TypeAlias = dict[str, Any]
"""A proposal in the exchange format as JSON values (nested dicts, an `options` list)."""

Cell: TypeAlias = str | int | float | bool | None
"""One value of a flat row: every leaf of the exchange format is one of these."""

FlatRow: TypeAlias = dict[str, Cell]
"""One option as a flat row: dotted column names (`governance.dpia`, `option.usage.users`)."""


def proposal_document(proposal: Proposal) -> ProposalDocument:
    """The proposal in the exchange format, with every field that was given and no other.

    Fields left to their default are not written, so a default changed later applies to them; a value
    given explicitly (even equal to today's default) is kept as given. Storage, the workflow, the JSON
    and YAML files and the options table all read proposals through this policy.
    """
    return proposal.model_dump(mode="json", exclude_unset=True)


def complete_document(proposal: Proposal) -> ProposalDocument:
    """The proposal with every field, defaults included: the policy of the flat files (CSV, XLSX).

    A blank cell reads back as "not given", so an optional part given with all its defaults
    (`compute: {}`) would come back absent; writing every value keeps it, and shows whoever edits the
    spreadsheet every value in force.
    """
    return proposal.model_dump(mode="json")
