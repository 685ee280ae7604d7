"""A throwaway PostgreSQL server for tests, started with Debian's binaries.

As a script (for CI or by hand):
    python tests/support/postgres_server.py start   # prints the URL, leaves the server running
    python tests/support/postgres_server.py stop
The state (data directory, port, pid) is kept in /tmp/jauge-postgres-server.json (or in the file
named by JAUGE_PG_STATE_FILE).

From Python: `server = start_server()`, `server.url`, `stop_server(server)`.

PostgreSQL refuses to run as root, so when we are root the binaries run as the `postgres` system
user (`runuser -u postgres --`) in a temporary directory it owns. The server listens on a free port
of 127.0.0.1 with trust authentication and durability switched off (fsync=off): test data only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

STATE_FILE = Path(os.environ.get("JAUGE_PG_STATE_FILE", Path(tempfile.gettempdir()) / "jauge-postgres-server.json"))
SYSTEM_USER = "postgres"
SUPERUSER = "postgres"


class ServerError(RuntimeError):
    """The server could not be started or stopped; the message says why."""


@dataclass(frozen=True)
class Server:
    url: str
    port: int
    base_dir: str
    data_dir: str
    pid: int


def find_bin_dir() -> Path:
    """Debian's PostgreSQL binaries (the newest version installed), or those on PATH."""
    explicit = os.environ.get("JAUGE_PG_BIN")
    candidates = [Path(explicit)] if explicit else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    for candidate in candidates:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise ServerError("binaires PostgreSQL introuvables (initdb, pg_ctl) : installez le paquet postgresql "
                      "ou indiquez leur dossier dans JAUGE_PG_BIN")


def _as_server_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ServerError("runuser introuvable : impossible de lancer PostgreSQL sous l'utilisateur postgres")
    return [runuser, "-u", SYSTEM_USER, "--"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run(command: list[str], *, what: str, timeout: float = 120) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ServerError(f"{what} : {exc}") from exc
    if result.returncode != 0:
        raise ServerError(f"{what} a échoué (code {result.returncode}) : {(result.stderr or result.stdout).strip()}")


def _wait_for_connections(port: int, *, deadline_s: float = 30) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise ServerError(f"le serveur PostgreSQL ne répond pas sur le port {port}")


def start_server() -> Server:
    """initdb + pg_ctl start in a new temporary directory; returns once the server accepts connections."""
    bin_dir = find_bin_dir()
    prefix = _as_server_user()
    base = Path(tempfile.mkdtemp(prefix="jauge-pg-"))
    data_dir = base / "data"
    log_file = base / "server.log"
    if prefix:
        shutil.chown(base, user=SYSTEM_USER, group=None)
    try:
        _run([*prefix, str(bin_dir / "initdb"), "-D", str(data_dir), "-U", SUPERUSER, "--auth=trust",
              "--encoding=UTF8", "--no-sync", "--no-instructions"], what="initdb")
        port = _free_port()
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -k {base} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=100")
        _run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-l", str(log_file), "-o", options,
              "-w", "-t", "60", "start"], what="pg_ctl start")
        _wait_for_connections(port)
        pid = int((data_dir / "postmaster.pid").read_text().splitlines()[0])
    except BaseException as exc:
        log = log_file.read_text(errors="replace")[-2000:] if log_file.exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        if isinstance(exc, ServerError) and log:
            raise ServerError(f"{exc}\n--- journal du serveur ---\n{log}") from exc
        raise
    return Server(url=f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres", port=port,
                  base_dir=str(base), data_dir=str(data_dir), pid=pid)


def stop_server(server: Server) -> None:
    """pg_ctl stop (fast), then remove the temporary directory."""
    try:
        if Path(server.data_dir).exists():
            _run([*_as_server_user(), str(find_bin_dir() / "pg_ctl"), "-D", server.data_dir, "-m", "fast", "-w",
                  "stop"], what="pg_ctl stop", timeout=60)
    finally:
        shutil.rmtree(server.base_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serveur PostgreSQL jetable pour les tests de Jauge.")
    parser.add_argument("action", choices=("start", "stop", "url"))
    args = parser.parse_args(argv)
    if args.action == "start":
        if STATE_FILE.exists():
            server = Server(**json.loads(STATE_FILE.read_text()))
            if Path(server.data_dir).exists():
                print(server.url)
                return 0
        try:
            server = start_server()
        except ServerError as exc:
            print(f"erreur : {exc}", file=sys.stderr)
            return 1
        STATE_FILE.write_text(json.dumps(asdict(server)))
        print(server.url)
        return 0
    if not STATE_FILE.exists():
        print("aucun serveur démarré par ce script", file=sys.stderr)
        return 1
    server = Server(**json.loads(STATE_FILE.read_text()))
    if args.action == "url":
        print(server.url)
        return 0
    try:
        stop_server(server)
    except ServerError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    STATE_FILE.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
