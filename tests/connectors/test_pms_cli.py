"""``sovren pms`` end to end against a real database (SOVREN_DATABASE_URL)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from runtime.cli import main


@pytest.fixture
def env(pg_url, monkeypatch, tmp_path):
    monkeypatch.setenv("SOVREN_DATABASE_URL", pg_url)
    monkeypatch.setenv("SOVREN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SOVREN_CONFIG", raising=False)


def soon(days: int) -> str:
    return (datetime.now(ZoneInfo("Europe/Berlin")).date() + timedelta(days=days)).isoformat()


def test_check_availability_and_find(env, capsys):
    assert main(["pms", "check", "--json"]) == 0
    health = json.loads(capsys.readouterr().out)
    assert health["vendor"] == "local" and health["rooms_in_service"] == 18

    assert (
        main(["pms", "availability", "--arrival", soon(9), "--nights", "2", "--guests", "4"]) == 0
    )
    out = capsys.readouterr().out
    assert "SUI" in out and "DBL" not in out and "578.00 EUR" in out

    assert (
        main(
            [
                "pms",
                "availability",
                "--arrival",
                soon(9),
                "--nights",
                "1",
                "--guests",
                "1",
                "--json",
            ]
        )
        == 0
    )
    assert len(json.loads(capsys.readouterr().out)["offers"]) == 6

    assert main(["pms", "find", "--name", "nobody"]) == 0
    assert "no reservation found" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["pms", "availability", "--arrival", "2020-01-01", "--nights", "1", "--guests", "1"],
            "in the past",
        ),
        (
            ["pms", "availability", "--arrival", "soon", "--nights", "1", "--guests", "1"],
            "is not a date",
        ),
        (
            ["pms", "availability", "--arrival", "2099-01-01", "--nights", "0", "--guests", "1"],
            "--nights",
        ),
        (
            ["pms", "availability", "--arrival", "2099-01-01", "--nights", "1", "--guests", "0"],
            "guests",
        ),
        (["pms", "find"], "at least one"),
    ],
)
def test_bad_input_is_one_clear_line(env, capsys, argv, message):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("sovren: error:") and message in err and "Traceback" not in err
