"""A throwaway PostgreSQL server for tests, started with Debian's binaries.

As a script (for CI or by hand), with a state file of its own for each run:
    python tests/support/postgres_server.py start --state FILE   # prints the URL, leaves the server running
    python tests/support/postgres_server.py url --state FILE
    python tests/support/postgres_server.py stop --state FILE    # stops the server FILE describes, only that one
FILE (or JAUGE_PG_STATE_FILE) holds the server's data directory, port and pid. There is no shared default:
two runs on one host (two CI runs, a developer and CI) each name their own file and cannot stop each
other's server. `start` without a state file writes a new one in a new temporary directory and says where
on stderr. `start` with the file of a server still alive (its postmaster answers a query on its port)
reuses it; the file of a dead server is replaced by a new server's.

From Python: `server = start_server()`, `server.url`, `is_alive(server)`, `stop_server(server)`.

PostgreSQL refuses to run as root, so when we are root the binaries run as the `postgres` system
user (`runuser -u postgres --`) in a temporary directory it owns. The server listens on a free port
of 127.0.0.1 with trust authentication and durability switched off (fsync=off): test data only.

pytest-postgresql was weighed and not used: its `postgresql_proc` runs initdb and pg_ctl as the current
user, which PostgreSQL refuses as root (CI runs as root), and CI needs a server that outlives one pytest
process (`make lint` then `make test` against one URL).
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

import psycopg

STATE_VARIABLE = "JAUGE_PG_STATE_FILE"
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


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def is_alive(server: Server) -> bool:
    """The server of this state still runs: its postmaster (the pid its data directory names) is alive
    and answers a query on its port."""
    pid_file = Path(server.data_dir) / "postmaster.pid"
    try:
        recorded = int(pid_file.read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return False
    if recorded != server.pid or not _pid_alive(server.pid):
        return False
    try:
        with psycopg.connect(host="127.0.0.1", port=server.port, user=SUPERUSER, dbname="postgres",
                             connect_timeout=5) as connection:
            return connection.execute("SELECT 1").fetchone() == (1,)
    except psycopg.Error:
        return False


def stop_server(server: Server) -> None:
    """pg_ctl stop (fast) of this server's data directory, then remove its temporary directory."""
    try:
        if (Path(server.data_dir) / "postmaster.pid").exists():
            _run([*_as_server_user(), str(find_bin_dir() / "pg_ctl"), "-D", server.data_dir, "-m", "fast", "-w",
                  "stop"], what="pg_ctl stop", timeout=60)
    finally:
        shutil.rmtree(server.base_dir, ignore_errors=True)


def _read_state(path: Path) -> Server | None:
    try:
        return Server(**json.loads(path.read_text()))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as exc:
        raise ServerError(f"fichier d'état illisible : {path} ({exc})") from exc


def _state_path(given: str | None, *, create: bool) -> Path | None:
    if given or os.environ.get(STATE_VARIABLE):
        return Path(given or os.environ[STATE_VARIABLE])
    if not create:
        return None
    path = Path(tempfile.mkdtemp(prefix="jauge-pg-state-")) / "server.json"
    print(f"fichier d'état : {path} (arrêt : python tests/support/postgres_server.py stop --state {path})",
          file=sys.stderr)
    return path


def _start(state: Path) -> int:
    previous = _read_state(state)
    if previous is not None:
        if is_alive(previous):
            print(previous.url)
            return 0
        print(f"le serveur décrit par {state} ne répond plus : un nouveau serveur est démarré", file=sys.stderr)
        try:  # a postmaster still there but not answering is stopped; a dead one leaves only its directory
            stop_server(previous)
        except ServerError as exc:
            print(f"(arrêt de l'ancien serveur : {exc})", file=sys.stderr)
    server = start_server()
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps(asdict(server)))
    print(server.url)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serveur PostgreSQL jetable pour les tests de Jauge.")
    parser.add_argument("action", choices=("start", "stop", "url"))
    parser.add_argument("--state", help=f"fichier d'état de ce serveur (à défaut : ${STATE_VARIABLE})")
    args = parser.parse_args(argv)
    state = _state_path(args.state, create=args.action == "start")
    if state is None:
        print(f"erreur : indiquez le fichier d'état du serveur (--state FICHIER ou ${STATE_VARIABLE})",
              file=sys.stderr)
        return 2
    try:
        if args.action == "start":
            return _start(state)
        server = _read_state(state)
        if server is None:
            print(f"aucun serveur décrit par {state}", file=sys.stderr)
            return 1
        if args.action == "url":
            print(server.url)
            return 0 if is_alive(server) else 1
        stop_server(server)
    except ServerError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    state.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
