"""Errors of the decision core: each names the bad input and what to do about it."""

from __future__ import annotations

from config.errors import SovrenError


class DecisionError(SovrenError, ValueError):
    """Base of every input error of the decision core (one line, no traceback, in the CLI)."""

    code = "decision_input"
    next_step = "check the action kind, evidence and state against docs/vocabulary.md and the `decision` section"


class UnknownAction(DecisionError):
    """An action kind that docs/vocabulary.md does not list."""


class BadEvidence(DecisionError):
    """An evidence source that is not known, or a value outside [0, 1] or NaN."""


class UnknownState(DecisionError):
    """A call state that has no fallbacks configured (decision.states)."""


class MissingPrior(DecisionError):
    """An action kind with no Beta seed for it or its risk class (decision.priors)."""


class UnknownOutcome(DecisionError):
    """An outcome that decision.outcome_weights does not list."""
