import os
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


@pytest.fixture
def subprocess_env(tmp_path):
    """An environment for `python -m accord` on a throwaway SQLite file, running the sources under test."""
    return {
        "ACCORD_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "ACCORD_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": os.pathsep.join(p for p in [SRC, os.environ.get("PYTHONPATH", "")] if p),
    }
