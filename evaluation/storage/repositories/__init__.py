"""One small repository per aggregate; `evaluation.storage.repository.Repository` composes them.

- base: the engine's transactions (`Store`), bulk inserts, rows to `Stored*` models, edit conflicts;
- audit: the append-only trail (its writer and its reader);
- proposals: one proposal (save, get, status, copy as draft); portfolio: every proposal at once
  (summaries, documents, version); imports: many proposals from a file;
- reviews, decisions, settings, users, sign_ins.
See docs/storage-api.md.
"""
