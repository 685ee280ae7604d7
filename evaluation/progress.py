"""Progress of long work (an import of thousands of proposals, a portfolio's first evaluation), told to
whoever shows it: a terminal's bar (evaluation/cli/progress.py) or the dashboard's (st.progress).

The engine only calls `progress(done, total, what)`: `done` out of `total` units of work, `what` a short
French label of the stage; no display here."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]
EVALUATION_STAGES = ("empreinte", "coûts et bénéfices", "liste de contrôle", "matrice")


def no_progress(done: int, total: int, what: str) -> None:
    """The progress of work nobody watches."""
