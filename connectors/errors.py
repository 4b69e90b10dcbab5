"""The PMS errors every adapter raises, whatever the vendor says on the wire.

Why one closed family: COMMAND and the PMS executor decide what to tell the
caller from the error *class* alone (offer another date on ``Unavailable``,
offer a human on ``Unsupported``, retry later on a retriable ``VendorError``),
so adapters translate every vendor failure into exactly one of these.
Messages never carry guest names, phone numbers or e-mail addresses.

On the wire every error becomes a typed ``ipc.payloads.PmsFailure`` (``failure()``):
its ``FailureCode`` is what the dialogue answers (docs/typed-payloads.md has the table).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from config.errors import SovrenError
from ipc.payloads import FailureCode, PmsFailure

if TYPE_CHECKING:
    from connectors.contract import Capability


class PmsError(SovrenError):
    """Base of all PMS errors. ``code`` is the stable string put into action results;
    ``retriable`` (results' spelling) is SovrenError's ``retryable``."""

    code = "pms_error"
    retriable = False
    user_facing = True  # the CLI prints the message and the next step, no traceback
    next_step = "`sovren pms check` tries the PMS on its own and shows its health"

    def __init__(self, message: str, *, vendor: str | None = None):
        super().__init__(message)
        self.vendor = vendor

    @property
    def retryable(self) -> bool:  # type: ignore[override]
        return self.retriable

    # the typed failure code this class becomes on the wire
    failure_code = FailureCode.VENDOR_UNAVAILABLE

    def to_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "retriable": self.retriable}

    def failure(self) -> PmsFailure:
        """This error as the typed failure the dialogue reads (ipc/payloads.py)."""
        return PmsFailure(
            code=self.failure_code,
            message=self.message,
            field=getattr(self, "field", None),
            retryable=bool(self.retriable),
            vendor=self.vendor,
            capability=getattr(self, "capability", None),
            status=getattr(self, "status", None),
        )


class InvalidRequest(PmsError, ValueError):
    """The request is wrong before any vendor is asked (past arrival, zero guests...).

    ``field`` names the offending argument so a dialogue can re-ask exactly that slot.
    """

    code = "invalid_request"
    failure_code = FailureCode.INVALID_REQUEST
    next_step = "correct the value named in the message and try again"

    def __init__(self, message: str, *, field: str | None = None, vendor: str | None = None):
        super().__init__(message, vendor=vendor)
        self.field = field

    def to_dict(self) -> dict:
        return {**super().to_dict(), "field": self.field}


class NotFound(PmsError):
    """No reservation (or offer) with that id, confirmation or search."""

    code = "not_found"
    failure_code = FailureCode.NOT_FOUND
    next_step = "check the confirmation number, name or phone (`sovren pms find`)"


class Unavailable(PmsError):
    """Nothing left to sell for those dates / that room type, or an offer went stale."""

    code = "unavailable"
    failure_code = FailureCode.ROOM_UNAVAILABLE
    next_step = "try other dates or another room type (`sovren pms availability`)"


class Conflict(PmsError):
    """The request contradicts the reservation's state (e.g. modifying a cancelled stay)."""

    code = "conflict"
    failure_code = FailureCode.CONFLICT
    next_step = "look the reservation up (`sovren pms find`) and act on its current state"


class Unsupported(PmsError):
    """This vendor (per connectors/capability_matrix.yaml) cannot do ``capability``.

    COMMAND turns this into an offer of a human; it is never retried.
    """

    code = "unsupported"
    failure_code = FailureCode.UNSUPPORTED
    next_step = "this vendor cannot do it (connectors/capability_matrix.yaml): hand it to a person"

    def __init__(self, capability: Capability | str, *, vendor: str | None = None):
        cap = getattr(capability, "value", capability)
        super().__init__(f"PMS vendor {vendor or '?'} does not support {cap}", vendor=vendor)
        self.capability = cap

    def to_dict(self) -> dict:
        return {**super().to_dict(), "capability": self.capability}


class VendorError(PmsError):
    """The vendor failed: transport error, 5xx, malformed payload, breaker open...

    ``retriable`` is True only when repeating the same call may succeed and cannot
    duplicate a write (the shared retry machinery looks at nothing else). ``timeout``:
    the vendor did not answer in time (the failure code ``timeout`` rather than
    ``vendor_unavailable``: the caller hears that the system is slow, not down).
    """

    code = "vendor_error"
    next_step = "`sovren pms check` shows the vendor's health; a retriable failure may pass later"

    def __init__(
        self,
        message: str,
        *,
        retriable: bool = False,
        status: int | None = None,
        vendor: str | None = None,
        timeout: bool = False,
    ):
        super().__init__(message, vendor=vendor)
        self.retriable = retriable
        self.status = status
        self.timeout = timeout

    @property
    def failure_code(self) -> FailureCode:  # type: ignore[override]
        return FailureCode.TIMEOUT if self.timeout else FailureCode.VENDOR_UNAVAILABLE

    def to_dict(self) -> dict:
        return {**super().to_dict(), "status": self.status}


class AuthError(PmsError):
    """Credentials missing, rejected or expired beyond refresh; an operator must act."""

    code = "auth_error"
    failure_code = FailureCode.AUTH
    next_step = (
        "export the vendor's credentials in the runtime's environment (`sovren pms vendors` "
        "lists them), then `sovren pms check`"
    )
