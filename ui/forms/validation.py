"""The proposal form's validation: a draft (ui/forms/drafts.py) is validated once per change.

`validate(draft)` returns the validated proposal, or every problem located on a form path, and what the
live preview evaluates; the result is kept on the draft with what it was made of, so that the page, its
callbacks and the preview share one validation until the draft changes. The page hands the result on:
the problems to the form's sections, the preview proposal and its JSON (computed once, the key of the
cached evaluation, ui.data.draft_evaluation) to the preview. No Streamlit import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import ValidationError

from evaluation.domain.option import Option, OptionKind
from evaluation.domain.proposal import Proposal
from evaluation.exchange.error_messages import error_message
from ui.forms.drafts import Draft, Problem, option_path, problems_by_path, section_of, split_option_path
from ui.forms.field_specs import has_field, model_title, untouched_removed
from ui.forms.numbers import NumberRule, read_number, unread_numbers
from ui.i18n import DEFAULT_LANGUAGE, current_language, t


@dataclass(frozen=True)
class Validation:
    """One validation of a draft."""

    proposal: Proposal | None  # the validated proposal; None when there are problems
    problems: tuple[Problem, ...]
    preview: Proposal | None  # what the live preview evaluates: the proposal, or its options valid on their own
    canonical: Any  # the draft in a form that compares equal whatever the widgets' number types (Draft.baseline)

    @property
    def complete(self) -> bool:
        return self.proposal is not None

    @cached_property
    def preview_key(self) -> str:
        """The preview proposal's JSON: the key of its cached evaluation, computed once."""
        return self.preview.model_dump_json() if self.preview is not None else ""

    def by_path(self) -> dict[str, list[str]]:
        """The problems' messages under each form path, for the form's fields."""
        return problems_by_path(self.problems)


@dataclass(frozen=True)
class _Made:
    """What a validation was made of: the document, what locates its problems and their language."""

    document: dict[str, Any]
    uids: tuple[int, ...]
    is_new: bool
    id_typed: bool
    lang: str = DEFAULT_LANGUAGE


def _made_of(draft: Draft, lang: str = DEFAULT_LANGUAGE) -> _Made:
    return _Made(document=draft.document(), uids=tuple(draft.uids()), is_new=draft.is_new,
                 id_typed=bool(str(draft.doc.get("id") or "").strip()), lang=lang)


def validate(draft: Draft, lang: str | None = None) -> Validation:
    """The draft's validation: the one kept on the draft while the draft has not changed since, else a new
    one; its messages about numbers typed are in `lang` (the session's language by default)."""
    made = _made_of(draft, lang or current_language())
    kept = draft.validation
    if kept is not None and kept[0] == made:
        return kept[1]  # type: ignore[no-any-return]
    validation = _validate(draft, made)
    draft.validation = (made, validation)
    return validation


def is_dirty(draft: Draft) -> bool:
    """Whether the draft differs from what was last loaded or saved."""
    return bool(validate(draft).canonical != draft.baseline)


def loaded_draft(proposal: Proposal, *, version: int | None, status: str | None, owner: str | None = None) -> Draft:
    """The draft of a stored (hence validated) proposal, with its validation: the proposal itself."""
    draft = Draft.from_proposal(proposal, version=version, status=status, owner=owner)
    draft.validation = (_made_of(draft, current_language()),
                        Validation(proposal=proposal, problems=(), preview=proposal, canonical=draft.baseline))
    return draft


def _unread(made: _Made) -> list[Problem]:
    """A problem for every number typed that is not one (kept as typed in the draft, ui.forms.numbers)."""
    problems = [Problem(path=dotted, message=_unread_message(text, rule, made.lang), section=section_of(dotted))
                for dotted, text, rule in unread_numbers(Proposal, made.document)]
    for index, option in enumerate(made.document.get("options", [])):
        if isinstance(option, dict) and index < len(made.uids):
            for dotted, text, rule in unread_numbers(Option, option):
                path = option_path(made.uids[index], dotted)
                problems.append(Problem(path=path, message=_unread_message(text, rule, made.lang),
                                        section=section_of(path)))
    return problems


