import re
from datetime import date

import pytest
from freezegun import freeze_time
from openapi_spec_validator import validate


def test_openapi_schema(client, sco):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert "/api/orgs/{org}/chair" in paths and "/api/orgs/{org}/chair/forecast" in paths
    # Every operation documents its error answers, in the shape the handlers really give.
    for path, operations in paths.items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert "422" in documented, (method, path)
            if method != "get":
                assert {"401", "403", "409"} <= documented, (method, path)
    validate(r.json())  # a valid OpenAPI 3.1 document, so client generators accept it
    errors = r.json()["components"]["schemas"]["FieldErrors"]["properties"]["detail"]["items"]["required"]
    answer = client.get("/api/orgs/sco/chair", {"on": "bad"}).json()
    assert set(answer["detail"][0]) == set(errors) and answer["detail"][0]["field"] == "on"


def test_chair_on_a_date(client, sco):
    r = client.get("/api/orgs/sco/chair", {"body": "CHS", "on": "2024-03-01"})
    assert r.status_code == 200
    body = r.json()
    assert body["chair"]["code"] == "KZ" and body["chair"]["name"]["ru"] == "Казахстан"
    assert body["term"]["start"] == "2023-07-05" and body["term"]["end"] == "2024-07-04"
    assert body["basis"] == "recorded"


def test_forecast(client, sco):
    r = client.get("/api/orgs/sco/chair/forecast", {"on": "2025-10-01", "n": 3})
    assert [t["code"] for t in r.json()["terms"]] == ["KG", "PK", "RU", "TJ"]


def test_statuses_on_a_date(client, sco):
    members_2010 = {s["code"] for s in client.get("/api/orgs/sco/members", {"on": "2010-01-01"}).json()}
    assert members_2010 == {"CN", "KZ", "KG", "RU", "TJ", "UZ"}
    members_2025 = {s["code"] for s in client.get("/api/orgs/sco/members", {"on": "2025-01-01"}).json()}
    assert members_2025 == {"BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"}
    st = {s["state"]: s["status"] for s in client.get("/api/orgs/sco/statuses", {"on": "2026-02-01"}).json()}
    assert st["MN"] == "partner" and st["TR"] == "partner" and st["IN"] == "member"


@pytest.mark.parametrize(
    "url,params,field",
    [
        ("/api/orgs/sco/chair", {"on": "2024-02-30"}, "on"),
        ("/api/orgs/sco/chair", {"on": "x"}, "on"),
        ("/api/orgs/sco/chair", {"body": "XYZ"}, "body"),
        ("/api/orgs/sco/chair", {"on": "1990-01-01"}, "on"),
        ("/api/orgs/sco/chair/forecast", {"n": "-1"}, "n"),
        ("/api/orgs/sco/chair/forecast", {"n": "many"}, "n"),
        ("/api/orgs/sco/statuses", {"on": "2024-1-1x"}, "on"),
    ],
)
def test_bad_parameters_answer_422_naming_the_field(client, sco, url, params, field):
    r = client.get(url, params)
    assert r.status_code == 422, r.content
    assert any(e["field"] == field for e in r.json()["detail"]), r.json()


def test_unknown_org_is_404(client, sco):
    assert client.get("/api/orgs/nope/chair").status_code == 404
    assert client.get("/nope/").status_code == 404


