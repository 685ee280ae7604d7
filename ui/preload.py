"""Streamlit's front-end modules the page after sign-in draws with, fetched by the browser while the person
signs in (issue 18: sign-in to portfolio). Drawn by dashboard.py on the sign-in page, and by the benchmark's
floor app (scripts/streamlit_floor.py), so that both are measured with the same browser work. Imports nothing
but the standard library and, lazily, Streamlit's location."""

from __future__ import annotations

import functools
from pathlib import Path

# The portfolio's modules (found by listing the scripts Chromium fetches after sign-in): the small ones
# first, then the chart library (4.7 MB of script).
PRELOADED_MODULES = ("Button", "Multiselect", "Checkbox", "Metric", "DataFrame", "PlotlyChart")


@functools.cache
def preloaded_chunks() -> tuple[str, ...]:
    """The file names of those modules in this Streamlit; () when its layout differs (nothing preloaded)."""
    import streamlit

    folder = Path(streamlit.__file__).parent / "static" / "static" / "js"
    found = [sorted(folder.glob(f"{name}.*.js")) for name in PRELOADED_MODULES]
    return tuple(files[0].name for files in found) if all(len(files) == 1 for files in found) else ()


@functools.cache
def preload_script() -> str:
    """A script importing those modules (Streamlit's own chunks, served by this server) one after the other,
    once the browser is idle; "" when there is nothing to preload."""
    if not preloaded_chunks():
        return ""
    names = ", ".join(f"'{name}'" for name in preloaded_chunks())
    load = ("async () => { for (const name of [" + names + "]) {"
            " await import(new URL('static/js/' + name, document.baseURI).href).catch(() => undefined); } }")
    # a second after the page appears, when the browser is idle: the sign-in form is drawn first
    return f"<script>setTimeout(() => (window.requestIdleCallback || setTimeout)({load}), 1000);</script>"
