"""Input caps and the time limit of `accord negotiate solve`."""

import json

import pytest

from accord.cli import main

GOOD = {
    "members": ["CN", "IN"],
    "provisions": [{"id": "PP1", "options": ["A", "B"]}],
    "stances": [{"member": "IN", "provision": "PP1", "option": "A", "stance": "object"}],
}


def _run(tmp_path, capsys, text, *extra):
    path = tmp_path / "p.json"
    path.write_text(text)
    code = main(["negotiate", "solve", str(path), *extra])
    return code, *capsys.readouterr()


@pytest.mark.parametrize(
    ("literal", "fragment"),
    [
        ("1" * 5000, "a number is too long"),
        ("1.7e308", "members[1]"),
        ("Infinity", "members[1]"),
        ("NaN", "members[1]"),
    ],
)
def test_reproductions_exit_2_with_one_line(tmp_path, capsys, literal, fragment):
    text = json.dumps(GOOD).replace('"IN"]', literal + "]", 1)
    code, out, err = _run(tmp_path, capsys, text, "--json")
    assert code == 2 and fragment in err and err.count("\n") == 1 and "Traceback" not in err and out == ""


@pytest.mark.parametrize("limit", ["0", "-5", "nan", "inf"])
def test_time_limit_out_of_range_exits_2(tmp_path, capsys, limit):
    code, out, err = _run(tmp_path, capsys, json.dumps(GOOD), "--time-limit", limit)
    assert code == 2 and "--time-limit" in err and err.count("\n") == 1


def test_time_limit_within_range_solves(tmp_path, capsys):
    code, out, err = _run(tmp_path, capsys, json.dumps(GOOD), "--json", "--time-limit", "5")
    assert code == 0 and json.loads(out)["package"] == {"PP1": "B"} and json.loads(out)["optimal"]


def test_help_states_the_default_time_limit(capsys):
    with pytest.raises(SystemExit):
        main(["negotiate", "solve", "--help"])
    assert "(default 60)" in capsys.readouterr().out
