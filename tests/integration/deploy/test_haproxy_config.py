"""The shipped HAProxy configuration (deploy/haproxy/), run by Debian's haproxy in front of two small
HTTP servers standing in for the dashboards: it is valid, sets the security headers on every answer, keeps
a browser on the server that opened its session (the JAUGE_SERVER cookie), spreads new browsers, takes a
server that fails its health check out, and with tls.cfg serves HTTPS and redirects plain HTTP."""

from __future__ import annotations

import http.client
import http.server
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from evaluation.resources import ROOT

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
CONFIG = ROOT / "deploy" / "haproxy" / "jauge.cfg"
TLS_CONFIG = ROOT / "deploy" / "haproxy" / "tls.cfg"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Backend(http.server.ThreadingHTTPServer):
    name: str
    healthy: bool


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Backend

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        if self.path == "/_stcore/health" and not self.server.healthy:
            self.send_response(503)
            self.end_headers()
            return
        body = self.server.name.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        # what the dashboard's cookie route is told of the browser's scheme (Secure cookies over HTTPS)
        self.send_header("X-Seen-Proto", self.headers.get("X-Forwarded-Proto", "absent"))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard library's signature
        return


@contextmanager
def _backend(name: str) -> Iterator[_Backend]:
    server = _Backend(("127.0.0.1", 0), _Handler)
    server.name, server.healthy = name, True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _address(server: _Backend) -> str:
    host, port = server.server_address[:2]
    return f"{host!s}:{port}"


@contextmanager
def _haproxy(tmp_path: Path, env: dict[str, str], *files: Path) -> Iterator[None]:
    if not Path(HAPROXY).is_file():
        pytest.fail(f"haproxy is required for the deployment tests: {HAPROXY} is missing (apt install haproxy)")
    global_file = tmp_path / "global.cfg"
    global_file.write_text("global\n    log stdout format raw local0\n", encoding="utf-8")
    arguments = [HAPROXY, "-f", str(global_file), *(part for file in files for part in ("-f", str(file)))]
    environment = {**os.environ, **env}
    check = subprocess.run([*arguments, "-c"], env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    assert check.returncode == 0, check.stdout + check.stderr
    log = tmp_path / "haproxy.log"
    with log.open("wb") as out:
        process = subprocess.Popen([*arguments, "-db"], env=environment, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        port = int(env["JAUGE_HTTP_BIND"].rsplit(":", 1)[1])
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, log.read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"haproxy does not listen:\n{log.read_text()}"
                time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(port: int, path: str = "/", cookie: str | None = None,
         headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _body(port: int, cookie: str | None = None) -> tuple[str, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/", headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return body, response.getheader("Set-Cookie")


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[tuple[int, _Backend, _Backend]]:
    port = _free_port()
    with _backend("un") as one, _backend("deux") as two:
        env = {"JAUGE_HTTP_BIND": f"127.0.0.1:{port}", "JAUGE_SERVER_1": _address(one),
               "JAUGE_SERVER_2": _address(two)}
        with _haproxy(tmp_path, env, CONFIG):
            yield port, one, two


def test_every_answer_carries_the_security_headers(proxy: tuple[int, _Backend, _Backend]) -> None:
    port, _, _ = proxy
    response = _get(port)
    assert response.status == 200
    policy = response.getheader("Content-Security-Policy") or ""
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert all("http" not in source for sources in directives.values() for source in sources)  # no outside host
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"
    assert response.getheader("Strict-Transport-Security") is None  # plain HTTP: only with tls.cfg


def test_the_dashboard_is_told_the_browser_came_over_plain_http_whatever_the_browser_says(
        proxy: tuple[int, _Backend, _Backend]) -> None:
    port, _, _ = proxy
    assert _get(port).getheader("X-Seen-Proto") == "http"
    assert _get(port, headers={"X-Forwarded-Proto": "https"}).getheader("X-Seen-Proto") == "http"


def test_a_browser_stays_on_the_server_of_its_session_and_new_ones_are_spread(
        proxy: tuple[int, _Backend, _Backend]) -> None:
    port, _, _ = proxy
    seen: dict[str, str] = {}
    for _ in range(6):
        body, cookie = _body(port)
        assert cookie is not None and cookie.startswith("JAUGE_SERVER=")
        assert "HttpOnly" in cookie
        seen[body] = cookie.split(";")[0]
    assert set(seen) == {"un", "deux"}  # new browsers reach both servers
    for name, cookie in seen.items():
        for _ in range(5):
            body, again = _body(port, cookie)
            assert body == name  # the same server every time
            assert again is None  # the cookie is not set anew


def test_a_server_failing_its_health_check_is_taken_out(proxy: tuple[int, _Backend, _Backend]) -> None:
    """Its browsers go to the other server (about fifteen seconds: three failed checks five seconds apart)."""
    port, one, _ = proxy
    assert _body(port, "JAUGE_SERVER=d1")[0] == "un"
    one.healthy = False
    deadline = time.monotonic() + 40
    moved = False
    while not moved and time.monotonic() < deadline:
        moved = {_body(port, "JAUGE_SERVER=d1")[0] for _ in range(3)} == {"deux"}
        time.sleep(0.5)
    assert moved, "a browser of the failed server is still sent to it"


def test_with_tls_the_proxy_serves_https_and_plain_http_only_redirects(tmp_path: Path) -> None:
    openssl = shutil.which("openssl")
    assert openssl, "openssl is required to make the test certificate"
    key, certificate = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",  # noqa: S603
                    str(certificate), "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    pem = tmp_path / "jauge.pem"
    pem.write_bytes(certificate.read_bytes() + key.read_bytes())
    http_port, https_port = _free_port(), _free_port()
    with _backend("un") as one, _backend("deux") as two:
        env = {"JAUGE_HTTP_BIND": f"127.0.0.1:{http_port}", "JAUGE_HTTPS_BIND": f"127.0.0.1:{https_port}",
               "JAUGE_TLS_CERT": str(pem), "JAUGE_SERVER_1": _address(one), "JAUGE_SERVER_2": _address(two)}
        with _haproxy(tmp_path, env, CONFIG, TLS_CONFIG):
            redirect = _get(http_port, "/fiche?proposal=x")
            assert redirect.status == 301
            assert redirect.getheader("Location") == f"https://127.0.0.1:{http_port}/fiche?proposal=x"
            context = ssl.create_default_context(cafile=str(certificate))
            context.check_hostname = False
            connection = http.client.HTTPSConnection("127.0.0.1", https_port, timeout=10, context=context)
            connection.request("GET", "/")
            response = connection.getresponse()
            assert response.read().decode() in {"un", "deux"}
            assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
            assert response.getheader("X-Frame-Options") == "DENY"
            assert response.getheader("X-Seen-Proto") == "https"  # the sign-in cookie is then Secure
            connection.close()
