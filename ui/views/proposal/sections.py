"""The proposal form's own sections: the need (who, what, why) and the governance questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from evaluation.domain.governance import Governance
from evaluation.domain.proposal import Proposal
from evaluation.table.columns import GOVERNANCE_SNR_OBJECTIVE, governance_column
from ui.forms.drafts import Draft, widget_key
from ui.forms.field_specs import field_spec
from ui.forms.fields import field_input, seed_widget
from ui.i18n import current_language, t
from ui.widgets import show_errors

Problems = Mapping[str, Sequence[str]]

# Governance questions by theme, in the order the checklist reads them (spec/checklist.md).
GOVERNANCE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("data", ("personal_data", "sensitive_data", "dpia", "transfer_safeguards")),
    ("decisions", ("decision_role", "self_learning", "explicit_mention", "explanation_on_request",
                   "appeal_possible", "algorithm_published")),
    ("public", ("public_facing", "publishes_generated_content", "human_editorial_review", "ai_disclosure")),
    ("ai_act", ("prohibited_practice", "annex_iii", "art6_3_exemption", "fria", "eu_registration",
                "human_oversight", "staff_training")),
    ("sobriety", ("snr_objective", "reduction_objectives", "training_justified", "supplier_commitments", "end_of_life_plan",
                  "new_hardware", "repairability_considered", "no_alternative_justification")),
)


def need_section(draft: Draft, problems: Problems, *, disabled: bool, default_horizon: int) -> None:
    """Identifier, title, direction, sponsor, category, need, target users, horizon."""
    left, right = st.columns([3, 2])
    with left:
        field_input(draft, Proposal, "title", "title", problems=problems, disabled=disabled,
                    placeholder=t("forms.need.title_placeholder"))
    with right:
        suggested = draft.suggested_id() if draft.is_new else None
        field_input(draft, Proposal, "id", "id", problems=problems, disabled=disabled or not draft.is_new,
                    placeholder=suggested or t("forms.need.id_placeholder"))
        if draft.is_new and suggested and not str(draft.get("id") or "").strip():
            st.caption(t("forms.need.id_suggested", id=suggested))
    cells = st.columns(3)
    for cell, name in zip(cells, ("direction", "sponsor", "category"), strict=True):
        with cell:
            field_input(draft, Proposal, name, name, problems=problems, disabled=disabled)
    field_input(draft, Proposal, "need", "need", problems=problems, disabled=disabled,
                placeholder=t("forms.need.need_placeholder"))
    left, right = st.columns([3, 1])
    with left:
        field_input(draft, Proposal, "target_users", "target_users", problems=problems, disabled=disabled)
    with right:
        field_input(draft, Proposal, "horizon_years", "horizon_years", problems=problems, disabled=disabled,
                    placeholder=t("forms.need.horizon_placeholder", years=default_horizon))


def _snr_objective(draft: Draft, problems: Problems, objectives: Sequence[str], disabled: bool) -> None:
    lang = current_language()
    path = GOVERNANCE_SNR_OBJECTIVE
    key = widget_key(draft.key, path)
    current = draft.get(path)
    seed_widget(key, current or None)
    choices = list(objectives)
    if current and current not in choices:
        choices.append(str(current))
    spec = field_spec(Proposal, path)
    st.selectbox(spec.title(lang), choices, key=key, index=None, accept_new_options=True, disabled=disabled,
                 placeholder=t("forms.governance.snr_placeholder"), help=spec.help(lang))
    show_errors(problems.get(path, ()))


def governance_section(draft: Draft, problems: Problems, *, disabled: bool, snr_objectives: Sequence[str]) -> None:
    st.caption(t("forms.governance.intro"))
    for group, names in GOVERNANCE_GROUPS:
        with st.container(border=True):
            st.markdown(f"**{t(f'forms.governance.group.{group}')}**")
            cells = st.columns(2)
            for index, name in enumerate(names):
                with cells[index % 2]:
                    if name == "snr_objective":
                        _snr_objective(draft, problems, snr_objectives, disabled)
                    else:
                        field_input(draft, Governance, name, governance_column(name), problems=problems,
                                    disabled=disabled)
