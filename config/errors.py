"""The one base of SOVREN's own errors: ``SovrenError(message, code, user_facing, retryable)``.

Why one base: the CLI, the executors and the logs decide what to do with an error
from three facts only — a stable ``code`` (put into results and logs), whether an
operator should see it as one line without a traceback (``user_facing``) and
whether repeating the same thing can help (``retryable``) — plus ``next_step``,
what the person reading it should do. A leaf module (the standard library only)
so that every layer can raise it.
"""

from __future__ import annotations


class SovrenError(Exception):
    """Base of every error SOVREN raises on purpose; subclasses set the class defaults."""

    code: str = "sovren_error"
    user_facing: bool = True  # the CLI prints message and next step, no traceback
    retryable: bool = False
    next_step: str = ""  # what to do about it, e.g. "run `sovren config check`"

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        user_facing: bool | None = None,
        retryable: bool | None = None,
        next_step: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if user_facing is not None:
            self.user_facing = user_facing
        if retryable is not None:
            self.retryable = retryable
        if next_step is not None:
            self.next_step = next_step


def is_user_facing(e: BaseException) -> bool:
    """Whether the CLI shows ``e`` as its message and next step (no traceback)."""
    return isinstance(e, SovrenError) and e.user_facing


def describe(e: BaseException) -> list[str]:
    """The lines an operator sees for a user-facing error: the message, then the next step."""
    lines = [str(e)]
    step = getattr(e, "next_step", "") if isinstance(e, SovrenError) else ""
    if step and step not in lines[0]:
        lines.append(f"next step: {step}")
    if isinstance(e, SovrenError) and e.retryable:
        lines.append("trying again may help")
    return lines


__all__ = ["SovrenError", "describe", "is_user_facing"]
