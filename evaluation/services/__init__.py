"""The service layer: the rules of who may do what, and when, enforced above the repository.

- permissions: roles, actions, the permission table, PermissionDenied;
- workflow: `Workflow(repository)` with submit, start_review, give_opinions, decide, new_version...;
- decision_checks: what a decision must satisfy (checklist issues, French problems) and what it freezes;
- accounts: `Accounts(repository)` with create, sign_in (argon2, throttled), roles.
See docs/storage-api.md.
"""
