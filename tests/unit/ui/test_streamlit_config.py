"""Issue 19, items 5 and 1: the browser never sees a traceback (server paths, internals), and Streamlit takes
no upload larger than the parsers accept."""

from __future__ import annotations

import tomllib

from evaluation.exchange.spreadsheets import MAX_FILE_BYTES
from evaluation.resources import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_an_uncaught_error_shows_no_details_in_the_browser() -> None:
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_the_upload_limit_is_the_parsers_limit() -> None:
    assert CONFIG["server"]["maxUploadSize"] * 2**20 == MAX_FILE_BYTES


def test_the_protections_streamlit_offers_stay_on() -> None:
    assert CONFIG["server"].get("enableXsrfProtection", True) is True
    assert CONFIG["server"].get("enableCORS", True) is True
