"""Dashboard servers for the scripts that measure Jauge in a browser (bench_dashboard.py, load_test.py):
`streamlit run dashboard.py` on a free loopback port, ready when /_stcore/health answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
START_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(address: str, process: subprocess.Popen[bytes], log: Path,
                 timeout_s: float = START_TIMEOUT_S) -> None:
    """Return once `address`/_stcore/health answers 200; raise with the end of the log if the server stops
    or does not answer within `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit stopped (code {process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{address}/_stcore/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer:\n{log.read_text()[-3000:]}") from None
            time.sleep(0.02)


@contextmanager
def dashboard_server(env: dict[str, str], log: Path, *, port: int | None = None,
                     script: Path = ROOT / "dashboard.py") -> Iterator[tuple[str, float]]:
    """`streamlit run dashboard.py` (or another `script`) on 127.0.0.1 (`port`, or a free one) with `env` added
    to this process's environment; yields (its address, the time.monotonic() of its launch) once it is healthy,
    stops it after."""
    port = port or free_port()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    with log.open("wb") as out:
        launched = time.monotonic()
        process = subprocess.Popen(  # noqa: S603 - fixed command line
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)
    address = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(address, process, log)
        yield address, launched
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
