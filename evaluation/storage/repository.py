"""The storage API the application calls: `Repository`, every aggregate's repository in one object.

Each aggregate keeps its own small repository in evaluation.storage.repositories (one module each);
`Repository` inherits them all, so `repo.save_proposal(...)`, `repo.add_decision(...)`,
`repo.record_sign_in(...)` are methods of one object sharing one engine. Every write is one
transaction that includes its audit event(s), and nothing but `Stored*` models (evaluation.storage.stored)
or plain values leaves the package.
"""

from __future__ import annotations

from evaluation.storage.repositories.actuals import ActualsRepository
from evaluation.storage.repositories.audit import AuditRepository
from evaluation.storage.repositories.autosaves import AutosaveRepository
from evaluation.storage.repositories.conditions import ConditionRepository
from evaluation.storage.repositories.cookie_codes import CookieCodeRepository
from evaluation.storage.repositories.current_uses import CurrentUseRepository
from evaluation.storage.repositories.decisions import DecisionRepository
from evaluation.storage.repositories.imports import ImportRepository
from evaluation.storage.repositories.portfolio import PortfolioRepository
from evaluation.storage.repositories.proposals import ProposalRepository
from evaluation.storage.repositories.register import RegisterRepository
from evaluation.storage.repositories.remembered_sign_ins import RememberedSignInRepository
from evaluation.storage.repositories.reviews import ReviewRepository
from evaluation.storage.repositories.settings import SettingsRepository
from evaluation.storage.repositories.sign_ins import SignInRepository
from evaluation.storage.repositories.users import UserRepository


class Repository(
    ProposalRepository,
    PortfolioRepository,
    ImportRepository,
    ReviewRepository,
    DecisionRepository,
    RegisterRepository,
    CurrentUseRepository,
    ConditionRepository,
    SettingsRepository,
    UserRepository,
    SignInRepository,
    ActualsRepository,
    AuditRepository,
    AutosaveRepository,
    CookieCodeRepository,
    RememberedSignInRepository,
):
    """Service-free persistence API; open it with `evaluation.storage.open_repository`."""
