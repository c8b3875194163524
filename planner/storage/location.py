"""Where a portfolio lives: a file (a path) or a team portfolio on a PostgreSQL server (a URL).

Everything that takes a portfolio takes either; `parse_location` tells them apart. A server
location never carries its password in what it shows (the title bar, Open Recent, error
sentences, logs): `shown` and `url_without_password` leave it out. The password itself comes,
in this order, from the URL, from `password` set by whoever asked the user (the app, from the
system keyring), or from libpq's own PGPASSWORD and ~/.pgpass, which psycopg reads itself.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass, field, replace
from pathlib import Path

from planner.domain.errors import PlannerError

SCHEMES = ("postgresql", "postgres")
DEFAULT_PORT = 5432
# libpq parameters a URL may pass through (sslmode and friends); anything else is refused,
# so that a typo is not silently ignored.
PASSED_THROUGH = frozenset({
    "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslpassword",
    "target_session_attrs", "application_name", "connect_timeout", "options", "service",
    "channel_binding", "gssencmode", "krbsrvname", "passfile",
})


@dataclass(frozen=True)
class ServerLocation:
    """A team portfolio: one PostgreSQL database."""

    host: str
    database: str
    user: str = ""
    port: int = DEFAULT_PORT
    query: tuple[tuple[str, str], ...] = ()
    password: str | None = field(default=None, repr=False, compare=False)

    @property
    def url(self) -> str:
        """The URL without its password: what Open Recent and the command line show."""
        user = urllib.parse.quote(self.user, safe="") + "@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if self.port == DEFAULT_PORT else f":{self.port}"
        query = "?" + urllib.parse.urlencode(self.query) if self.query else ""
        return (f"postgresql://{user}{host}{port}/"
                f"{urllib.parse.quote(self.database, safe='')}{query}")

    @property
    def shown(self) -> str:
        """Server and database, for the title bar and sentences: "db on host:5433"."""
        port = "" if self.port == DEFAULT_PORT else f":{self.port}"
        return f"{self.database} on {self.host}{port}"

    @property
    def key(self) -> str:
        """What the keyring files a password under: user, server and database."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def with_password(self, password: str | None) -> ServerLocation:
        return replace(self, password=password)

    def with_user(self, user: str) -> ServerLocation:
        return replace(self, user=user)

    def connect_arguments(self) -> dict[str, str | int]:
        """Keyword arguments for psycopg.connect (libpq reads PGPASSWORD/~/.pgpass itself)."""
        arguments: dict[str, str | int] = {"host": self.host, "port": self.port,
                                           "dbname": self.database}
        if self.user:
            arguments["user"] = self.user
        if self.password is not None:
            arguments["password"] = self.password
        arguments.update(dict(self.query))
        return arguments

    def __str__(self) -> str:
        return self.url


Location = Path | ServerLocation


def is_server_text(text: str | os.PathLike) -> bool:
    if isinstance(text, ServerLocation):
        return True
    if isinstance(text, os.PathLike):
        return False
    return text.split("://", 1)[0].lower() in SCHEMES and "://" in text


def parse_location(text: str | os.PathLike | ServerLocation) -> Location:
    """A path, or a ServerLocation for `postgresql://user[:password]@host[:port]/dbname`."""
    if isinstance(text, ServerLocation):
        return text
    if not is_server_text(text):
        return Path(text)
    return parse_server_url(str(text))


def parse_server_url(text: str) -> ServerLocation:
    text = text.strip()
    shown = _without_password(text)
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:  # a "[" without its "]", a server name that is no name
        raise PlannerError(f"{shown} is not a team portfolio address: the server is not a "
                           "host name or an IPv6 address in brackets.") from None
    if parts.fragment:
        raise PlannerError(f"{shown} is not a team portfolio address: it has a '#' part.")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise PlannerError(f"{shown} is not a team portfolio address: the port is not a "
                           "number from 1 to 65535.") from None
    host = parts.hostname or ""
    database = urllib.parse.unquote(parts.path.lstrip("/"))
    if not host:
        raise PlannerError(f"{shown} names no server; write postgresql://user@server/database.")
    if not database or "/" in database:
        raise PlannerError(f"{shown} names no database; write postgresql://user@server/database.")
    query = tuple(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted({k for k, _ in query} - PASSED_THROUGH)
    if unknown:
        raise PlannerError(f"{shown} has the setting '{unknown[0][:40]}', which a team "
                           "portfolio address does not take.")
    user = urllib.parse.unquote(parts.username) if parts.username else ""
    password = urllib.parse.unquote(parts.password) if parts.password is not None else None
    return ServerLocation(host=host, port=port, database=database, user=user, query=query,
                          password=password)


def _without_password(text: str) -> str:
    """The address as the user wrote it, less its password (not rebuilt from its parts, which
    would turn "postgresql:///db" into "postgresql:/db" and lower-case the scheme)."""
    scheme, separator, rest = text.partition("://")
    server = re.match(r"[^/?#]*", rest)[0]  # where urlsplit ends it too
    netloc = server
    if "@" in netloc:  # the user is what comes before the last "@", up to its first ":"
        credentials, _, hostport = netloc.rpartition("@")
        netloc = credentials.partition(":")[0] + "@" + hostport
    return (scheme + separator + netloc + rest[len(server):])[:200]


def shown_location(location: Location) -> str:
    """How sentences name a portfolio: the file's name, or database and server."""
    if isinstance(location, ServerLocation):
        return location.shown
    return Path(location).name
