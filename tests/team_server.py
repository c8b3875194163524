"""A real, throwaway PostgreSQL server for the tests of team portfolios.

`postgres_server` (one per test process) is, in this order: the server named by the
PLANNER_TEST_SERVER environment variable (a superuser's URL, for a developer who runs one), or
a new cluster made with initdb in a temporary folder on a free loopback port, owned by a
non-root user (PostgreSQL refuses to run as root), with password authentication over TCP, and
removed again at the end. Where no initdb is found the tests that need it skip with that
reason, except in CI (the CI environment variable set), where they fail: CI installs the
server, so a missing one is a broken run, not a reason to skip.

Each test gets its own database (`team_location`: empty; `team_portfolio_location`: a
portfolio at head, copied from a template migrated once per process), dropped afterwards.
Roles are the cluster's, not a database's: `make_user` names them uniquely per test.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from planner.storage.location import ServerLocation, parse_location

ADMIN = "planner_admin"
ADMIN_PASSWORD = "throwaway-admin"


@dataclass
class Server:
    admin: ServerLocation  # a superuser's location (database "postgres")

    def location(self, database: str, user: str | None = None,
                 password: str | None = None) -> ServerLocation:
        location = ServerLocation(host=self.admin.host, port=self.admin.port,
                                  database=database, user=user or self.admin.user,
                                  query=self.admin.query)
        if user is None:
            return location.with_password(self.admin.password)
        return location.with_password(password)

    def execute(self, *statements: str, database: str = "postgres") -> list:
        import psycopg

        arguments = self.location(database).connect_arguments()
        with psycopg.connect(**arguments, autocommit=True) as connection:
            rows = []
            for statement in statements:
                cursor = connection.execute(statement)
                rows = cursor.fetchall() if cursor.description else []
            return rows


def _binary(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return found[-1]
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(command: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *command] if user else command


def _owner() -> str | None:
    """Who runs the server: ourselves, or when we are root a non-root user that exists."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    pytest.fail("running as root and there is no postgres or nobody user to run the server")


def _start_cluster() -> tuple[Server, callable]:
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not initdb or not pg_ctl:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (no initdb); CI installs it in .ci/run")
        pytest.skip("no PostgreSQL here (initdb not found); install postgresql to run the "
                    "team portfolio tests, or set PLANNER_TEST_SERVER to a superuser's URL")
    owner = _owner()
    folder = Path(tempfile.mkdtemp(prefix="planner-pg-"))
    os.chmod(folder, 0o755)
    password_file = folder / "pw"
    password_file.write_text(ADMIN_PASSWORD + "\n")
    if owner:
        info = pwd.getpwnam(owner)
        os.chown(folder, info.pw_uid, info.pw_gid)
        os.chown(password_file, info.pw_uid, info.pw_gid)
    data = folder / "data"
    # A UTF-8 locale, as servers have: under the C locale PostgreSQL's text search parser
    # takes no letter beyond ASCII for a letter ("Sørensen" becomes two words).
    for locale in ("--locale=C.UTF-8", "--no-locale"):
        made = subprocess.run(_as_owner([initdb, "-D", str(data), "-U", ADMIN,
                                         f"--pwfile={password_file}", "--auth-local=trust",
                                         "--auth-host=scram-sha-256", "-E", "UTF8", locale,
                                         "--no-sync"], owner),
                              capture_output=True, text=True, cwd=folder)
        if made.returncode == 0:
            break
        shutil.rmtree(data, ignore_errors=True)
    else:
        pytest.fail(f"initdb failed: {made.stderr[-1000:]}")
    port = _free_port()
    options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
               "-c shared_buffers=32MB")
    started = subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-o", options, "-l",
                                        str(folder / "log"), "-w", "-t", "60", "start"], owner),
                             capture_output=True, text=True, cwd=folder)
    if started.returncode != 0:
        log_file = folder / "log"
        log = log_file.read_text(errors="replace")[-2000:] if log_file.exists() else ""
        pytest.fail(f"the test PostgreSQL server did not start: {started.stderr}\n{log}")

    def stop():
        subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "stop"], owner),
                       capture_output=True, cwd=folder)
        shutil.rmtree(folder, ignore_errors=True)

    admin = ServerLocation(host="127.0.0.1", port=port, database="postgres", user=ADMIN,
                           password=ADMIN_PASSWORD)
    return Server(admin), stop


@pytest.fixture(scope="session")
def postgres_server():
    url = os.environ.get("PLANNER_TEST_SERVER")
    if url:
        yield Server(parse_location(url))
        return
    server, stop = _start_cluster()
    try:
        yield server
    finally:
        stop()


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def team_template(postgres_server):
    """A database migrated to head once per process; each test's portfolio is a copy."""
    from planner.storage.server import ServerDatabase

    name = f"planner_template_{_worker()}_{uuid.uuid4().hex[:6]}"
    postgres_server.execute(f'CREATE DATABASE "{name}"')
    ServerDatabase.open(postgres_server.location(name), create=True).close()
    yield name
    with contextlib.suppress(Exception):
        postgres_server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _new_database(server: Server, template: str | None = None) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    suffix = f' TEMPLATE "{template}"' if template else ""
    for attempt in range(20):  # a template another CREATE DATABASE is copying is busy
        try:
            server.execute(f'CREATE DATABASE "{name}"{suffix}')
            return name
        except Exception as error:  # noqa: BLE001 - retried, then raised
            if "is being accessed by other users" not in str(error) or attempt == 19:
                raise
            time.sleep(0.1)
    raise AssertionError("unreachable")


@pytest.fixture
def team_location(postgres_server):
    """An empty database on the test server (what `planner init URL` turns into a
    portfolio), as its owner (a superuser)."""
    name = _new_database(postgres_server)
    yield postgres_server.location(name)
    with contextlib.suppress(Exception):
        postgres_server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def team_portfolio_location(postgres_server, team_template):
    """A new, empty team portfolio at head on the test server, as its owner."""
    name = _new_database(postgres_server, team_template)
    yield postgres_server.location(name)
    with contextlib.suppress(Exception):
        postgres_server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def module_team_portfolio_location(postgres_server, team_template):
    """One team portfolio at head for a whole test module: for tests that only read what the
    module wrote once (a sample to search), where a database per test costs the writing."""
    name = _new_database(postgres_server, team_template)
    yield postgres_server.location(name)
    with contextlib.suppress(Exception):
        postgres_server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def make_user(postgres_server):
    """make_user("reader") -> (login name, password): a new login role, dropped after."""
    made = []

    def make(label: str = "user") -> tuple[str, str]:
        name = f"{label}_{uuid.uuid4().hex[:8]}"
        password = uuid.uuid4().hex
        postgres_server.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")
        made.append(name)
        return name, password

    yield make
    for name in made:
        with contextlib.suppress(Exception):
            postgres_server.execute(f'DROP OWNED BY "{name}" CASCADE', f'DROP ROLE "{name}"')


@pytest.fixture(params=["file", "team"])
def any_location(request, tmp_path):
    """Both engines: a new portfolio file's path, or a new team portfolio's location."""
    if request.param == "file":
        return tmp_path / "portfolio.sqlite"
    return request.getfixturevalue("team_portfolio_location")
