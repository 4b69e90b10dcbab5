"""The console's errors: each says what to do next (config.errors.SovrenError)."""

from __future__ import annotations

from config.errors import SovrenError


class ConsoleError(SovrenError, RuntimeError):
    code = "console_error"
    next_step = "see docs/console.md"


class MissingDependency(ConsoleError):
    code = "console_missing_dependency"
    next_step = (
        "install the console's packages: `.venv/bin/pip install -e '.[console]'` "
        "(bin/sovren does it when SOVREN_EXTRAS includes console, the default)"
    )
