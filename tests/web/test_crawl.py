"""A bounded crawl of the demo: every page reachable from the menus (and the links on those pages, one step
further), for every demo role and the public, in English, Russian and Chinese.

Every page answers without a server error; every HTML page is in the site's shell; and on Russian and
Chinese pages no interface string of ours is left in English. "Interface string" is what our catalogues
(the apps' .po files) hold: a page that shows one of their msgids verbatim failed to translate it. Data (titles
of drafts, names of institutions) is not in the catalogues, so it is not flagged.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

import accord

ROLES = ["secretariat", "kz-head", "kz-nc", "kz-delegate", "in-delegate", "cn-head", "mn-delegate", "investor",
         "public", None]  # None: not signed in
LANGS = ["en", "ru", "zh-hans"]
PER_ROLE = 45  # pages per role, menus first: bounds the crawl
SKIP = re.compile(r"^/(admin|api|accounts/logout|i18n|jsi18n|static|media|favicon)|\.(csv|ics|xml|json|pdf)$"
                  r"|/file/$|/remove/$")
# msgids that may show on a translated page: the same word in every language, or data-like.
ALLOWED = {"accord", "CSV", "IATI", "iCalendar", "Akoma Ntoso", "OK", "USD", "URL", "ID"}
SOURCES = Path(accord.__file__).parent
# Data that happens to read like an interface string, by kind of page.
ALLOWED_ON: dict[str, set[str]] = {
    # sources of a dated step (reference data notes, in English)
    "/sco/programmes/*/": {"date written for the demo"},
    "/sco/states/*/": {"dialogue partner"},  # the source note of a status, in a title attribute
    # the draft's own text ("... member states ...", "... new dialogue partners.")
    "/sco/negotiations/drafts/*/": {"member state", "dialogue partner"},
    # notices are composed once, in the recipient's language when sent; demo people chose none
    # link names in the network data ("Baku-Tbilisi-Kars railway (gauge change at Akhalkalaki)")
    "/sco/connectivity/": {"gauge change", "gauge change at"},
    "/sco/inbox/": {"Break it only in writing", "Silence procedure", "Silence procedure opened",
                    "Silence runs until"},
}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for name in ("title", "aria-label", "placeholder"):
            if a.get(name):
                self.text.append(a[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(" ".join(data.split()))


def _interface_strings() -> list[str]:
    """The literal parts (12+ characters, or whole msgids of 2+ words) of every msgid in our catalogues."""
    out = set()
    for po in SOURCES.glob("*/locale/ru/LC_MESSAGES/django.po"):
        for block in re.findall(r'^msgid ((?:".*"\n)+)', po.read_text(encoding="utf-8"), re.M):
            msgid = "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"').replace("\\n", " ")
            if not msgid or msgid in ALLOWED:
                continue
            parts = [p.strip(" .,:;()") for p in re.split(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}", msgid)]
            # One word alone may as well be data ("Organisation", a name): only phrases are checked.
            out.update(p for p in parts if len(p.split()) >= 2 and (len(parts) == 1 or len(p) >= 12))
    return sorted(out, key=len, reverse=True)


def _crawl(client: Client, start: list[str]) -> dict[str, object]:
    seen: dict[str, object] = {}
    queue = list(start)
    while queue and len(seen) < PER_ROLE:
        url = queue.pop(0)
        if url in seen:
            continue
        r = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        seen[url] = r
        if r.status_code == 200 and r["Content-Type"].startswith("text/html") and url in start:
            parser = _Page()
            parser.feed(r.content.decode())
            for href in parser.links:
                href = urldefrag(href)[0]
                parts = urlsplit(href)
                if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                    continue
                if href not in seen and href not in queue:
                    queue.append(href)
    return seen


@pytest.mark.django_db
def test_crawl_every_role_and_language():
    from accord.demo import load_demo

    logins = load_demo()
    client = Client(raise_request_exception=False)
    strings = _interface_strings()
    problems: list[str] = []
    visited = 0
    untranslated: dict[str, set[str]] = {}  # string -> where (role, path): one line each in the report
    for role in ROLES:
        client.logout()
        if role:
            assert client.login(username=role, password=logins.password), role
        home = client.get("/sco/", HTTP_ACCEPT_LANGUAGE="en")
        parser = _Page()
        parser.feed(home.content.decode())
        menu = re.findall(r'<nav class="mainnav".*?</nav>', home.content.decode(), re.S)[0]
        start = ["/sco/", *re.findall(r'href="(/[^"]+)"', menu)]
        pages = _crawl(client, start)
        visited += len(pages)
        for url in pages:
            for lang in LANGS:
                r = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
                where = f"{role or 'anonymous'} {lang} {url}"
                if r.status_code >= 500:
                    problems.append(f"{where}: {r.status_code}")
                    continue
                if r.status_code in (301, 302) or not r["Content-Type"].startswith("text/html"):
                    continue
                html = r.content.decode()
                if 'class="mainnav"' not in html or "</footer>" not in html:
                    problems.append(f"{where}: {r.status_code} outside the shell")
                    continue
                if lang == "en":
                    continue
                page = _Page()
                page.feed(html)
                text = "\n".join(page.text)
                for s in strings:
                    if s in text and s not in ALLOWED_ON.get(_pattern(url), ()):
                        untranslated.setdefault(s, set()).add(f"{role or 'anonymous'} {_pattern(url)}")
    print(f"crawled {visited} pages x {len(LANGS)} languages")
    assert visited >= 200  # the crawl reached past the menus
    problems += [f"English left: {s!r} on {sorted(where)[:4]}" for s, where in sorted(untranslated.items())]
    assert not problems, "\n".join(problems)


def _pattern(url: str) -> str:
    """/sco/states/BY/ -> /sco/states/*/: one line per kind of page."""
    return re.sub(r"/(?:[A-Z]{2}|\d+|[a-z]+-[\w-]+)/", "/*/", url)
