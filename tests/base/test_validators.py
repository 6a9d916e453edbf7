"""The shared validators, and the stored `javascript:` link the outside probe found on session decisions."""

import pytest

from accord.base import validators
from accord.core.errors import InputError
from accord.meetings import actions
from accord.meetings.models import Decision
from accord.orgs.models import Session


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "is required"),
        ("a\x00b", "control characters"),
        ("two\nlines", "one line"),
        ("x" * 301, "longer than 300"),
        (12, "must be text"),
    ],
)
def test_text_refusals_name_the_field(value, message):
    with pytest.raises(InputError, match=message) as refused:
        validators.text(value, "title")
    assert refused.value.field == "title"


def test_multiline_text_keeps_its_lines():
    assert validators.text(" a\nb\tc ", "text", multiline=True) == "a\nb\tc"


@pytest.mark.parametrize(
    "link", ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example"]
)
def test_links_are_web_addresses_or_paths_here(link):
    with pytest.raises(InputError, match="http"):
        validators.url(link, "url")


@pytest.mark.parametrize(
    "link", ["https://eng.sectsco.org/", "http://example.org/a b"[:22], "/sco/meetings/"]
)
def test_good_links_pass(link):
    assert validators.url(link, "url") == link


@pytest.mark.django_db
def test_a_session_decision_refuses_a_script_link(sco):
    session = Session.objects.filter(organisation=sco, body__code="CHS").first()
    with pytest.raises(InputError) as refused:
        actions.record_decision(None, session, title="Declaration", url="javascript:alert(1)")
    assert refused.value.field == "url" and not Decision.objects.filter(title="Declaration").exists()
