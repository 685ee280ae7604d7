"""What the first session's script run would otherwise do on a server just started, done in the background as
soon as the server is up, while the browser loads Streamlit's front end (about 1.7 s on the project's machine).

Found by profiling that first run (PYTHONPROFILEIMPORTTIME and cProfile, BENCHMARKS.md §4.1, session 8): it spent
most of its time on work done once per process, not on the sign-in page:
- imports: Streamlit's favicon handling imports numpy and Pillow (even for a data URL), its icon checks the emoji
  and Material icon name tables; the account count imports SQLAlchemy; the data module;
- the texts: every locale file parsed, in both languages (the sign-in page names controls in each);
- the database's dialect and driver, loaded by SQLAlchemy on the first engine;
- the module table of `inspect`: on its first element, Streamlit looks at the call stack (`env_util.is_repl`),
  and `inspect` then maps every loaded module to its file.

None of this changes what a page shows: a step that fails here is simply done again, by the script run that needs
it, which reports its error as it always did.
"""

from __future__ import annotations

import importlib
import inspect
import threading
from collections.abc import Callable

# Set when a server starts (dashboard.py's lifespan calls start()); a script run by AppTest, in the tests, has no
# server: ui.data's warm-up, which would evaluate the portfolio in the background, stays off there.
server_started = threading.Event()

IMPORTS = ("numpy", "PIL.Image", "streamlit.emojis", "streamlit.material_icon_names", "evaluation.config",
           "evaluation.storage.account_count", "ui.data")


def _imports() -> None:
    for name in IMPORTS:
        importlib.import_module(name)


def _texts() -> None:
    from ui.i18n import LANGUAGES, catalog

    for lang in LANGUAGES:
        catalog(lang)


def _database_driver() -> None:
    from evaluation.config import database_url
    from evaluation.storage.database import normalise_url

    normalise_url(database_url()).get_dialect().import_dbapi()


def _module_table() -> None:
    inspect.getmodule(_module_table.__code__)  # a code object: `inspect` goes through every module to place it


STEPS: tuple[Callable[[], None], ...] = (_imports, _texts, _database_driver, _module_table)


def prepare() -> None:
    """Every step in turn; one that fails is left to the script run."""
    for step in STEPS:
        try:
            step()
        except Exception:  # noqa: BLE001, S112 - the script run does it again and shows the error
            continue


def start() -> threading.Thread:
    """prepare() in a background thread, started and returned; marks the process as a server's."""
    server_started.set()
    thread = threading.Thread(target=prepare, name="jauge-first-run", daemon=True)
    thread.start()
    return thread
