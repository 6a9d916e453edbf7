import os
import tempfile
from datetime import date

import pytest

# The embedded database of a test run never touches the user's own data directory.
os.environ.setdefault("ACCORD_DATA_DIR", tempfile.mkdtemp(prefix="accord-test-"))

PASSWORD = "accord-test-pw"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests create many people, so they hash with MD5 (never in production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _urls_loaded_before_any_frozen_clock():
    """The API builds its pydantic schemas when the URLs are first imported; under freezegun the date
    type is freezegun's and the schemas fail. So import them once, on the real clock."""
    import accord.urls  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache holds rate-limit counters: each test starts with none (the local cache is per process).
    The consensus maps are kept by draft id and version, which a rolled-back test database gives again."""
    from django.core.cache import cache

    from accord.negotiations import queries, views

    for store in (cache, queries._MAPS, views._PAGES):
        store.clear()
    yield
    for store in (cache, queries._MAPS, views._PAGES):
        store.clear()


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(settings, tmp_path):
    """Checkpoints name events of one database; each test's database starts afresh, so does its file."""
    settings.ACCORD_AUDIT_CHECKPOINTS = str(tmp_path / "audit-checkpoints.jsonl")


@pytest.fixture
def sco(db):
    """The SCO reference organisation, loaded into the test database."""
    from accord.orgs.actions import load_reference
    from accord.orgs.models import Organisation

    org = Organisation.objects.filter(code="sco").first()
    if org is None:
        load_reference("sco")
        org = Organisation.objects.get(code="sco")
    return org


@pytest.fixture
def make_person(sco):
    """make_person("kz-head", kind="delegation", role="head", state="KZ") -> Person with that affiliation."""
    from accord.orgs.actions import add_affiliation, create_person
    from accord.orgs.models import State

    def make(username, kind=None, role=None, state=None, start=date(2001, 1, 1), end=None, **kw):
        person = create_person(None, username=username, password=PASSWORD, check_password=False, **kw)
        if kind:
            st = State.objects.get(code=state) if state else None
            add_affiliation(None, person, sco, kind=kind, role=role, state=st, start=start, end=end)
        return person

    return make


@pytest.fixture
def people(make_person):
    """One person for each kind of user the permission matrix distinguishes."""
    return {
        "secretariat": make_person("sec", "secretariat", "staff"),
        "kz_head": make_person("kz-head", "delegation", "head", "KZ"),
        "kz_delegate": make_person("kz-delegate", "delegation", "delegate", "KZ"),
        "kz_nc": make_person("kz-nc", "delegation", "national_coordinator", "KZ"),
        "in_head": make_person("in-head", "delegation", "head", "IN"),
        "in_delegate": make_person("in-delegate", "delegation", "delegate", "IN"),
        "cn_head": make_person("cn-head", "delegation", "head", "CN"),
        "mn_delegate": make_person("mn-delegate", "delegation", "delegate", "MN"),
        "investor": make_person("investor", "investor", "investor"),
        "public": make_person("public", "public", "public"),
    }


@pytest.fixture
def login(client):
    def do(person):
        client.force_login(person)
        return client

    return do


def pytest_collection_modifyitems(config, items):
    """`postgres` tests need PostgreSQL (CI's second run sets DATABASE_URL); skip them elsewhere."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
