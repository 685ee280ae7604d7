"""Progress of long work: the evaluation's steps, and the terminal bar (only on a terminal)."""

from __future__ import annotations

import io

from evaluation.cli.progress import TerminalBar, terminal_progress
from evaluation.cli.synthetic import synthetic_proposals
from evaluation.domain.settings import Settings
from evaluation.pipeline.evaluate import build_context, evaluate_frame
from evaluation.progress import EVALUATION_STAGES, no_progress
from evaluation.table.build import options_frame


def test_the_evaluation_tells_each_step_then_the_end(settings: Settings) -> None:
    calls: list[tuple[int, int, str]] = []
    frame = options_frame(synthetic_proposals(30, seed=3), settings)
    evaluate_frame(frame, build_context(settings), lambda *call: calls.append(call))
    assert calls == [(0, 4, EVALUATION_STAGES[0]), (1, 4, EVALUATION_STAGES[1]), (2, 4, EVALUATION_STAGES[2]),
                     (3, 4, EVALUATION_STAGES[3]), (4, 4, "")]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_standard_error_is_not_a_terminal() -> None:
    assert terminal_progress("Import", io.StringIO()) is no_progress


def test_the_bar_is_drawn_in_place_and_ends_with_a_new_line() -> None:
    terminal = _Terminal()
    bar = terminal_progress("Import", terminal)
    assert isinstance(bar, TerminalBar)
    bar(0, 4, "empreinte")
    bar.last = 0.0  # as if a tenth of a second had passed
    bar(1, 4, "coûts et bénéfices")
    bar(4, 4, "")
    bar(4, 4, "")  # told twice: drawn once
    text = terminal.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1
    assert "Import [" + "#" * 8 + "-" * 22 + "]  25% coûts et bénéfices" in text
    assert "[" + "#" * 30 + "] 100%" in text


def test_the_bar_is_not_redrawn_more_than_ten_times_a_second() -> None:
    terminal = _Terminal()
    bar = TerminalBar(terminal, "Évaluation")
    for done in range(100):
        bar(done, 1000, "")
    assert terminal.getvalue().count("\r") == 1
