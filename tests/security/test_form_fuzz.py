"""Hypothesis over every page that takes a form: each route of the site (not the API, which schemathesis
covers, nor the admin) is posted random forms, anonymous and as three roles, with the field names the
templates use and values a user could type (control characters, other scripts' digits, huge numbers,
floats). A 5xx (the test client re-raises the view's exception) fails."""

import os
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accord

pytestmark = pytest.mark.django_db

# per route and role; ACCORD_FUZZ_EXAMPLES raises it for a longer hunt.
EXAMPLES = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "3"))

FIELDS = sorted(
    {
        name
        for template in Path(accord.__file__).parent.glob("*/templates/**/*.html")
        for name in re.findall(r'name="([a-z_]+)"', template.read_text(encoding="utf-8"))
    }
)
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "²", "٣", "1e30", "99999999999999999999999", "-1", "0", "NaN", "inf", "6.67e307"]),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        ["KZ", "USD", "XYZ", "transport", "loan", "soft", "firm", "endorsed", "2025-01-01", "on"]
    ),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=3),
).filter(lambda v: "\x00" not in v)  # NUL is answered 400 before any view (tests/security/test_bounds.py)
FORMS = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), VALUES, max_size=12).filter(
    lambda form: not any("\x00" in k for k in form)
)


def _routes() -> list[str]:
    out = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            else:
                out.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return [r for r in out if not r.startswith(("api/", "admin/", "static/", "^"))]


@pytest.mark.parametrize("who", [None, "kz_delegate", "secretariat", "investor"])
def test_no_form_post_answers_5xx(sco, people, finance, programme, who):
    client = Client()
    if who:
        client.force_login(people[who])
    ints = st.sampled_from([finance["commitment"].pk, 1, 2, 10**12]) | st.integers(
        min_value=0, max_value=10**20
    )
    words = st.sampled_from(["kz-rail", "kz-secret", "ct", "KZ", "agenda", "document", "decision"])
    values = {"int": ints.map(str), "slug": words, "str": words | st.text("abc-_", min_size=1, max_size=6)}
    routes = _routes()
    assert len(routes) > 50

    for route in routes:
        _fuzz(client, route, values)


def _fuzz(client, route: str, values: dict) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data(), form=FORMS)
    def post(data, form):
        def fill(match):
            converter, name = match.group(1), match.group(2)
            return "sco" if name == "org" else data.draw(values.get(converter, values["str"]))

        path = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)
        response = client.post(path, form)
        assert response.status_code < 500, (path, form, response.status_code)

    post()
