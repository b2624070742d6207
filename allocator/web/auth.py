"""Who is asking: sign-in, the session, CSRF tokens and the sign-in rate limit.

The session is Starlette's signed cookie (itsdangerous): HttpOnly, SameSite=Lax, and Secure
when the service is served over TLS. It holds the user's name and a CSRF token; the user's
role and units are read from the accounts table on every request, so a change takes effect at
once. With a trusted identity header configured (an SSO proxy in front that sets it and strips
it from clients), the header names the user instead, and the account gives the role.
"""

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import Request

from allocator.store.accounts import User, UserStore
from allocator.store.web_state import SharedState

SESSION_USER = "user"
SESSION_CSRF = "csrf"


class SignInLimiter:
    """At most ``attempts`` failed sign-ins per user name, and ``address_attempts`` per client
    address, in ``window_s`` seconds; the clock is injectable so tests need no waiting.

    The failures are counted in the database (``allocator.store.web_state``) once the service
    attaches it, so every server process on one database counts the same attempts; until then
    (a limiter on its own) they are counted in this process. The clock is wall time, which the
    processes of one host share.
    """

    def __init__(
        self,
        attempts: int = 5,
        window_s: float = 300.0,
        clock: Callable[[], float] = time.time,
        address_attempts: int = 50,
    ) -> None:
        self.attempts, self.window_s, self.clock = attempts, window_s, clock
        self.address_attempts = address_attempts
        """Per client address: higher, since an office or a proxy puts many users behind one."""
        self._failures: dict[str, deque[float]] = {}
        self._guard = threading.Lock()
        self._shared: SharedState | None = None

    def attach(self, shared: SharedState) -> None:
        """Count the failures in the database from now on."""
        self._shared = shared

    def _recent(self, key: str) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        cutoff = self.clock() - self.window_s
        while q and q[0] < cutoff:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> bool:
        """Whether any of the keys has used up its attempts."""
        if self._shared is not None:
            counts = self._shared.failures(keys, self.clock() - self.window_s)
            return any(counts[k] >= self._limit(k) for k in keys)
        with self._guard:
            return any(len(self._recent(k)) >= self._limit(k) for k in keys)

    def _limit(self, key: str) -> int:
        return self.address_attempts if key.startswith("addr:") else self.attempts

    def failed(self, *keys: str) -> None:
        """Count one failed attempt against each key."""
        now = self.clock()
        if self._shared is not None:
            self._shared.failed(keys, now, now - self.window_s)
            return
        with self._guard:
            for k in keys:
                self._recent(k).append(now)

    def succeeded(self, name_key: str) -> None:
        """A good sign-in clears the name's count (not the address's)."""
        if self._shared is not None:
            self._shared.forget(name_key)
            return
        with self._guard:
            self._failures.pop(name_key, None)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get(SESSION_CSRF)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


def csrf_ok(request: Request, submitted: object) -> bool:
    """Whether a submitted form carries this session's token (a text field, never a file)."""
    expected = request.session.get(SESSION_CSRF)
    if not expected or not isinstance(submitted, str) or not submitted:
        return False
    return hmac.compare_digest(str(expected), submitted)


def current_user(request: Request, users: UserStore, identity_header: str | None) -> User | None:
    """The signed-in user (session or trusted header), or None."""
    if identity_header:
        name = request.headers.get(identity_header)
        return users.get(name.strip()) if name else None
    name = request.session.get(SESSION_USER)
    return users.get(name) if name else None
