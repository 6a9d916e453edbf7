"""A Content-Security-Policy on every response; the templates run no inline code the policy does not list."""

import base64
import hashlib
import html
import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "src" / "accord").glob("*/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def _hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split("; ")}


@pytest.mark.parametrize(
    "url",
    [
        "/sco/",
        "/sco/rotation/",
        "/accounts/login/",
        "/admin/login/",
        "/api/orgs/sco/chair",
        "/api/docs",
        "/static/web/htmx.min.js",
        "/no-such-page/",
    ],
)
def test_every_response_carries_the_policy(client, sco, url):
    response = client.get(url)
    assert response.status_code == (404 if "no-such" in url else 200), (url, response.status_code)
    policy = _policy(response)
    assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"] and policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]


def test_the_api_docs_use_no_outside_scripts(client):
    page = client.get("/api/docs").content.decode()
    assert "cdn." not in page and "https://" not in page.split("<body", 1)[1]


def test_inline_code_in_templates_is_exactly_what_the_policy_allows():
    """Every inline <script> and on...= handler must be allowed by hash (better: moved to a static file);
    a hash for code no template has any more must go."""
    found = set()
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for attrs, body in INLINE_SCRIPT.findall(text):
            if "application/json" not in attrs:
                assert "{%" not in body and "{{" not in body, f"{path}: templated inline script"
                found.add(_hash(body))
        for double, single in HANDLER.findall(text):
            code = html.unescape(double or single)
            assert "{%" not in code and "{{" not in code, f"{path}: templated handler {code!r}"
            found.add(_hash(code))
    allowed = {s for s in settings.ACCORD_CSP["script-src"] if s.startswith("'sha256-")}
    assert found == allowed, {"not allowed": found - allowed, "no longer used": allowed - found}


def test_pages_use_no_javascript_urls():
    for path in TEMPLATES:
        assert "javascript:" not in path.read_text(encoding="utf-8").lower(), path
