"""What a server just started prepares for the first session (ui/first_run.py): once it is done, the first
script run imports nothing heavy and parses no text file. Each test runs in a new interpreter, as a server
starts: this test process has long imported everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.app.forms_harness import DASHBOARD

ROOT = DASHBOARD.parent

# What the first run may still import once ui/first_run.py is done, outside the project's own modules (the
# sign-in page's): small modules, each measured under 2 ms on the project's machine (PYTHONPROFILEIMPORTTIME),
# and the test harness's own.
SMALL = {"PIL.ImageFile", "streamlit.runtime.scriptrunner.magic_funcs"}
TEST_HARNESS = ("packaging", "streamlit.components.v2.manifest_scanner")

_FIRST_RUN = """
import json, sys
import dashboard  # as `streamlit run` does: the server's module, with its lifespan
import asyncio
from ui import first_run, i18n

async def serve():
    async with dashboard._lifespan(dashboard.app):
        pass

threads = []
first_run_start = first_run.start
first_run.start = lambda: threads.append(first_run_start()) or threads[-1]
asyncio.run(serve())
for thread in threads:
    thread.join(120)
from ui import data
data.warm_up = lambda: None  # what the portfolio needs, prepared after the first page: not the first run's
from streamlit.testing.v1 import AppTest
import unittest.mock  # the test harness's own (AppTest patches with it)
at = AppTest.from_file("dashboard.py", default_timeout=120)
prepared = set(sys.modules)
texts_cached = i18n.catalog.cache_info().currsize

at.run()
print(json.dumps({"threads": [t.name for t in threads], "texts_cached": texts_cached,
                  "new": sorted(set(sys.modules) - prepared), "titles": [t.value for t in at.title],
                  "errors": [str(e.value) for e in at.exception], "parsed_after": i18n.catalog.cache_info().misses}))
"""


def _run(code: str, tmp_path: Path) -> dict[str, object]:
    env = {**os.environ, "JAUGE_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("JAUGE_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,  # noqa: S603
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_server_s_start_prepares_what_the_first_sign_in_page_would_import_and_parse(tmp_path: Path) -> None:
    result = _run(_FIRST_RUN, tmp_path)
    assert result["threads"] == ["jauge-first-run"]  # the server's lifespan starts it
    assert result["texts_cached"] == 2  # both languages' texts parsed before any session
    assert result["titles"] == ["Connexion"] and result["errors"] == []
    assert result["parsed_after"] == 2  # the first run parsed no text file again
    new = [str(name) for name in result["new"]]  # type: ignore[attr-defined]
    heavy = [name for name in new if not name.startswith(("ui.", "evaluation."))
             and name not in SMALL and not name.startswith(TEST_HARNESS)]
    assert heavy == [], f"imported by the first script run, not by ui/first_run.py: {heavy}"


_FAILING_STEP = """
import json
from ui import first_run
done = []
def broken():
    raise RuntimeError("the database is not there")
first_run.STEPS = (broken, lambda: done.append("next"))
first_run.prepare()
print(json.dumps({"done": done}))
"""


def test_a_failing_step_is_left_to_the_script_run_and_the_next_steps_still_run(tmp_path: Path) -> None:
    assert _run(_FAILING_STEP, tmp_path) == {"done": ["next"]}
