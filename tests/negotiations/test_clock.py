"""The demo clock, shared through a file by the server, the worker and `accord clock`."""

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from accord.base import clock
from accord.cli import main


@pytest.fixture
def clock_file(settings, tmp_path):
    settings.ACCORD_CLOCK_FILE = str(tmp_path / "demo-clock.json")
    return tmp_path / "demo-clock.json"


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("2h", timedelta(hours=2)),
        ("3d", timedelta(days=3)),
        ("90m", timedelta(minutes=90)),
        ("1d12h", timedelta(days=1, hours=12)),
        (" 4H ", timedelta(hours=4)),
    ],
)
def test_durations(text, delta):
    assert clock.parse_duration(text) == delta


@pytest.mark.parametrize("text", ["", "h", "2", "-2h", "2h3d", "2 h", "1w", "2.5h", "99999999d"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError):
        clock.parse_duration(text)


def test_real_time_without_a_demo_clock(clock_file):
    with freeze_time("2026-01-02 03:04:05"):
        assert clock.now() == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC) and not clock.shifted()
        with pytest.raises(LookupError):
            clock.advance(timedelta(hours=1))


def test_the_demo_clock_is_shared_moved_forward_and_frozen_time_still_works(clock_file):
    with freeze_time("2026-01-02 03:00:00") as frozen:
        clock.start_demo_clock(datetime(2024, 6, 10, 6, tzinfo=UTC))
        assert clock.now() == datetime(2024, 6, 10, 6, tzinfo=UTC) and clock.shifted()
        frozen.tick(timedelta(minutes=10))  # it runs at real speed
        assert clock.now() == datetime(2024, 6, 10, 6, 10, tzinfo=UTC)
        clock.advance(timedelta(days=3))
        assert clock.now() == datetime(2024, 6, 13, 6, 10, tzinfo=UTC)
        # Another process reads the same file: the offset, not this process's start, makes its time.
        clock._cache.update(key=None, offset=None)
        assert clock.now() == datetime(2024, 6, 13, 6, 10, tzinfo=UTC)
        # A deferred task for a moment on this clock is due at the matching real instant.
        assert clock.real(datetime(2024, 6, 13, 7, 10, tzinfo=UTC)) == datetime(2026, 1, 2, 4, 10, tzinfo=UTC)


def test_the_demo_clock_is_off_in_production(clock_file, settings):
    with freeze_time("2026-01-02 03:00:00"):
        clock.start_demo_clock(datetime(2024, 6, 10, 6, tzinfo=UTC))
        settings.PRODUCTION = True
        assert clock.now() == datetime(2026, 1, 2, 3, tzinfo=UTC)


@pytest.mark.django_db
def test_clock_commands(clock_file, capsys):
    assert main(["clock", "advance", "2h"]) == 2
    assert "no demo clock runs here" in capsys.readouterr().err
    with freeze_time("2026-01-02 03:00:00"):
        clock.start_demo_clock(datetime(2024, 6, 10, 6, tzinfo=UTC))
        assert main(["clock", "advance", "soon"]) == 2
        assert "not a duration" in capsys.readouterr().err
        assert main(["clock", "advance", "1d2h"]) == 0
        assert "demo clock now 2024-06-11T08:00:00+00:00" in capsys.readouterr().out
        assert main(["clock", "show"]) == 0
        assert capsys.readouterr().out.startswith("2024-06-11T08:00:00+00:00 (demo clock")
