"""Who is using the dashboard: the signed-in account kept in the session, its roles, inactivity.

The service layer enforces rights; this module only tells pages who acts (the `actor` written in
the audit trail) and which pages to list (each page's spec in ui/pages.py names the actions that open
it). A sign-in survives a reload through a cookie holding a random token (ui/auth_tokens.py). No
Streamlit import at import time.

Optional single sign-on: when the secrets hold an `[auth]` section (Streamlit's st.login, OpenID Connect),
the sign-in page offers one button per provider; an identity the provider has just vouched for signs in
to the local account whose login is its email address (evaluation.services.sso), with that account's
roles. Without secrets, only local accounts sign in.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, MutableMapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from ui.pages import PAGES, SIGN_IN, page_spec, public_pages

SESSION_USER = "auth.user"
SESSION_LAST_ACTIVITY = "auth.last_activity"
ENDED_KEY = "auth.ended"  # why the last session ended ("inactivity"), for the sign-in page
TOKEN_KEY = "auth.token"  # noqa: S105 - a session key; holds this browser's sign-in token
DEVICE_LIFETIME_S = 90 * 24 * 3600
# A session ends after this many seconds without any interaction.
INACTIVITY_LIMIT_S = 30 * 60
# A remembered sign-in (the cookie and its token) ends this long after the sign-in, however active: a
# working day. The cookie is HttpOnly, set by the server's cookie route (ui/cookie_routes.py, ui/cookies.py);
# it holds a random token only, worthless once the token is forgotten.
REMEMBER_LIFETIME_S = 8 * 3600
# How long the run drawing a new cookie code waits for the browser to hand it to the route (ui/cookies.py).
COOKIE_WAIT_S = 5.0
# Who acts when no account is signed in (sign-in disabled, or tests).
ANONYMOUS = "anonyme"
SSO_ERROR_KEY = "auth.sso_error"  # why the provider's identity did not sign in (French), for the sign-in page
# Streamlit's keys of the [auth] section that are shared settings, not providers.
_AUTH_SETTINGS = frozenset({"redirect_uri", "cookie_secret", "expose_tokens", "client_id", "client_secret",
                            "server_metadata_url", "client_kwargs", "label"})


@dataclass(frozen=True)
class SessionUser:
    """The signed-in account, as the session keeps it (no password, no hash)."""

    login: str
    name: str
    roles: tuple[str, ...]
    via: str | None = None  # the single sign-on provider the session signed in with, if any
    version: int | None = None  # the account's version when read: any change since (roles, active,
    # password, name) signs the session out (gate re-reads the account on every run)

    def has_any(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)


def _session() -> MutableMapping[Any, Any]:
    import streamlit as st

    return st.session_state


def current_user(session: MutableMapping[Any, Any] | None = None) -> SessionUser | None:
    user = (session if session is not None else _session()).get(SESSION_USER)
    return user if isinstance(user, SessionUser) else None


def actor(session: MutableMapping[Any, Any] | None = None) -> str:
    """The login written in the audit trail for what this session does."""
    user = current_user(session)
    return user.login if user is not None else ANONYMOUS


def sign_in(user: SessionUser, session: MutableMapping[Any, Any] | None = None, *, now: float | None = None,
            remember: bool = False) -> None:
    """Keep the account in the session; with `remember`, also a token for the browser's cookie."""
    session = session if session is not None else _session()
    session[SESSION_USER] = user
    session[SESSION_LAST_ACTIVITY] = time.time() if now is None else now
    if remember:
        from ui import cookies
        from ui.auth_tokens import COOKIE

        token = _TOKENS.remember(user, now=now)
        session[TOKEN_KEY] = token
        cookies.want(session, COOKIE, token, lifetime_s=REMEMBER_LIFETIME_S, now=now)


def sign_out(session: MutableMapping[Any, Any] | None = None) -> None:
    """Forget the account and everything the session kept (drafts stay in the database only)."""
    session = session if session is not None else _session()
    _TOKENS.forget(session.get(TOKEN_KEY))
    from ui import cookies
    from ui.auth_tokens import COOKIE

    for key in list(session):
        if key not in ("lang", cookies.WANTED_KEY, cookies.CODES_KEY):  # the cookies already handed over stay so
            del session[key]
    cookies.want(session, COOKIE, "", lifetime_s=0)  # delete the browser's sign-in cookie (and never recall it)


