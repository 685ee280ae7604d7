"""The cookie routes (ui/cookie_routes.py) on each database backend: a code left by a session is answered
once with an HttpOnly cookie, on whichever server takes it; unknown, used, expired or foreign requests get no
cookie; the sign-in cookie is deleted (and its token forgotten) by the delete route."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from evaluation.storage import Repository, open_repository
from ui.auth_tokens import COOKIE, DEVICE_COOKIE, TokenRegistry
from ui.cookie_routes import CodeStore, routes
from ui.cookies import FORGET_ROUTE, SET_ROUTE, route_path

LIFETIME_S = 8 * 3600


def _tokens(repository: Repository) -> TokenRegistry[str]:
    """The remembered sign-ins of accounts named by their login alone."""
    return TokenRegistry[str](lambda: repository, encode=lambda login: {"login": login},
                              decode=lambda account: str(account["login"]), login_of=lambda login: login,
                              idle_limit_s=60)


def _server(repository: Repository, tokens: TokenRegistry[str] | None = None, *, base: str = "",
            https: bool = False) -> TestClient:
    """One dashboard server's cookie routes (Starlette, as st.App mounts them) on the shared database."""
    registry = tokens if tokens is not None else _tokens(repository)
    app = Starlette(routes=routes(lambda: repository, forget_token=registry.forget, base_url_path=base))
    return TestClient(app, base_url="https://testserver" if https else "http://testserver")


def _issue(repository: Repository, value: str = "tok-123", *, name: str = COOKIE, code_s: float = 300,
           cookie_s: float = LIFETIME_S) -> str:
    now = time.time()
    return CodeStore(lambda: repository).issue(name, value, cookie_expires_at=now + cookie_s,
                                               expires_at=now + code_s)


def _set_cookie(response: Any) -> str:
    return "; ".join(response.headers.get_list("set-cookie"))


def test_a_code_gives_its_http_only_cookie_once(repository: Repository) -> None:
    server = _server(repository)
    code = _issue(repository, "tok-123")
    answer = server.post(SET_ROUTE, content=code)
    assert answer.status_code == 204
    header = _set_cookie(answer)
    assert header.startswith(f"{COOKIE}=tok-123;")
    attributes = [part.strip().lower() for part in header.split(";")]
    assert "httponly" in attributes and "samesite=strict" in attributes and "path=/" in attributes
    assert "secure" not in attributes  # plain HTTP (a loopback test): the browser would drop a Secure cookie
    max_age = int(next(part for part in attributes if part.startswith("max-age=")).split("=")[1])
    assert LIFETIME_S - 60 <= max_age <= LIFETIME_S
    assert any(part.startswith("expires=") for part in attributes)
    assert answer.headers["cache-control"] == "no-store"
    again = server.post(SET_ROUTE, content=code)
    assert again.status_code == 403 and not _set_cookie(again)


def test_unknown_expired_and_malformed_codes_get_no_cookie(repository: Repository) -> None:
    server = _server(repository)
    assert server.post(SET_ROUTE, content="A" * 43).status_code == 403
    expired = _issue(repository, code_s=-1)
    assert server.post(SET_ROUTE, content=expired).status_code == 403
    ended = _issue(repository, cookie_s=-1)  # the cookie's own (absolute) end has passed
    assert server.post(SET_ROUTE, content=ended).status_code == 403
    for body in ("", "x'; alert(1)", "A" * 500):
        answer = server.post(SET_ROUTE, content=body)
        assert answer.status_code == 400 and not _set_cookie(answer)
    assert server.get(SET_ROUTE).status_code == 405


