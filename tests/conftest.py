"""Shared fixtures: database engines for SQLite and PostgreSQL.

PostgreSQL tests use the server at ``NLSEG_TEST_POSTGRES_URL`` (default: the CI server,
postgres@127.0.0.1:5432/test); each test session creates a scratch database there and
drops it afterwards. When the server cannot be reached the tests are skipped — unless
``NLSEG_REQUIRE_POSTGRES=1`` (set by .ci/run), when they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from nlseg.store import make_engine

POSTGRES_URL = os.environ.get(
    "NLSEG_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("NLSEG_REQUIRE_POSTGRES") == "1"


def _postgres_server() -> Engine | None:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        admin.dispose()
        message = f"PostgreSQL at {make_url(POSTGRES_URL).render_as_string()} unreachable: {exc}"
        if REQUIRE_POSTGRES:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return admin


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """The URL of a scratch PostgreSQL database for this test session (or worker)."""
    admin = _postgres_server()
    name = f"nlseg_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/nlseg.db"


@pytest.fixture
def sqlite_engine(sqlite_url) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine(postgres_database) -> Iterator[Engine]:
    """A PostgreSQL engine on an empty scratch schema; tables are dropped afterwards."""
    from nlseg.store.schema import metadata

    engine = make_engine(postgres_database)
    metadata.drop_all(engine)
    yield engine
    metadata.drop_all(engine)
    engine.dispose()


BOTH_DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BOTH_DATABASES)
def engine(request) -> Engine:
    """Each test using it runs once on SQLite and once on PostgreSQL, on an empty store."""
    name = "sqlite_engine" if request.param == "sqlite" else "postgres_engine"
    return request.getfixturevalue(name)


@pytest.fixture(scope="module", params=BOTH_DATABASES)
def module_engine(request, tmp_path_factory) -> Iterator[Engine]:
    """An engine on a database of its own, shared by one test module (fill it once)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("store") / "nlseg.db"
        engine = make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    admin = _postgres_server()
    name = f"nlseg_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(POSTGRES_URL).set(database=name).render_as_string(False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# Random exploration locally; a fixed, reproducible sequence in CI so a red build can be
# replayed exactly (hypothesis prints the failing example either way).
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="module")
def browser_available() -> None:
    """Playwright and Debian's Chromium are here: else skip, or fail under
    NLSEG_REQUIRE_BROWSER=1 (CI)."""
    from nlseg.ui import testing as web

    missing = web.browser_missing()
    if missing is None:
        return
    if os.environ.get("NLSEG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NLSEG_REQUIRE_BROWSER=1 but {missing}", pytrace=False)
    pytest.skip(missing)
