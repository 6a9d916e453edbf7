"""What every command's JSON input file may be: bounded in size, nesting and integers, and JSON only."""

from __future__ import annotations

import subprocess
import sys

import pytest

from accord.base import cli
from accord.base.cli import CommandError, read_json_file


@pytest.mark.parametrize(
    "content, message",
    [
        ("[" * 100_000, "nested deeper than 64 levels"),
        ("[" * 70 + "]" * 70, "nested deeper than 64 levels"),
        ('{"cost": ' + "9" * 5000 + "}", "a number is too long"),
        ("  \n", "file is empty"),
        ('{"a": 1', "bad JSON at line 1"),
    ],
)
def test_bad_files_are_refused_naming_the_file(tmp_path, content, message):
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message) as refused:
        read_json_file(str(path))
    assert str(path) in str(refused.value)


def test_a_file_over_the_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "MAX_INPUT_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text("[" + "1," * 100 + "1]", encoding="utf-8")
    with pytest.raises(CommandError, match="larger than"):
        read_json_file(str(path))


def test_a_sound_file_reads(tmp_path):
    path = tmp_path / "ok.json"
    path.write_text(
        '{"members": ["KZ"], "cost": 12.5, "n": 123456789012345678901234567890}', encoding="utf-8"
    )
    assert read_json_file(str(path))["n"] == 123456789012345678901234567890


@pytest.mark.parametrize("command", [["negotiate", "solve"], ["finance", "allocate"]])
def test_dev_zero_is_refused_at_once(command):
    """`negotiate solve /dev/zero` read 23 GB before it was stopped; now one line and exit 2."""
    done = subprocess.run(
        [sys.executable, "-m", "accord", *command, "/dev/zero"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "larger than 50 MB" in done.stderr and "Traceback" not in done.stderr