def touch(session: MutableMapping[Any, Any] | None = None, *, now: float | None = None,
          limit_s: float = INACTIVITY_LIMIT_S) -> bool:
    """Record activity; returns False (and signs out) when the session was idle longer than the limit."""
    session = session if session is not None else _session()
    now = time.time() if now is None else now
    last = session.get(SESSION_LAST_ACTIVITY)
    if current_user(session) is not None and isinstance(last, (int, float)) and now - last > limit_s:
        sign_out(session)
        session[ENDED_KEY] = "inactivity"
        return False
    session[SESSION_LAST_ACTIVITY] = now
    return True


def session_user(record: Any) -> SessionUser:
    """The session's copy of an account (a StoredUser): login, name and roles only."""
    roles = tuple(str(getattr(role, "value", role)) for role in record.roles)
    version = getattr(record, "version", None)
    return SessionUser(login=str(record.login), name=str(record.name or record.login), roles=roles,
                       version=int(version) if version is not None else None)


def still_valid(user: SessionUser, record: Any) -> bool:
    """Whether the stored account (a StoredUser, or None when it was deleted) still stands behind the
    session: active, same roles, and unchanged since the session read it (no password reset)."""
    if record is None or not record.active:
        return False
    if user.version is not None and int(record.version) != user.version:
        return False
    return session_user(record).roles == user.roles


def recheck(user: SessionUser, session: MutableMapping[Any, Any] | None = None, *,
            repository: Any = None) -> SessionUser | None:
    """Re-read the account of a signed-in session (every script run): when it was deactivated, its roles
    changed or its password was reset, the session is signed out, every remembered token of the account
    is forgotten, and None is returned (the sign-in page says why)."""
    session = session if session is not None else _session()
    repo = repository if repository is not None else _repository()
    if still_valid(user, repo.find_user(user.login)):
        return user
    _TOKENS.forget_login(user.login)
    sign_out(session)
    session[ENDED_KEY] = "account_changed"
    return None


def refresh(record: Any, session: MutableMapping[Any, Any] | None = None) -> None:
    """After the session changed its own account (an administrator editing its own row): keep it signed
    in with the account as now stored, instead of signing it out as a change made elsewhere would."""
    session = session if session is not None else _session()
    user = current_user(session)
    if user is None or record is None or user.login != record.login or not record.active:
        return
    fresh = replace(session_user(record), via=user.via)
    session[SESSION_USER] = fresh
    _TOKENS.update(session.get(TOKEN_KEY), fresh)


def may(user: SessionUser | None, action: str) -> bool:
    """Whether the user's roles allow an action (evaluation.services.permissions), ownership aside."""
    if user is None:
        return False
    from evaluation.services.permissions import Action, allowed

    return allowed(user, Action(action))


def sees_page(user: SessionUser | None, slug: str) -> bool:
    """Whether the page is in the user's navigation: one of the actions of its spec (ui.pages) is allowed
    (the services still check every action); the sign-in page is open to everyone."""
    spec = page_spec(slug)
    return spec.before_sign_in or any(may(user, action) for action in spec.opened_by)


def proposal_scope(user: SessionUser | None, action: str, *, repository: Any = None) -> frozenset[str] | None:
    """The ids of the proposals `user` may take `action` on (view_proposal, compare...): None when it may
    on every proposal; for a porteur kept to its own (evaluation.services.permissions.OWN_ONLY), the
    proposals it created, read in one query; an empty set when its roles do not allow the action.

    `repository` defaults to the dashboard's (ui.data.repository())."""
    from evaluation.services.permissions import Action, allowed, may, unrestricted

    act = Action(action)
    if user is None or not allowed(user, act):
        return frozenset()
    if unrestricted(user, act):
        return None
    repo = repository if repository is not None else _repository()
    return frozenset(summary.id for summary in repo.list_proposals(created_by=user.login)
                     if may(user, act, owner=summary.created_by))


def require_proposal(user: SessionUser | None, action: str, proposal_id: str, scope: frozenset[str] | None, *,
                     repository: Any = None) -> None:
    """Raise PermissionDenied (French, evaluation.services.permissions.require) unless `user` may take
    `action` on the proposal. `scope` is proposal_scope(user, action): a proposal in it belongs to the
    user; the owner of any other is read from the repository (NotFound if it does not exist)."""
    from evaluation.services.permissions import Action, require

    act = Action(action)
    checked = person({SESSION_USER: user})
    owner: str | None = None
    if scope is not None:
        if proposal_id in scope:
            owner = checked.login
        else:
            repo = repository if repository is not None else _repository()
            owner = str(repo.get_proposal(proposal_id).created_by)
    require(checked, act, owner=owner)


