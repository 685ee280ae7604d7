"""The server's cookie routes: the HttpOnly cookies (the sign-in token, the device proof) are set and deleted
by real HTTP responses, never by a script of the page, which therefore cannot read them.

- `POST /_jauge/cookie` with a code in the body: a session left the cookie's value in the database under
  that code (`CodeStore.issue`, sealed with the code, keyed by its SHA-256); the route takes it (the row is
  deleted: a code serves once, on whichever server answers) and answers 204 with
  `Set-Cookie: NAME=VALUE; HttpOnly; SameSite=Strict; Path=/; Max-Age=...; Expires=...` (`Secure` when the
  browser came over HTTPS, also through a proxy saying so with X-Forwarded-Proto). An unknown, used or
  expired code is refused (403) without any cookie.
- `POST /_jauge/cookie/delete` with a cookie's name in the body: 204 with the cookie expired; for the
  sign-in cookie, the token it held is forgotten by this server as well.

Both refuse a request another site sent (Origin or Sec-Fetch-Site saying so). The routes are mounted by
dashboard.py through Streamlit's public ASGI entry point (`st.App(..., routes=...)`), which `streamlit run
dashboard.py` finds by itself; the page's scripts that call them are ui/cookies.py's. No Streamlit import.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ui.auth_tokens import COOKIE, code_digest, new_code, seal, unseal
from ui.cookies import FORGET_ROUTE, HTTP_ONLY, SET_ROUTE, route_path

_MAX_BODY = 200  # bytes: a code is 43 characters, a cookie's name fewer


def _utc(epoch_s: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch_s, dt.UTC)


class CodeStore:
    """Cookie codes in the database (evaluation.storage's cookie codes), shared by every server on it;
    `repository()` gives the storage Repository (opened only when a code is issued or taken)."""

    def __init__(self, repository: Callable[[], Any]) -> None:
        self._repository = repository

    def issue(self, name: str, value: str, *, cookie_expires_at: float, expires_at: float) -> str:
        """A new code for the cookie `name`=`value` ending at `cookie_expires_at`; valid until `expires_at`."""
        code = new_code()
        self._repository().add_cookie_code(code_digest(code), name=name, sealed=seal(value, code),
                                         cookie_expires_at=_utc(cookie_expires_at), expires_at=_utc(expires_at),
                                         at=_utc(time.time()))
        return code

    def waits(self, code: str) -> bool:
        """Whether the code was not taken yet."""
        return bool(self._repository().cookie_code_waits(code_digest(code)))

    def take(self, code: str, *, now: float | None = None) -> tuple[str, str, float] | None:
        """(name, value, the cookie's end in epoch seconds) of a valid code, used up; None otherwise."""
        at = _utc(time.time() if now is None else now)
        taken = self._repository().take_cookie_code(code_digest(code), at=at)
        if taken is None:
            return None
        name, sealed, cookie_expires_at = taken
        value = unseal(sealed, code)
        return None if value is None else (name, value, cookie_expires_at.timestamp())


def _same_origin(headers: Any) -> bool:
    """Whether the request comes from the dashboard's own pages (browsers say where a fetch comes from)."""
    site = headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    origin = headers.get("origin")
    return origin is None or urlsplit(origin).netloc == headers.get("host")


def _secure(request: Any) -> bool:
    return bool(request.url.scheme == "https"
                or str(request.headers.get("x-forwarded-proto", "")).split(",")[0].strip().lower() == "https")


async def _body(request: Any) -> str | None:
    body = await request.body()
    if len(body) > _MAX_BODY:
        return None
    text = body.decode("ascii", errors="replace")
    return text if text and all(ch.isalnum() or ch in "-_" for ch in text) else None


def routes(repository: Callable[[], Any], *, forget_token: Callable[[str], None],
           base_url_path: str = "") -> list[Any]:
    """The two routes, for st.App(routes=...): `repository()` gives the storage Repository, `forget_token`
    forgets a sign-in token (ui.auth: in the database)."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response
    from starlette.routing import Route

    def refused(status: int) -> Response:
        return Response(status_code=status, headers={"Cache-Control": "no-store"})

    async def set_cookie(request: Any) -> Response:
        if not _same_origin(request.headers):
            return refused(403)
        code = await _body(request)
        if code is None:
            return refused(400)
        taken = await run_in_threadpool(lambda: CodeStore(repository).take(code))
        if taken is None or taken[0] not in HTTP_ONLY:
            return refused(403)
        name, value, cookie_expires_at = taken
        max_age = int(cookie_expires_at - time.time())
        if max_age <= 0:
            return refused(403)
        response = refused(204)
        response.set_cookie(name, value, max_age=max_age, expires=_utc(cookie_expires_at), path="/",
                            secure=_secure(request), httponly=True, samesite="strict")
        return response

    async def delete_cookie(request: Any) -> Response:
        if not _same_origin(request.headers):
            return refused(403)
        name = await _body(request)
        if name not in HTTP_ONLY:
            return refused(400)
        token = request.cookies.get(COOKIE)
        if name == COOKIE and token:
            forget_token(str(token))
        response = refused(204)
        response.delete_cookie(name, path="/", secure=_secure(request), httponly=True, samesite="strict")
        return response

    return [Route(route_path(SET_ROUTE, base_url_path), set_cookie, methods=["POST"]),
            Route(route_path(FORGET_ROUTE, base_url_path), delete_cookie, methods=["POST"])]
