"""/api/openapi.json against the rules of Redocly's `recommended` and Spectral's `spectral:oas` rulesets
(encoded here so CI needs no npm), and the schema's promises checked against the running API: what it
calls public answers without a session, what it secures answers 401, bodies that are not JSON get 400,
date queries refuse `0`, and the calendar is text/calendar."""

import json
import re

import pytest

METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
_REF = re.compile(r'"\$ref": "#/components/([^/]+)/([^"]+)"')


@pytest.fixture
def schema(client):
    answer = client.get("/api/openapi.json")
    assert answer.status_code == 200
    return answer.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield path, method, op


def _date_query(param) -> bool:
    s = param.get("schema", {})
    return s.get("format") == "date" or any(a.get("format") == "date" for a in s.get("anyOf", []))


# --- Redocly recommended / Spectral oas, as rules over the document ---


@pytest.mark.django_db
def test_info_servers_and_tags(schema):
    info = schema["info"]
    assert info["title"] and info["version"] and info["description"]  # info-description
    assert info["contact"]  # info-contact
    assert info["license"]["name"] and info["license"]["url"].startswith("https://")  # info-license(-url)
    assert schema["servers"]  # no-empty-servers, oas3-api-servers
    for server in schema["servers"]:
        assert "example.com" not in server["url"] and not server["url"].endswith("/")
    tags = [t["name"] for t in schema["tags"]]
    assert len(tags) == len(set(tags)) and all(t["description"] for t in schema["tags"])


@pytest.mark.django_db
def test_every_operation_has_an_id_summary_description_tag_and_security(schema):
    tags = {t["name"] for t in schema["tags"]}
    schemes = set(schema["components"]["securitySchemes"])
    ids = []
    for path, method, op in operations(schema):
        where = f"{method.upper()} {path}"
        ids.append(op["operationId"])
        assert op.get("summary"), where  # operation-summary
        assert op.get("description"), where  # operation-description
        assert op.get("tags") and set(op["tags"]) <= tags, where  # operation-tags, operation-tag-defined
        assert "security" in op, where  # security-defined (no global security)
        assert all(set(req) <= schemes for req in op["security"]), where
        if method != "get":
            assert op["security"] == [{"SessionAuth": []}], where  # writes need the session
    assert len(ids) == len(set(ids))  # operation-operationId-unique
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", i) for i in ids)  # operation-operationId-url-safe


@pytest.mark.django_db
def test_public_reads_say_so(schema):
    public = [(p, m) for p, m, op in operations(schema) if op["security"] == []]
    assert ("/api/orgs/{org}/chair", "get") in public and ("/api/orgs/{org}/calendar.ics", "get") in public
    assert all(m == "get" for _, m in public)


@pytest.mark.django_db
def test_responses_document_the_errors_that_can_occur(schema):
    for path, method, op in operations(schema):
        where = f"{method.upper()} {path}"
        codes = set(op["responses"])
        assert any(c.startswith("2") for c in codes), where  # operation-2xx-response
        assert "422" in codes, where  # operation-4xx-response; every input error names its field
        assert all(r.get("description") for r in op["responses"].values()), where
        if "{" in path:
            assert "404" in codes, where
        if "requestBody" in op:
            assert "400" in codes, where
        if op["security"]:
            assert {"401", "403"} <= codes, where
        if method != "get":
            assert "409" in codes, where


@pytest.mark.django_db
def test_path_parameters_are_declared(schema):
    for path, method, op in operations(schema):
        declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"{([^}]+)}", path)), f"{method} {path}"  # path-params
        assert all(p["required"] for p in op.get("parameters", []) if p["in"] == "path")
    assert not [p for p in schema["paths"] if p != "/" and p.endswith("/")]  # path-keys-no-trailing-slash