def _repository() -> Any:
    from ui import data

    return data.repository()


def person(session: MutableMapping[Any, Any] | None = None) -> SessionUser:
    """The signed-in user, for the services; PermissionDenied (French) when nobody is signed in."""
    user = current_user(session)
    if user is None:
        from evaluation.services.permissions import PermissionDenied

        raise PermissionDenied("Action refusée : connectez-vous d'abord.")
    return user


def sso_providers(auth_section: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(provider, label) of each OpenID Connect provider of the secrets' [auth] section, for st.login:
    its sub-sections with a client_id (label: their `label`, else the provider's name), or "default" when
    the section itself holds the client's settings. None or an empty section: no provider."""
    if not isinstance(auth_section, Mapping) or not auth_section:
        return []
    providers = [(str(name), str(section.get("label") or name)) for name, section in auth_section.items()
                 if name not in _AUTH_SETTINGS and isinstance(section, Mapping) and section.get("client_id")]
    if auth_section.get("client_id"):
        providers.insert(0, ("default", str(auth_section.get("label") or "SSO")))
    return providers


def configured_sso_providers() -> list[tuple[str, str]]:
    """The providers of st.secrets' [auth] section; none (never an error) without a secrets file."""
    import streamlit as st

    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file, or one that does not parse: no single sign-on
        return []
    return sso_providers(section)


def fresh_identity(claims: Mapping[str, Any], *, now: float | None = None,
                   limit_s: float = INACTIVITY_LIMIT_S) -> bool:
    """Whether the provider vouched for the person (id_token `iat`, in seconds since 1970) less than
    `limit_s` ago. Streamlit keeps the identity in a cookie for 30 days; an older identity signs in again
    through the provider, so that a session idle too long does not come back by itself."""
    issued = claims.get("iat")
    if isinstance(issued, bool) or not isinstance(issued, (int, float)):
        return False
    now = time.time() if now is None else now
    return now - float(issued) <= limit_s


def _sso_sign_in() -> SessionUser | None:
    """Sign in the identity st.login has just brought back, if any; a refusal is kept for the sign-in page."""
    import streamlit as st

    if st.session_state.get(SSO_ERROR_KEY) or not configured_sso_providers():
        return None
    claims = st.user.to_dict()
    if not claims.get("is_logged_in") or not fresh_identity(claims):
        return None
    from evaluation.services.sso import SsoIdentity, SsoRefused, sign_in_with_identity
    from evaluation.storage import StorageError
    from ui import data
    from ui.i18n import t

    provider = str(claims.get("provider") or "default")
    try:
        record = sign_in_with_identity(data.repository(), SsoIdentity.from_claims(provider, claims))
    except SsoRefused as exc:
        st.session_state[SSO_ERROR_KEY] = str(exc)
        return None
    except StorageError as exc:
        st.session_state[SSO_ERROR_KEY] = t("app.common.data_error", error=str(exc))
        return None
    user = replace(session_user(record), via=provider)
    sign_in(user, remember=True)
    return user


def sign_in_page(*, hidden: bool = False) -> Any:
    """The sign-in page (hidden from the navigation once signed in: it then sends to the portfolio)."""
    import streamlit as st

    from ui.i18n import t

    return st.Page(SIGN_IN.path, title=t(SIGN_IN.title_key), icon=SIGN_IN.icon, url_path=SIGN_IN.slug,
                   visibility="hidden" if hidden else "visible")


def device_proof(login: str) -> str | None:
    """The device proof this browser's cookie holds for `login`, if any."""
    import streamlit as st

    from ui.auth_tokens import DEVICE_COOKIE, device_proof_for

    return device_proof_for(st.context.cookies.get(DEVICE_COOKIE), login)


def remember_device(login: str, proof: str | None, session: MutableMapping[Any, Any] | None = None) -> None:
    """Keep the account's device proof in this browser (written on the next run)."""
    if proof:
        from ui import cookies
        from ui.auth_tokens import DEVICE_COOKIE, device_value

        cookies.want(session if session is not None else _session(), DEVICE_COOKIE, device_value(login, proof),
                     lifetime_s=DEVICE_LIFETIME_S)


def _write_cookies() -> None:
    """Write the cookies the session wants in the browser (ui.cookies: on every run, so that a run cut
    short by st.switch_page or st.rerun under load cannot lose them)."""
    import streamlit as st

    from ui import cookies
    from ui.cookie_routes import CodeStore

    secure = str(st.context.url or "").startswith("https:")
    codes = CodeStore(_repository)
    script = cookies.scripts(st.session_state, st.context.cookies, secure=secure, codes=codes,
                             base_url_path=str(st.get_option("server.baseUrlPath") or ""))
    if script:
        st.sidebar.html(script, unsafe_allow_javascript=True)
        if st.context.headers.get("host"):  # a browser is there to post the codes (not a test without one)
            cookies.wait_taken(st.session_state, codes, timeout_s=COOKIE_WAIT_S)


def gate() -> SessionUser:
    """The signed-in user. When nobody is (or the session was idle too long), only the sign-in page is
    drawn and the script stops: nothing of the portfolio is shown before sign-in. A browser that
    signed in before a reload is recognised by its cookie while its token is in use."""
    import streamlit as st

    from ui.auth_tokens import COOKIE
    from ui.i18n import t

    touch()
    user = current_user()
    from ui import cookies

    if user is None and cookies.wanted(st.session_state, COOKIE) is None:
        token = st.context.cookies.get(COOKIE)
        token = token if isinstance(token, str) else None
        remembered = _TOKENS.recall(token)
        if remembered is not None and token:
            sign_in(remembered)
            st.session_state[TOKEN_KEY] = token
            user = remembered
    elif user is not None:
        _TOKENS.recall(st.session_state.get(TOKEN_KEY))  # the token stays alive while the session is
    if user is not None:
        user = recheck(user)  # deactivated, roles changed, password reset: signed out now
    if user is None and ENDED_KEY not in st.session_state:
        user = _sso_sign_in()
    _write_cookies()
    if user is not None:
        return user
    # The public register is open to everyone; every other page's URL draws the sign-in page, so that a
    # link followed before sign-in (or a reload) lands on its page once signed in.
    public = [st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.slug)
              for spec in public_pages()]
    hidden = [st.Page(SIGN_IN.path, title=t(SIGN_IN.title_key), url_path=spec.slug, visibility="hidden")
              for spec in PAGES if not spec.before_sign_in]
    st.navigation([sign_in_page(), *public, *hidden], position="sidebar" if public else "hidden").run()
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover


def _on_sign_out() -> None:
    user = current_user()
    sign_out()
    if user is not None and user.via:
        import streamlit as st

        st.logout()  # also forget the provider's identity (and end the provider's session if it can)


def account_box(user: SessionUser) -> None:
    """In the sidebar: who is signed in, with which roles, and the sign-out button."""
    import streamlit as st

    from ui.formatting import md_escape
    from ui.i18n import t

    roles = ", ".join(t(f"forms.accounts.role.{role}", default=role) for role in user.roles)
    st.caption(t("forms.signin.signed_in_as", name=md_escape(user.name), roles=md_escape(roles)))
    st.button(t("forms.signin.sign_out"), key="auth.sign_out", icon=":material/logout:", on_click=_on_sign_out,
              type="tertiary")


def forget_token(token: str) -> None:
    """Forget a sign-in token on this server (the cookie route deleting the sign-in cookie)."""
    _TOKENS.forget(token)


def _tokens() -> Any:
    from ui.auth_tokens import TokenRegistry

    return TokenRegistry[SessionUser](_repository, encode=asdict, decode=_remembered_user, login_of=_login_of,
                                      idle_limit_s=INACTIVITY_LIMIT_S, lifetime_s=REMEMBER_LIFETIME_S)


def _remembered_user(account: dict[str, Any]) -> SessionUser:
    return SessionUser(login=str(account["login"]), name=str(account["name"]),
                       roles=tuple(str(role) for role in account["roles"]), via=account.get("via"),
                       version=account.get("version"))


def _login_of(user: SessionUser) -> str:
    return user.login


# The browsers kept signed in (tokens by SHA-256 in the database, forgotten after inactivity).
_TOKENS = _tokens()
