"""Database targets: a PostgreSQL URL parsed into its parts, never echoed with its password.

The URL is taken apart here rather than by libpq, so that a malformed one (a port that is not a
number, an unclosed IPv6 bracket, a password with a space) is one clear line that names the
part that is wrong and never repeats the credentials.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from allocator.store.errors import StoreUnavailable

_SCHEMES = ("postgresql", "postgres")
_QUERY_KEYS = {
    "options",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "connect_timeout",
    "application_name",
    "target_session_attrs",
}


@dataclass(frozen=True)
class PgTarget:
    """The parts of a PostgreSQL URL, ready for the driver; ``label`` is safe to print."""

    host: str | None
    port: int | None
    user: str | None
    password: str | None = field(repr=False)
    dbname: str | None
    query: dict[str, str]

    @property
    def label(self) -> str:
        """``postgresql://user@host:port/db``: no password, no query."""
        host = self.host or "localhost"
        if ":" in host:
            host = f"[{host}]"
        user = f"{self.user}@" if self.user else ""
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{user}{host}{port}/{self.dbname or ''}"

    def connect_kwargs(self) -> dict[str, object]:
        """Keyword arguments for ``psycopg.connect`` (no URL string reaches libpq)."""
        out: dict[str, object] = {
            k: v
            for k, v in (
                ("host", self.host),
                ("port", self.port),
                ("user", self.user),
                ("password", self.password),
                ("dbname", self.dbname),
            )
            if v is not None
        }
        out.update(self.query)
        return out


def is_postgres_url(target: str) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a SQLite file."""
    return target.startswith(("postgresql://", "postgres://"))


def _bad(what: str) -> StoreUnavailable:
    return StoreUnavailable(
        f"the PostgreSQL URL is malformed: {what} "
        "(expected postgresql://user:password@host:port/database; the URL is not shown "
        "because it may hold a password)"
    )


def parse_pg_url(url: str) -> PgTarget:
    """The parts of ``url``; ``StoreUnavailable`` naming the bad part, without echoing it."""
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise _bad("it contains a space or a control character: percent-encode it (%20)")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        text = str(err)
        if "IPv6" in text:
            raise _bad("the host is not a valid [IPv6] address") from None
        if "port" in text.lower():
            raise _bad("the port is not a number from 1 to 65535") from None
        raise _bad("it cannot be parsed") from None
    if parts.scheme not in _SCHEMES:
        raise _bad("it must start with postgresql://")
    if port == 0:
        raise _bad("the port is not a number from 1 to 65535")
    if parts.fragment:
        raise _bad("it has a #fragment")
    path = unquote(parts.path.lstrip("/"))
    if "/" in path:
        raise _bad("the database name has a '/' in it")
    query: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in _QUERY_KEYS:
            raise _bad(
                f"unknown parameter '{key[:40]}' (known: {', '.join(sorted(_QUERY_KEYS))})"
                if re.fullmatch(r"[A-Za-z_]{1,40}", key)
                else "a query parameter is not a known name"
            )
        query[key] = value
    return PgTarget(
        host=parts.hostname,
        port=port,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        dbname=path or None,
        query=query,
    )


def redact(url: str) -> str:
    """The URL without its password and query, safe to print (or a placeholder if malformed)."""
    try:
        return parse_pg_url(url).label
    except StoreUnavailable:
        return "postgresql://(malformed URL, not shown)"