def _unread_message(text: str, rule: NumberRule, lang: str) -> str:
    return read_number(text, rule, lang).problem or ""


def _validate(draft: Draft, made: _Made) -> Validation:
    unread = _unread(made)
    try:
        proposal = Proposal.model_validate(made.document)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    else:
        if not unread:
            return Validation(proposal=proposal, problems=(), preview=proposal,
                              canonical=proposal.model_dump(mode="json"))
        errors = []  # a text such as « 2.5 » (refused in French) that pydantic reads: the form's reading wins
    located = {problem.path for problem in unread}
    problems = unread + [problem for problem in (_problem(error, made.uids, made.lang) for error in errors)
                         if problem.path not in located]
    if made.is_new and not made.id_typed and any(problem.path == "title" for problem in problems):
        # The identifier is made from the title: one message, under the title, is enough.
        problems = [problem for problem in problems if problem.path != "id"]
    unread_options = {made.uids.index(where[0]) for where in map(split_option_path, located) if where is not None}
    return Validation(proposal=None, problems=tuple(problems),
                      preview=_preview(made.document, errors, unread_options), canonical=untouched(made.document))


def untouched(document: dict[str, Any]) -> dict[str, Any]:
    """An incomplete draft's canonical form: what was typed, without the widgets' untouched values."""
    options = [untouched_removed(Option, option) for option in document.get("options", [])]
    return {**untouched_removed(Proposal, document), "options": options}


def _problem(error: Any, uids: tuple[int, ...], lang: str) -> Problem:
    loc = list(error["loc"])
    message = error_message(error, lang)
    if loc[:1] == ["options"] and len(loc) >= 2 and isinstance(loc[1], int) and loc[1] < len(uids):
        dotted = ".".join(str(part) for part in loc[2:])
        if not dotted:
            dotted = {"model_required": "model", "provider_required": "provider"}.get(error["type"], "")
        if dotted and not has_field(Option, dotted.split(".")[0]):
            dotted = ""
        path = option_path(uids[loc[1]], dotted)
        return Problem(path=path, message=message, section=section_of(path))
    if loc[:1] == ["options"] or not loc:
        return Problem(path="options", message=message, section="options")
    dotted = ".".join(str(part) for part in loc)
    return Problem(path=dotted, message=message, section=section_of(dotted))


def _preview(document: dict[str, Any], errors: list[Any], unread: set[int]) -> Proposal | None:
    """A proposal made of the options that are valid on their own (and hold no number typed that is not
    one, `unread`), for the live evaluation: problems in the proposal's own fields (an empty title...) do
    not stop the preview. None when no option with AI or rules is valid (a proposal needs one)."""
    broken = unread | {error["loc"][1] for error in errors
                       if tuple(error["loc"][:1]) == ("options",) and len(error["loc"]) >= 2}
    names: set[str] = set()
    valid: list[Option] = []
    for index, option in enumerate(document["options"]):
        if index in broken:
            continue
        try:
            parsed = Option.model_validate(option)
        except ValidationError:  # pragma: no cover - an option without located errors validates
            continue
        if parsed.name not in names:
            names.add(parsed.name)
            valid.append(parsed)
    if not any(option.kind is not OptionKind.NON_AI for option in valid):
        return None
    # Its parts are validated (the options above, a fixed identifier and title): no second validation.
    return Proposal.model_construct(id="apercu", title="Aperçu", options=valid)


def problem_label(draft: Draft, problem: Problem, lang: str) -> str:
    """Where a problem is, for the summary: `Option « API » › Usage prévu › Utilisateurs`."""
    located = split_option_path(problem.path)
    if located is None:
        if problem.path in ("", "options"):
            return ""
        return model_title(Proposal, problem.path, lang)
    uid, dotted = located
    try:
        name = str(draft.option(uid).get("name") or "").strip()
        where = f"Option « {name} »" if name else t("forms.options.numbered", number=draft.index_of(uid) + 1,
                                                      lang=lang)
    except KeyError:
        where = "Option « ? »"
    if dotted and has_field(Option, dotted):
        where += " › " + model_title(Option, dotted, lang)
    return where