@pytest.mark.django_db
def test_every_component_is_used_and_every_reference_resolves(schema):
    components = schema["components"]
    reached, todo = set(), set(_REF.findall(json.dumps(schema["paths"])))
    while todo:
        kind, name = todo.pop()
        assert name in components.get(kind, {}), f"dangling $ref {kind}/{name}"
        if (kind, name) not in reached:
            reached.add((kind, name))
            todo |= set(_REF.findall(json.dumps(components[kind][name])))
    defined = {("schemas", n) for n in components["schemas"]}
    assert defined - reached == set()  # no-unused-components, oas3-unused-component
    assert "OnQuery" not in components["schemas"]  # ninja's query models: flattened into parameters


@pytest.mark.django_db
def test_calendar_endpoints_declare_text_calendar(schema):
    ics = [(p, op) for p, m, op in operations(schema) if p.endswith(".ics")]
    assert ics
    for path, op in ics:
        assert set(op["responses"]["200"]["content"]) == {"text/calendar"}, path


# --- the schema's promises, checked against the API itself ---


def _url(path: str) -> str:
    return re.sub(r"{[^}]+}", "1", path.replace("{org}", "sco"))


def _org_only(path: str) -> bool:
    return re.findall(r"{([^}]+)}", path) == ["org"]


@pytest.mark.django_db
def test_public_and_secured_operations_answer_as_documented(client, sco, schema):
    checked = 0
    for path, method, op in operations(schema):
        if method == "get" and not _org_only(path):
            continue
        if method == "get":
            answer = client.get(_url(path))
        else:
            answer = getattr(client, method)(_url(path), data="{}", content_type="application/json")
        if op["security"]:
            assert answer.status_code == 401, f"{method} {path}"
        else:
            assert answer.status_code == 200, f"{method} {path}"
        checked += 1
    assert checked > 30


@pytest.mark.django_db
def test_a_body_that_is_not_json_gets_400(client, people, schema):
    client.force_login(people["secretariat"])
    bodies = [(p, m) for p, m, op in operations(schema) if "requestBody" in op and _org_only(p)]
    assert len(bodies) >= 4
    for path, method in bodies:
        answer = getattr(client, method)(_url(path), data="{not json", content_type="application/json")
        assert answer.status_code == 400 and answer.json()["detail"], f"{method} {path}"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "1700000000", "2024-01-01T05:00", "01/02/2024", "2024-02-30"])
def test_date_queries_refuse_what_is_not_a_day(client, sco, schema, value):
    """`?on=0` was read as 1970-01-01 (pydantic takes numbers as Unix time); now 422 naming the field."""
    seen = 0
    for path, _method, op in operations(schema):
        for param in op.get("parameters", []):
            if param["in"] == "query" and _date_query(param):
                answer = client.get(_url(path), {param["name"]: value})
                assert answer.status_code == 422, f"{path}?{param['name']}={value}"
                assert [e["field"] for e in answer.json()["detail"]] == [param["name"]]
                seen += 1
    assert seen >= 6  # statuses, members, chair, forecast: on; sessions, calendar: from, to


@pytest.mark.django_db
def test_date_queries_still_take_a_day(client, sco):
    assert client.get("/api/orgs/sco/chair", {"on": "2024-01-01"}).json()["chair"]["code"] == "KZ"
    assert client.get("/api/orgs/sco/sessions", {"from": "2024-01-01", "to": "2024-12-31"}).status_code == 200


@pytest.mark.django_db
def test_the_calendar_is_served_as_text_calendar(client, sco):
    answer = client.get("/api/orgs/sco/calendar.ics")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")


@pytest.mark.django_db
@pytest.mark.parametrize("value", [0, "0", "2024-03-20T00:00"])
def test_session_dates_in_a_body_refuse_what_is_not_a_day(client, people, value):
    client.force_login(people["secretariat"])
    url = "/api/orgs/sco/sessions"
    answer = client.post(url, data={"body": "CNC", "start": value}, content_type="application/json")
    assert answer.status_code == 422 and answer.json()["detail"][0]["field"] == "start"
    answer = client.post(url, data={"body": "CNC", "start": "2024-03-20"}, content_type="application/json")
    assert answer.status_code == 201
