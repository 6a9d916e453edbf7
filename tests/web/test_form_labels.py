"""Every form's visible labels end with ":" (the same colon in English, Russian and Chinese: it is what
Django's own label_suffix gives in all three, so hand-written and Django-rendered labels agree).

The crawl walks the demo's menus and the pages they link to, for several roles, plus every draft's forms,
and checks every <label> on every HTML page: a label hidden from sight (class visually-hidden) and the label
of a check box or radio button (which reads as a sentence after its box) are the only exceptions."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from .test_crawl import _crawl

ROLES = ["secretariat", "kz-head", "kz-delegate", "investor", None]
CONTROLS = {"input", "select", "textarea"}
BOXES = {"checkbox", "radio"}


class _Labels(HTMLParser):
    """Each label's own text (up to the control it wraps), its classes, and what it labels."""

    def __init__(self):
        super().__init__()
        self.labels: list[dict] = []
        self.types: dict[str, str] = {}  # control id -> input type
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in CONTROLS:
            kind = a.get("type", "text") if tag == "input" else tag
            if a.get("id"):
                self.types[a["id"]] = kind
            if self._open is not None and not self._open["closed"]:
                self._open["wraps"] = kind
                self._open["closed"] = True
        if tag == "label":
            self._open = {
                "for": a.get("for"),
                "class": a.get("class") or "",
                "text": "",
                "wraps": None,
                "closed": False,
            }

    def handle_endtag(self, tag):
        if tag == "label" and self._open is not None:
            self.labels.append(self._open)
            self._open = None

    def handle_data(self, data):
        if self._open is not None and not self._open["closed"]:
            self._open["text"] += data

    def bad(self) -> list[str]:
        out = []
        for label in self.labels:
            kind = label["wraps"] or self.types.get(label["for"] or "", "")
            text = " ".join(label["text"].split())
            if "visually-hidden" in label["class"].split() or kind in BOXES or kind == "hidden" or not text:
                continue
            if not text.endswith((":", "：")):
                out.append(text)
        return out


def labels_without_colon(html: str) -> list[str]:
    parser = _Labels()
    parser.feed(html)
    return parser.bad()


def test_the_check_itself():
    assert labels_without_colon('<label for="a">Name</label><input id="a">') == ["Name"]
    assert labels_without_colon('<label>Round: <select name="a"></select></label>') == []
    assert (
        labels_without_colon('<label class="visually-hidden" for="l">Language</label><select id="l">') == []
    )
    assert labels_without_colon('<label><input type="checkbox"> restricted</label>') == []
    assert labels_without_colon('<label for="c">restricted</label><input type="checkbox" id="c">') == []
    assert labels_without_colon('<label>Reason <input name="r"></label>') == ["Reason"]


@pytest.mark.django_db
def test_every_form_label_ends_with_a_colon():
    from accord.demo import load_demo
    from accord.negotiations.models import Draft

    logins = load_demo()
    client = Client(raise_request_exception=False)
    extra = [
        "/accounts/login/",
        "/sco/meetings/sessions/new/",
        "/sco/negotiations/register/?year=-1",
        "/sco/programmes/accountability/",
    ]
    for pk in Draft.objects.values_list("pk", flat=True):
        extra += [f"/sco/negotiations/drafts/{pk}/{p}" for p in ("", "text/", "history/", "compare/")]
    problems: dict[str, set[str]] = {}
    forms = 0
    for role in ROLES:
        client.logout()
        if role:
            assert client.login(username=role, password=logins.password), role
        home = client.get("/sco/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        menu = re.findall(r'<nav class="mainnav".*?</nav>', home, re.S)[0]
        pages = _crawl(client, ["/sco/", *re.findall(r'href="(/[^"]+)"', menu)])
        for url in [*pages, *extra]:
            for lang in ("en", "zh-hans"):
                r = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
                if r.status_code != 200 or not r["Content-Type"].startswith("text/html"):
                    continue
                html = r.content.decode()
                forms += html.count("<label")
                for text in labels_without_colon(html):
                    problems.setdefault(text, set()).add(f"{role or 'anonymous'} {lang} {url}")
    assert forms > 100  # not vacuous: the crawl met many labelled forms
    assert not problems, "\n".join(f"{t!r} on {sorted(w)[:3]}" for t, w in sorted(problems.items()))