def test_another_site_cannot_spend_a_code(repository: Repository) -> None:
    server = _server(repository)
    code = _issue(repository)
    assert server.post(SET_ROUTE, content=code, headers={"Origin": "https://evil.example"}).status_code == 403
    assert server.post(SET_ROUTE, content=code, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert CodeStore(lambda: repository).waits(code)  # refused before it was looked at: still there
    answer = server.post(SET_ROUTE, content=code,
                         headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    assert answer.status_code == 204


def test_the_cookie_is_secure_over_https_also_behind_the_proxy(repository: Repository) -> None:
    direct = _server(repository, https=True).post(SET_ROUTE, content=_issue(repository))
    assert "secure" in [part.strip().lower() for part in _set_cookie(direct).split(";")]
    proxied = _server(repository).post(SET_ROUTE, content=_issue(repository),
                                       headers={"X-Forwarded-Proto": "https"})
    assert "secure" in [part.strip().lower() for part in _set_cookie(proxied).split(";")]


def test_the_device_proof_is_http_only_too_and_routes_follow_the_base_url(repository: Repository) -> None:
    server = _server(repository, base="jauge")
    code = _issue(repository, "abc123-ZWx1", name=DEVICE_COOKIE, cookie_s=90 * 24 * 3600)
    assert server.post(SET_ROUTE, content=code).status_code == 404  # not under the base URL path
    answer = server.post(route_path(SET_ROUTE, "jauge"), content=code)
    assert answer.status_code == 204
    assert _set_cookie(answer).startswith(f"{DEVICE_COOKIE}=abc123-ZWx1;")
    assert "httponly" in _set_cookie(answer).lower()


def test_two_servers_on_one_database_give_a_code_once(database_url: str) -> None:
    """A code left by a session of one server, posted at once to two servers (each its own connections)."""
    one, other = open_repository(database_url), open_repository(database_url)
    try:
        for _ in range(5):
            code = _issue(one)
            servers = [_server(one), _server(other)]
            with ThreadPoolExecutor(max_workers=2) as pool:
                answers = list(pool.map(lambda server, sent=code: server.post(SET_ROUTE, content=sent).status_code,
                                        servers))
            assert sorted(answers) == [204, 403]
        assert _server(other).post(SET_ROUTE, content=_issue(one)).status_code == 204  # any server answers
    finally:
        one.close()
        other.close()


def test_the_delete_route_expires_the_sign_in_cookie_and_forgets_its_token(repository: Repository) -> None:
    tokens = _tokens(repository)
    token = tokens.remember("elu")
    server = _server(repository, tokens)
    server.cookies.set(COOKIE, token)
    answer = server.post(FORGET_ROUTE, content=COOKIE)
    assert answer.status_code == 204
    attributes = [part.strip().lower() for part in _set_cookie(answer).split(";")]
    assert attributes[0] == f'{COOKIE}=""' and "max-age=0" in attributes and "httponly" in attributes
    assert "path=/" in attributes and "samesite=strict" in attributes
    assert tokens.recall(token) is None
    assert server.post(FORGET_ROUTE, content="jauge_langue").status_code == 400
    assert server.post(FORGET_ROUTE, content=COOKIE, headers={"Origin": "https://evil.example"}).status_code == 403


@pytest.mark.parametrize("name", [COOKIE, DEVICE_COOKIE])
def test_the_database_holds_no_usable_cookie(repository: Repository, name: str) -> None:
    from sqlalchemy import select

    from evaluation.storage import tables as t

    code = _issue(repository, "tok-secret-value", name=name)
    with repository.engine.connect() as connection:
        rows = connection.execute(select(t.CookieCodeRow.digest, t.CookieCodeRow.sealed)).all()
    assert rows and all(code not in row.digest and "tok-secret-value" not in bytes.fromhex(row.sealed).decode(
        "utf-8", "replace") for row in rows)


def test_codes_expired_a_day_ago_are_dropped_when_a_new_one_is_left(repository: Repository) -> None:
    store = CodeStore(lambda: repository)
    old = _issue(repository, code_s=-2 * 24 * 3600)
    recent = _issue(repository, code_s=-60)  # expired, kept a while: its session can tell it was never taken
    _issue(repository)
    assert not store.waits(old) and store.waits(recent)
