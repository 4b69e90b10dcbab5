"""One error base: SovrenError's code, user-facing flag, retryable and next step, and the CLI
printing the message and the next step of every user-facing one, exiting non-zero."""

from __future__ import annotations

import pytest

from config import ConfigError
from config.errors import SovrenError, describe
from connectors.errors import AuthError, InvalidRequest, PmsError, VendorError
from runtime.cli import main
from runtime.inspection import NotRunning
from tests.code_tree import REPO, source_files


def test_the_pms_and_config_errors_are_sovren_errors_with_their_codes():
    assert issubclass(PmsError, SovrenError) and issubclass(ConfigError, SovrenError)
    assert issubclass(ConfigError, RuntimeError) and issubclass(InvalidRequest, ValueError)
    e = VendorError("apaleo: HTTP 503", retriable=True, vendor="apaleo")
    assert (e.code, e.user_facing, e.retryable, e.message) == (
        "vendor_error",
        True,
        True,
        "apaleo: HTTP 503",
    )
    assert e.to_dict() == {
        "error": "vendor_error",
        "message": "apaleo: HTTP 503",
        "retriable": True,
        "status": None,
    }
    assert not AuthError("x").retryable and AuthError("x").next_step


def test_describe_gives_the_message_then_the_next_step_once():
    e = SovrenError("disk full", code="disk", retryable=True, next_step="free some space")
    assert describe(e) == ["disk full", "next step: free some space", "trying again may help"]
    said = SovrenError("run `x` now", next_step="run `x` now")
    assert describe(said) == ["run `x` now"]  # the message already says it
    assert describe(RuntimeError("plain")) == ["plain"]


def test_the_cli_prints_the_message_and_the_next_step_and_exits_non_zero(capsys, monkeypatch):
    monkeypatch.delenv("SOVREN_CONFIG", raising=False)
    assert main(["pms", "find"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "sovren: error: give at least one of --name, --phone or --confirmation",
        "sovren: next step: `sovren pms <command> --help` shows the options",
    ]


def test_a_config_error_points_at_config_check(capsys, tmp_path):
    assert main(["--config", str(tmp_path / "gone.yaml"), "pms", "find", "--name", "x"]) == 1
    err = capsys.readouterr().err
    assert "sovren: error: config file " in err and "gone.yaml" in err and "Traceback" not in err
    assert "sovren: next step: `sovren config check [FILE]`" in err


def test_an_error_that_is_not_user_facing_keeps_its_traceback(monkeypatch):
    import connectors.cli as pms_cli

    def boom(args):
        raise SovrenError("internal", user_facing=False)

    monkeypatch.setattr(pms_cli, "_find", boom)
    with pytest.raises(SovrenError, match="internal"):
        main(["pms", "find"])


def _defines_an_exception(path) -> bool:
    """Whether a module defines a class with an exception-like base (read, not imported)."""
    import ast

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
                if name.endswith(("Error", "Exception")) or name in ("SovrenError",):
                    return True
    return False


def _exception_classes() -> list[type[BaseException]]:
    """Every exception class SOVREN's packages define: each module that defines one is
    found by reading its source (importing all would load torch and friends) and imported."""
    import importlib
    import inspect

    found: dict[str, type[BaseException]] = {}
    for path in source_files():
        if path.suffix != ".py" or path.parent == REPO or not _defines_an_exception(path):
            continue
        name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == module.__name__
            ):
                found[f"{obj.__module__}.{attr}"] = obj
    return list(found.values())


def test_every_user_facing_error_is_a_sovren_error_with_a_code_and_a_next_step():
    classes = _exception_classes()
    assert len(classes) > 60  # the walk found the packages' errors, not an empty list
    stray = [
        c.__qualname__
        for c in classes
        if getattr(c, "user_facing", False) and not issubclass(c, SovrenError)
    ]
    assert stray == [], f"user-facing errors outside the SovrenError base: {stray}"
    facing = [
        c for c in classes if issubclass(c, SovrenError) and c.user_facing and c is not SovrenError
    ]
    assert len(facing) > 40
    without = [f"{c.__module__}.{c.__qualname__}" for c in facing if not c.next_step.strip()]
    assert without == [], f"user-facing errors without a next step: {without}"
    uncoded = [c.__qualname__ for c in facing if c.code == SovrenError.code]
    assert uncoded == [], f"user-facing errors without their own code: {uncoded}"


def test_a_runtime_command_without_a_runtime_prints_its_next_step(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("SOVREN_CONFIG", raising=False)
    monkeypatch.setenv("SOVREN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SOVREN_INSTANCE", "errs_nobody")
    assert main(["status"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("sovren: error: no runtime named 'errs_nobody' is running")
    assert err[1] == f"sovren: next step: {NotRunning.next_step}"
    assert not any("Traceback" in line for line in err)
