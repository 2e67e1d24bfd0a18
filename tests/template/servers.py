"""The template suite's test servers: PostgreSQL and Redis, as ``.ci/services`` runs them.

``.ci/services start`` exports ``SETSQUARE_TEST_POSTGRES_URL`` and
``SETSQUARE_TEST_REDIS_URL``; ``.ci/run`` also sets ``SETSQUARE_REQUIRE_SERVERS=1``, so
that in CI a missing server fails the suite instead of skipping the server gates.
Each rendered project gets a database of its own (created here, dropped afterwards),
so renders can run in parallel.
"""

import re
from collections.abc import Generator
from contextlib import contextmanager
from typing import Final
from urllib.parse import urlsplit, urlunsplit

from setsquare.adapters.process import child_environment, find_executable, run

URL_VARIABLES: Final = {
    "postgres": "SETSQUARE_TEST_POSTGRES_URL",
    "redis": "SETSQUARE_TEST_REDIS_URL",
}
REQUIRE_VARIABLE: Final = "SETSQUARE_REQUIRE_SERVERS"
START_HINT: Final = 'start them with: eval "$(.ci/services start)" (as .ci/run does)'


def server_url(server: str) -> str | None:
    """Return a test server's URL from the environment.

    Args:
        server: ``postgres`` or ``redis``.

    Returns:
        The URL, or ``None`` when it is not set.
    """
    return child_environment().get(URL_VARIABLES[server]) or None


def servers_required() -> bool:
    """Tell whether missing servers must fail rather than skip (CI).

    Returns:
        True when ``SETSQUARE_REQUIRE_SERVERS`` is set to 1.
    """
    return child_environment().get(REQUIRE_VARIABLE) == "1"


def missing(servers: tuple[str, ...]) -> str | None:
    """Describe the servers a variant needs that are not available.

    Args:
        servers: The servers the variant needs.

    Returns:
        A one-line reason naming the unset variables, or ``None``.
    """
    unset = [URL_VARIABLES[server] for server in servers if server_url(server) is None]
    if not unset:
        return None
    return f"{', '.join(unset)} not set: the server gates did not run; {START_HINT}"


def _psql(base_url: str, sql: str) -> None:
    """Run one SQL statement on the server's maintenance database.

    Args:
        base_url: The server's URL (``postgresql+asyncpg://user@host:port/db``).
        sql: The statement.
    """
    parts = urlsplit(base_url)
    environment = {"PGPASSWORD": parts.password} if parts.password else {}
    completed = run(
        [
            find_executable("psql"),
            "--host",
            parts.hostname or "127.0.0.1",
            "--port",
            str(parts.port or 5432),
            "--username",
            parts.username or "postgres",
            "--dbname",
            parts.path.lstrip("/") or "postgres",
            "--no-psqlrc",
            "--quiet",
            "--set",
            "ON_ERROR_STOP=1",
            "--command",
            sql,
        ],
        env=environment,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, f"psql {sql!r}: {completed.stderr}"


@contextmanager
def fresh_database(base_url: str, name: str) -> Generator[str]:
    """Create an empty database for one rendered project, and drop it afterwards.

    Args:
        base_url: The test server's URL.
        name: A name for the database (made safe here).

    Yields:
        The new database's URL.
    """
    database = re.sub(r"[^a-z0-9_]", "_", name.lower())[:60]
    _psql(base_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _psql(base_url, f'CREATE DATABASE "{database}"')
    parts = urlsplit(base_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{database}"))
    finally:
        _psql(base_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