@freeze_time("2024-03-01 12:00:00")
def test_home_page_shows_today(client, sco, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        r = client.get("/sco/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Kazakhstan" in html and "recorded decision" in html
    assert "Belarus" in html  # a partner then, listed among partners


def test_home_page_query_count_is_constant(client, sco, django_assert_max_num_queries, make_person):
    with django_assert_max_num_queries(12):
        client.get("/sco/")


def test_pages_in_three_languages(client, sco):
    for lang, word in (("ru", "Казахстан"), ("zh-hans", "哈萨克斯坦"), ("en", "Kazakhstan")):
        r = client.get("/sco/states/KZ/", HTTP_ACCEPT_LANGUAGE=lang)
        assert word in r.content.decode(), lang


@freeze_time("2026-12-01 12:00:00")
def test_state_page_history(client, sco, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        html = client.get("/sco/states/BY/").content.decode()
    bar = html[html.index('class="status-bar"') : html.index('class="status-years')]
    segments = re.findall(r'class="seg (\w+)" style="left:([\d.]+)%;width:([\d.]+)%', bar)
    assert [kind for kind, _, _ in segments] == ["dialogue_partner", "observer", "member"]
    assert float(segments[0][1]) == 0 and abs(sum(float(w) for _, _, w in segments) - 100) < 0.01
    html = html[html.index('class="status-history"') :]
    assert html.index("dialogue partner") < html.index("observer") < html.index("member state")
    assert client.get("/sco/states/ZZ/").status_code == 404


def test_rotation_page(client, sco, django_assert_max_num_queries):
    with freeze_time(date(2024, 3, 1)), django_assert_max_num_queries(6):
        html = client.get("/sco/rotation/?ahead=30").content.decode()
    assert "term recorded current" in html or "current" in html
    assert html.count('class="term forecast') >= 5


def test_login_rate_limited(client, make_person):
    make_person("victim", "public", "public")
    for _ in range(5):
        assert client.post("/accounts/login/", {"username": "victim", "password": "wrong"}).status_code == 200
    r = client.post("/accounts/login/", {"username": "victim", "password": "accord-test-pw"})
    assert r.status_code == 429


@freeze_time("2024-06-10 12:00:00")
@pytest.mark.parametrize(
    "lang,abbreviation,meets,day",
    [
        ("en", "(CHS)", "at least three times a year", "10 Jun 2024"),
        ("ru", "(СГГ)", "не реже трёх раз в год", "10 июня 2024"),
        ("zh-hans", None, "每年至少三次", "2024年6月10日"),
    ],
)
def test_home_page_speaks_the_language_in_bodies_and_dates(client, sco, lang, abbreviation, meets, day):
    html = client.get("/sco/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert meets in html and day in html
    assert "RATS_COUNCIL" not in html and "(SECRETARIAT)" not in html
    if abbreviation:
        assert abbreviation in html
    else:
        assert "(CHS)" not in html and "(СГГ)" not in html


@freeze_time("2024-06-10 12:00:00")
def test_state_page_marks_a_status_still_to_come(client, sco):
    """On 10 Jun 2024 Belarus is an observer; its membership from 4 Jul 2024 is upcoming, not 'today'."""
    html = client.get("/sco/states/BY/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    bar = html[html.index('class="status-bar"') : html.index('class="status-years')]
    assert "seg member" not in bar and "seg observer" in bar  # the bar runs to today, not beyond
    assert "member state from 4 Jul 2024" in html
    history = html[html.index('class="status-history"') :]
    assert '<li class="upcoming"><strong>member state</strong>: 4 Jul 2024 – upcoming' in history
    assert "docs/sco-facts.md" not in history.replace('title="', "\0").split("\0", 1)[0]  # sources only on hover
    india = client.get("/sco/states/IN/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "видеоконференция" in india  # the CHG 2020 meeting, held online, has no city


def test_bodies_api_gives_abbreviations_and_meeting_rhythm_in_every_language(client, sco):
    bodies = {b["code"]: b for b in client.get("/api/orgs/sco/bodies").json()}
    assert bodies["CHS"]["abbreviation"] == {"en": "CHS", "ru": "СГГ"}
    assert bodies["SECRETARIAT"]["abbreviation"] == {}
    assert bodies["CNC"]["meets"] == {
        "en": "at least three times a year",
        "ru": "не реже трёх раз в год",
        "zh": "每年至少三次",
    }


def test_one_persons_typos_do_not_lock_out_colleagues_at_the_same_address(client, make_person):
    make_person("typist", "public", "public")
    make_person("colleague", "public", "public")
    for _ in range(6):
        client.post("/accounts/login/", {"username": "typist", "password": "wrong"})
    r = client.post("/accounts/login/", {"username": "colleague", "password": "accord-test-pw"})
    assert r.status_code == 302


def test_an_address_trying_many_usernames_is_refused(client, settings, make_person):
    settings.LOGIN_RATE_LIMIT = (5, 8, 300)
    make_person("target", "public", "public")
    for n in range(8):
        assert client.post("/accounts/login/", {"username": f"guess{n}", "password": "x"}).status_code == 200
    r = client.post("/accounts/login/", {"username": "target", "password": "accord-test-pw"})
    assert r.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, settings, make_person):
    settings.LOGIN_RATE_LIMIT, settings.PROXY_COUNT = (5, 3, 300), 1
    make_person("roamer", "public", "public")
    for n in range(3):
        client.post(
            "/accounts/login/", {"username": f"g{n}", "password": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
    blocked = client.post(
        "/accounts/login/",
        {"username": "roamer", "password": "accord-test-pw"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    other = client.post(
        "/accounts/login/",
        {"username": "roamer", "password": "accord-test-pw"},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert (blocked.status_code, other.status_code) == (429, 302)


@freeze_time("2026-02-01 12:00:00")
@pytest.mark.parametrize(
    "lang,order",
    [
        (
            "zh-hans",
            [
                "巴基斯坦",
                "白俄罗斯",
                "俄罗斯",
                "哈萨克斯坦",
                "吉尔吉斯斯坦",
                "塔吉克斯坦",
                "乌兹别克斯坦",
                "伊朗",
                "印度",
                "中国",
            ],
        ),
        (
            "ru",
            [
                "Беларусь",
                "Индия",
                "Иран",
                "Казахстан",
                "Китай",
                "Кыргызстан",
                "Пакистан",
                "Россия",
                "Таджикистан",
                "Узбекистан",
            ],
        ),
    ],
)
def test_member_states_are_listed_in_the_languages_dictionary_order(client, sco, lang, order):
    """Chinese lists follow pinyin (the data's collation), not code points; Russian its alphabet."""
    html = client.get("/sco/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    members = html[html.index('class="states"') :]
    members = members[: members.index("</ul>")]
    assert [members.index(f">{name}<") for name in order] == sorted(
        members.index(f">{name}<") for name in order
    )


def test_favicon_ico_leads_to_the_icon(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 301 and r["Location"].endswith("web/favicon.svg")


def test_chair_api_runs_a_constant_number_of_queries(client, sco, django_assert_max_num_queries):
    for n in (0, 50):
        with django_assert_max_num_queries(5):
            assert len(client.get("/api/orgs/sco/chair/forecast", {"n": n}).json()["terms"]) == n + 1
