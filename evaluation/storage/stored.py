"""What the repositories take and return (the `Stored*` models and a few others), and the storage errors
(no SQLAlchemy here). The workflow vocabulary (statuses, roles...) lives in evaluation.domain.workflow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict

from evaluation.domain.actuals import ActualPeriod, ActualSource, ServiceChange, ServiceStatus
from evaluation.domain.proposal import Category, Proposal
from evaluation.domain.settings import Settings
from evaluation.domain.workflow import EntityType, Opinion, Outcome, Role, Status
from evaluation.exchange.settings_file import settings_from_data

STORED = ConfigDict(extra="forbid", frozen=True)  # every model below
# The workflow state of a proposal that the portfolio shows beside its evaluation (one value per proposal).
WORKFLOW_COLUMNS = ("status", "outcome", "version", "updated_at", "updated_by", "sponsor")


class StoredProposal(BaseModel):
    """A proposal as stored: the document and its workflow state."""

    model_config = STORED

    proposal: Proposal
    status: Status
    outcome: Outcome | None
    version: int
    parent_id: str | None
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str


class ProposalSummary(BaseModel):
    """One row of the portfolio table (the content is not loaded)."""

    model_config = STORED

    id: str
    title: str
    direction: str
    sponsor: str
    category: Category
    status: Status
    outcome: Outcome | None
    version: int
    parent_id: str | None
    created_by: str
    updated_at: dt.datetime
    updated_by: str


class PortfolioVersion(BaseModel):
    """What the portfolio shown by the dashboard depends on, read in one cheap query.

    Every write to a proposal (creation, content, status, review with a status change, decision,
    import, new version) adds a proposal or raises its `version`, so `proposals` + `version_sum`
    change with it; `updated_at` is the newest change; `settings` the newest settings version.
    """

    model_config = STORED

    proposals: int  # number of stored proposals
    version_sum: int  # sum of their versions
    updated_at: dt.datetime | None  # newest proposal change (UTC); None while there is none
    settings: int  # newest settings version; 0 while the administrator saved none

    @property
    def key(self) -> str:
        """The proposals' part as one string (the settings version is kept apart)."""
        stamp = self.updated_at.isoformat() if self.updated_at else "-"
        return f"{self.proposals}.{self.version_sum}.{stamp}"


@dataclass(frozen=True)
class PortfolioSource:
    """Every stored proposal, ordered by id, read in one transaction, without pydantic.

    `documents` are the JSON documents as stored (validated when written; fields left to their
    default are absent, see evaluation.exchange.documents.proposal_document); `workflow` holds one
    list per column, aligned with them: `id`, then WORKFLOW_COLUMNS.
    """

    documents: list[dict[str, Any]]
    workflow: dict[str, list[Any]]


class ImportResult(BaseModel):
    """Ids created and replaced by an import, in file order."""

    model_config = STORED

    created: list[str]
    replaced: list[str]


class StoredReview(BaseModel):
    """An opinion (avis DSI) on one option."""

    model_config = STORED

    id: int
    proposal_id: str
    proposal_version: int
    option: str
    opinion: Opinion
    comment: str
    author: str
    created_at: dt.datetime


class ReviewInput(BaseModel):
    """One opinion to store with `Repository.add_reviews`."""

    model_config = STORED

    option: str
    opinion: Opinion
    comment: str = ""


class StoredDecision(BaseModel):
    """A decision with the evaluation, settings and method versions it was taken on, as stored."""

    model_config = STORED

    id: int
    proposal_id: str
    proposal_version: int
    outcome: Outcome
    chosen_option: str | None
    motivation: str
    acknowledged: list[str]
    evaluation: Any
    settings: dict[str, Any]
    method_versions: dict[str, Any]
    author: str
    created_at: dt.datetime


class ConditionInput(BaseModel):
    """One condition to store with a decision "approuvé sous conditions" (`Repository.add_decision`)."""

    model_config = STORED

    text: str
    owner: str
    due_date: dt.date


class StoredCondition(BaseModel):
    """A condition of a decision: what, who must meet it, by when; when it was met, by whom, with what comment."""

    model_config = STORED

    id: int
    proposal_id: str
    decision_id: int
    text: str
    owner: str
    due_date: dt.date
    met_at: dt.datetime | None
    met_by: str | None
    met_comment: str | None

    @property
    def met(self) -> bool:
        return self.met_at is not None

    def past_due(self, today: dt.date) -> bool:
        """Still open after its due date."""
        return self.met_at is None and self.due_date < today


class FieldChange(BaseModel):
    """One field an audited change modified: its path in the document (`options[1].usage.users`), before, after
    (None when the field was absent)."""

    model_config = STORED

    field: str
    before: Any
    after: Any


class AuditEvent(BaseModel):
    """One append-only entry of the audit trail."""

    model_config = STORED

    id: int
    at: dt.datetime
    actor: str
    entity_type: EntityType
    entity_id: str
    proposal_id: str | None
    action: str
    before: Any
    after: Any
    changes: list[FieldChange] = []


