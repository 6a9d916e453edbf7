import json

import pytest

from accord.cli import main

GOOD = {
    "members": ["CN", "IN", "PK", "RU"],
    "provisions": [{"id": "PP1", "options": ["A", "B"]}, {"id": "OP3", "options": ["A", "B", "DELETE"]}],
    "stances": [
        {"member": "IN", "provision": "OP3", "option": "A", "stance": "object"},
        {
            "member": "CN",
            "provision": "OP3",
            "option": "B",
            "stance": "object",
            "unless": [{"provision": "PP1", "option": "A"}],
        },
        {"member": "RU", "provision": "OP3", "option": "B", "stance": "support"},
        {"member": "PK", "provision": "PP1", "option": "B", "stance": "dissociate"},
    ],
}


def _run(tmp_path, capsys, content, *extra):
    f = tmp_path / "p.json"
    f.write_text(content if isinstance(content, str) else json.dumps(content))
    code = main(["negotiate", "solve", str(f), *extra])
    return code, *capsys.readouterr()


def test_json(tmp_path, capsys):
    code, out, err = _run(tmp_path, capsys, GOOD, "--json")
    assert code == 0 and json.loads(out) == {
        "consensus": True,
        "package": {"PP1": "A", "OP3": "B"},
        "blocking": [],
        "support": 1,
        "dissociations": 0,
        "optimal": True,
        "bound": 0,
        "gap": 0.0,
    }


def test_human(tmp_path, capsys):
    code, out, err = _run(tmp_path, capsys, GOOD)
    assert code == 0 and "Consensus" in out and "OP3: B" in out


BAD = [
    ("", "empty"),
    ("{", "bad JSON"),
    ("[]", "expected an object"),
    ({**GOOD, "members": ["CN", "CN"]}, "duplicate"),
    (
        {**GOOD, "stances": [{"member": "XX", "provision": "PP1", "option": "A", "stance": "object"}]},
        "member",
    ),
    (
        {**GOOD, "stances": [{"member": "CN", "provision": "PP9", "option": "A", "stance": "object"}]},
        "provision",
    ),
    (
        {**GOOD, "stances": [{"member": "CN", "provision": "PP1", "option": "Z", "stance": "object"}]},
        "option",
    ),
    ({**GOOD, "stances": [{"member": "CN", "provision": "PP1", "option": "A", "stance": "veto"}]}, "stance"),
    ({**GOOD, "provisions": [{"id": "PP1", "options": []}]}, "options"),
    ({**GOOD, "stances": [GOOD["stances"][0], GOOD["stances"][0]]}, "second stance"),
    (
        {
            **GOOD,
            "stances": [
                {
                    "member": "CN",
                    "provision": "OP3",
                    "option": "B",
                    "stance": "object",
                    "unless": [{"provision": "PP1", "option": "A"}, {"provision": "PP1", "option": "B"}],
                }
            ],
        },
        "twice",
    ),
    ({**GOOD, "members": "CN"}, "members"),
]


@pytest.mark.parametrize("content,word", BAD)
def test_bad_input_exit_2_one_line(tmp_path, capsys, content, word):
    code, out, err = _run(tmp_path, capsys, content, "--json")
    assert code == 2 and out == "" and err.count("\n") == 1 and word in err and "Traceback" not in err


def test_missing_file(capsys):
    assert main(["negotiate", "solve", "/nonexistent.json"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["negotiate", "--help"])
    assert exc.value.code == 0 and "unless" in capsys.readouterr().out
