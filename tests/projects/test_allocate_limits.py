"""Input caps and the time limit of `accord finance allocate` and POST allocation-runs."""

import copy
import json

import pytest

from accord.audit.models import AuditEvent
from accord.cli import main
from accord.core.allocation import Funder, Portfolio, Project, allocate, check_plan
from accord.core.errors import InputError
from accord.projects import actions
from accord.projects.models import AllocationRun

PORTFOLIO = {
    "currency": "USD",
    "projects": [{"id": "P1", "cost": 120.0, "sector": "transport", "countries": ["KZ"], "priority": 3}],
    "funders": [{"id": "F1", "capital": 500.0, "sectors": ["transport"], "countries": ["KZ"]}],
}


def _file(tmp_path, text):
    path = tmp_path / "p.json"
    path.write_text(text)
    return str(path)


def _with_cost(literal: str) -> str:
    # json.dumps cannot write these literals; put them in by hand, as a user's file would have them.
    return json.dumps(PORTFOLIO).replace("120.0", literal)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (_with_cost("1" * 5000), "a number is too long"),
        (_with_cost("1.7e308"), "projects[0].cost: must be at most 1e+15"),
        (_with_cost("1e400"), "projects[0].cost: must be a finite number, not Infinity"),
        (_with_cost("Infinity"), "projects[0].cost: must be a finite number, not Infinity"),
        (_with_cost("-Infinity"), "projects[0].cost: must be a finite number, not -Infinity"),
        (_with_cost("NaN"), "projects[0].cost: must be a finite number, not NaN"),
        (_with_cost("99999999999999999999999"), "projects[0].cost: must be at most 1e+15"),
        (json.dumps(PORTFOLIO).replace('"priority": 3', '"priority": 1e9'), "projects[0].priority"),
    ],
)
def test_reproductions_exit_2_with_one_line(tmp_path, capsys, text, fragment):
    assert main(["finance", "allocate", _file(tmp_path, text), "--json"]) == 2
    captured = capsys.readouterr()
    assert fragment in captured.err and captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.out == ""


@pytest.mark.parametrize("limit", ["0", "-1", "nan", "inf", "86401"])
def test_time_limit_out_of_range_exits_2(tmp_path, capsys, limit):
    assert main(["finance", "allocate", _file(tmp_path, json.dumps(PORTFOLIO)), "--time-limit", limit]) == 2
    err = capsys.readouterr().err
    assert "--time-limit" in err and err.count("\n") == 1


def test_help_states_the_default_time_limit(capsys):
    with pytest.raises(SystemExit):
        main(["finance", "allocate", "--help"])
    assert "(default 60)" in capsys.readouterr().out


def _hard() -> Portfolio:
    # Four projects of one priority competing for one capital: only a search proves the best pair.
    projects = tuple(Project(f"P{c}", float(c), "energy", ("KZ",)) for c in (34, 35, 36, 37))
    return Portfolio("USD", projects, (Funder("F", 100.0, ("energy",), ("KZ",)),))


def test_out_of_time_returns_a_valid_plan_with_its_gap() -> None:
    # A limit of a nanosecond leaves only the greedy start plan; its gap is to the LP-free bound (every
    # open project funded), so it is positive, and the plan still keeps every rule.
    portfolio = _hard()
    result = allocate(portfolio, time_limit=1e-9)
    assert not result.optimal and 0 < result.gap < 1
    assert check_plan(portfolio, result) == []
    best = allocate(portfolio)
    assert best.optimal and best.gap == 0.0 and best.value >= result.value
    bound = result.value / (1 - result.gap)
    assert best.value <= bound * (1 + 1e-9)
    json.dumps(result.to_json(), allow_nan=False)  # valid JSON, never Infinity or NaN


def test_cli_json_carries_optimal_false_and_the_gap(tmp_path, capsys):
    data = copy.deepcopy(_hard().to_json())
    assert (
        main(["finance", "allocate", _file(tmp_path, json.dumps(data)), "--json", "--time-limit", "1e-9"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["optimal"] is False and out["gap"] > 0
    assert list(out) == ["funded", "allocations", "value", "unfunded", "optimal", "gap"]


def test_largest_amounts_still_give_valid_json(tmp_path, capsys):
    data = copy.deepcopy(PORTFOLIO)
    data["projects"][0].update(cost=1e15, priority=1e6)
    data["funders"][0]["capital"] = 1e15
    assert main(["finance", "allocate", _file(tmp_path, json.dumps(data)), "--json"]) == 0
    out = capsys.readouterr().out
    assert "Infinity" not in out and "NaN" not in out
    assert json.loads(out)["value"] == 1e21


API = "/api/orgs/sco"


@pytest.mark.django_db
@pytest.mark.parametrize("limit", ["0", "0.5", "301", "nan", "abc"])
def test_api_time_limit_is_bounded(people, pipeline, login, limit):
    c = login(people["secretariat"])
    r = c.post(f"{API}/allocation-runs?time_limit={limit}")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "time_limit"


@pytest.mark.django_db
def test_api_run_reports_optimal_and_gap(people, pipeline, login):
    c = login(people["secretariat"])
    r = c.post(f"{API}/allocation-runs?time_limit=5")
    assert r.status_code == 201
    body = r.json()
    assert body["optimal"] is True and body["gap"] == 0.0 and body["result"]["gap"] == 0.0


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [0.0, 0.99, 300.5, float("nan")])
def test_action_refuses_a_time_limit_out_of_range_and_writes_nothing(people, pipeline, actor, sco, limit):
    before = (AllocationRun.objects.count(), AuditEvent.objects.count())
    with pytest.raises(InputError) as refused:
        actions.run_allocation(actor(people["secretariat"]), sco, time_limit=limit)
    assert refused.value.field == "time_limit"
    assert (AllocationRun.objects.count(), AuditEvent.objects.count()) == before