class StoredConflict(BaseModel):
    """Content refused by an edit conflict, kept so that nothing typed is lost."""

    model_config = STORED

    id: int
    entity_type: EntityType
    entity_id: str
    expected_version: int | None
    stored_version: int
    content: Any
    actor: str
    created_at: dt.datetime

    @property
    def proposal_id(self) -> str:
        return self.entity_id

    def proposal(self) -> Proposal:
        """The rejected proposal document, validated."""
        return Proposal.model_validate(self.content)


class StoredSettings(BaseModel):
    """One version of the collectivité's settings document."""

    model_config = STORED

    version: int
    document: dict[str, Any]
    created_at: dt.datetime
    created_by: str

    def settings(self) -> Settings:
        """The document validated as `Settings` (French InvalidFileError if it no longer fits the model)."""
        return settings_from_data(self.document, file="paramètres enregistrés")


class StoredUser(BaseModel):
    """An account as the application sees it: never the password nor its hash."""

    model_config = STORED

    id: int
    login: str
    name: str
    roles: list[Role]
    active: bool
    failed_sign_ins: int
    locked_until: dt.datetime | None
    last_sign_in_at: dt.datetime | None
    version: int
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str

    def has_role(self, role: Role | str) -> bool:
        return Role(role) in self.roles


class StoredServiceChange(BaseModel):
    """A change of an approved option's service status, as stored."""

    model_config = STORED

    id: int
    proposal_id: str
    option: str
    status: ServiceStatus
    on: dt.date
    reason: str
    actor: str
    created_at: dt.datetime

    def change(self) -> ServiceChange:
        return ServiceChange(status=self.status, on=self.on, reason=self.reason)


class StoredActualImport(BaseModel):
    """One imported file of actual usage: its periods, how many were new, replaced or already stored
    unchanged, and the billed model names EcoLogits does not know."""

    model_config = STORED

    id: int
    proposal_id: str
    option: str
    source: ActualSource
    file_name: str
    content_sha256: str
    periods: int
    added: int
    replaced: int
    unchanged: int
    unmapped_models: list[str]
    actor: str
    created_at: dt.datetime


class StoredActualPeriod(ActualPeriod):
    """One period of an option's actual usage, as stored (the import that last wrote it)."""

    model_config = STORED

    id: int
    import_id: int
    proposal_id: str
    option: str

    def period(self) -> ActualPeriod:
        return ActualPeriod.model_validate(self.model_dump(exclude={"id", "import_id", "proposal_id", "option"}))


def paris_time(at: dt.datetime) -> str:
    """`21/11/2025 à 14:03` in French local time (UTC when the time zone database is missing)."""
    try:
        local = at.astimezone(ZoneInfo("Europe/Paris"))
    except ZoneInfoNotFoundError:  # pragma: no cover - depends on the system's tzdata
        local = at.astimezone(dt.UTC)
    return local.strftime("%d/%m/%Y à %H:%M")


class StorageError(RuntimeError):
    """Base of the errors raised by the repository; the message is French, for people."""


class NotFound(StorageError, LookupError):
    """The proposal (or option, user, version) asked for is not stored."""


class AlreadyExists(StorageError):
    """An account with this login (or another unique name) is already stored."""


class ConditionAlreadyMet(StorageError):
    """The condition was marked met before (by someone else, perhaps): the first record stays."""


class ReadOnlyProposal(StorageError):
    """A decided proposal cannot be changed; a new version reopens it as a draft."""

    def __init__(self, proposal_id: str) -> None:
        self.proposal_id = proposal_id
        super().__init__(
            f"Le dossier « {proposal_id} » est décidé : il est en lecture seule. "
            "Créez-en une nouvelle version pour le modifier."
        )


class EditConflict(StorageError):
    """Someone saved after the version being edited was loaded; the refused content is kept."""

    def __init__(
        self,
        *,
        entity_type: EntityType,
        entity_id: str,
        expected_version: int | None,
        stored_version: int,
        saved_by: str,
        saved_at: dt.datetime,
        conflict_id: int,
    ) -> None:
        self.entity_type = entity_type
        self.entity_id = entity_id
        self.expected_version = expected_version
        self.stored_version = stored_version
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.conflict_id = conflict_id
        super().__init__(self._message())

    @property
    def proposal_id(self) -> str:
        return self.entity_id

    def _message(self) -> str:
        when = paris_time(self.saved_at)
        if self.entity_type is EntityType.SETTINGS:
            what = f"Les paramètres ont été modifiés par {self.saved_by} le {when} (version {self.stored_version})"
        elif self.entity_type is EntityType.USER:
            what = (f"Le compte « {self.entity_id} » a été modifié par {self.saved_by} le {when} "
                    f"(version {self.stored_version})")
        elif self.expected_version is None:
            what = (f"Un dossier « {self.entity_id} » existe déjà : il a été enregistré par {self.saved_by} "
                    f"le {when} (version {self.stored_version})")
        else:
            what = (f"Le dossier « {self.entity_id} » a été modifié par {self.saved_by} le {when} "
                    f"(version {self.stored_version})")
        if self.expected_version is not None:
            what += f" après que vous l'avez ouvert (version {self.expected_version})"
        return (f"{what}. Vos modifications n'ont pas été appliquées ; elles sont conservées à part "
                f"(conflit n° {self.conflict_id}). Rechargez pour les reporter.")
