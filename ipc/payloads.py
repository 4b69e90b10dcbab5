"""What an action carries (its arguments) and what comes back (its result), as typed Structs.

Why typed: the dialogue, COMMAND, the executors and the ledger all read these;
with loose dicts each guessed the shape (``.get("reservation") or ...``) and a
PMS failure reached the dialogue as a bare string, so "that room was just sold"
and "the vendor is down" sounded the same to the caller. Now every payload is
one Struct of a tagged union, and a failure is a ``PmsFailure`` with a code,
the field at fault and whether a retry can help.

Wire form: the Structs travel inside the array-like message bodies
(ipc/messages.py), ``gc=False`` like the bodies (they hold no cycles). They are
*not* array-like themselves, on purpose: the ledger stores them as JSON
(``to_json``), and named fields keep those rows readable in SQL and readable by
later versions when fields are appended (``old rows still readable``). An action
payload is a few hundred bytes a few times per turn, not the audio hot path.
The string tag (field ``t``) names the payload's type, never the action kind:
one ``SpeechArgs`` serves every ``speak.*``; ``ARGS_OF`` says which Struct an
action kind takes.

Rules for extending: append fields with defaults; never rename a tag.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

import msgspec

from ipc.actions import ActionKind


class _Payload(msgspec.Struct, tag_field="t", gc=False, frozen=True):
    """Base of every action payload (arguments or result)."""


class _Part(msgspec.Struct, gc=False, frozen=True):
    """A value inside a payload (an offer, a booking, an amount): untagged."""


# -- arguments -----------------------------------------------------------------------------


class SpeechArgs(_Payload, tag="speech"):
    """``speak.*``: the words the media worker says (COMMAND fills in text and language)."""

    text: str = ""
    lang: str = "en"
    fallback: str = ""  # the fallback kind whose fixed words these are ("" = the dialogue's)
    reask: str = ""  # INTEL's question in other words (fixed text, no caller data)
    # what the question asks for: "characters" (a confirmation number or a spelling), so the
    # media worker decodes the answer for characters (media/asr/hints.py code_prompt)
    expect: str = ""
    # the question offers the phone's keypad for the number (a SIP call, asked again): the
    # SIP user agent collects the digits the caller types next (media/sip/keypad.py)
    keypad: bool = False


class TransferArgs(_Payload, tag="transfer"):
    """``transfer.human``: why, and the words said before the transfer."""

    reason: str = ""
    text: str = ""
    lang: str = "en"
    fallback: str = ""


class EndCallArgs(_Payload, tag="end_call"):
    """``call.end``: the goodbye said before hanging up."""

    text: str = ""
    lang: str = "en"


class AvailabilityQuery(_Payload, tag="availability_query"):
    """``pms.availability``: offers for a stay (hotel-local dates)."""

    arrival: dt.date
    departure: dt.date
    guests: int
    room_type: str | None = None


class FindBookingQuery(_Payload, tag="find_booking_query"):
    """``pms.find_booking``: by confirmation number (+ name to prove it), or by phone / name.

    ``near``: the number was heard by speech recognition and may be one character off; when
    nothing has exactly that number, the bookings under ``name`` whose number is one character
    from it are returned too (fabric/codes.py). Whether one of them is the caller's is INTEL's
    decision (agents/intel/verification.py: only with the full name matching exactly)."""

    confirmation: str | None = None
    name: str | None = None
    phone: str | None = None
    near: bool | None = None  # None (not False): the old queries stay as they were on record


class CreateArgs(_Payload, tag="create"):
    """``pms.create``: book the offer the caller heard read back."""

    offer_id: str
    guest_name: str
    arrival: dt.date
    departure: dt.date
    guests: int
    room_type: str | None = None  # the offer's; None: the offer id alone says it
    rate_plan: str | None = None
    phone: str | None = None
    email: str | None = None
    idempotency_key: str | None = None  # the PMS worker sets the decision id


class ModifyArgs(_Payload, tag="modify"):
    """``pms.modify``: new dates (and guests) of an existing reservation."""

    reservation_id: str
    arrival: dt.date
    departure: dt.date
    guests: int | None = None
    idempotency_key: str | None = None


class CancelArgs(_Payload, tag="cancel"):
    """``pms.cancel``."""

    reservation_id: str
    reason: str
    idempotency_key: str | None = None


ActionArgs = (
    SpeechArgs
    | TransferArgs
    | EndCallArgs
    | AvailabilityQuery
    | FindBookingQuery
    | CreateArgs
    | ModifyArgs
    | CancelArgs
)

# The argument Struct each action kind takes. A fallback is carried out as the action
# bayes.vocabulary.FALLBACK_SPEECH names, with that action's arguments.
ARGS_OF: dict[ActionKind, type[ActionArgs]] = {
    ActionKind.SPEAK_ANSWER: SpeechArgs,
    ActionKind.SPEAK_CONFIRM: SpeechArgs,
    ActionKind.SPEAK_ASK: SpeechArgs,
    ActionKind.SPEAK_APOLOGISE: SpeechArgs,
    ActionKind.TRANSFER_HUMAN: TransferArgs,
    ActionKind.CALL_END: EndCallArgs,
    ActionKind.PMS_AVAILABILITY: AvailabilityQuery,
    ActionKind.PMS_FIND_BOOKING: FindBookingQuery,
    ActionKind.PMS_CREATE: CreateArgs,
    ActionKind.PMS_MODIFY: ModifyArgs,
    ActionKind.PMS_CANCEL: CancelArgs,
}
SPOKEN_ARGS = (SpeechArgs, TransferArgs, EndCallArgs)


class PayloadError(ValueError):
    """Arguments that do not fit their action kind (a bug in the proposing agent)."""


def args_for(kind: str, args: ActionArgs | dict[str, Any] | None) -> ActionArgs:
    """``args`` as the Struct ``kind`` takes: a dict is converted (ISO dates parsed),
    a Struct is checked; ``PayloadError`` names the kind and the field at fault."""
    try:
        cls = ARGS_OF[ActionKind(kind)]
    except (ValueError, KeyError):
        raise PayloadError(f"{kind!r} takes no arguments of its own (not an executable kind)") from None
    if isinstance(args, cls):
        return args
    if isinstance(args, msgspec.Struct):
        raise PayloadError(f"{kind} takes {cls.__name__}, not {type(args).__name__}")
    try:
        return msgspec.convert(dict(args or {}), cls)
    except msgspec.ValidationError as e:
        raise PayloadError(f"arguments of {kind}: {e}") from e


def outcome_from_dict(result: dict[str, Any]) -> ActionOutcome:
    """A result given as a dict: its tag says which Struct (``PayloadError`` without one)."""
    if "t" not in result:
        raise PayloadError(
            "a result dict without its tag ('t') cannot be typed; build the result Struct "
            "(ipc/payloads.py), e.g. Availability(...) or PmsFailure(...)"
        )
    try:
        return msgspec.convert(result, ActionOutcome)
    except msgspec.ValidationError as e:
        raise PayloadError(f"result: {e}") from e


def speech_text(args: ActionArgs | None) -> str:
    """The words a spoken action carries ("" for any other)."""
    return args.text if isinstance(args, SPOKEN_ARGS) else ""


def speech_lang(args: ActionArgs | None) -> str:
    return args.lang if isinstance(args, SPOKEN_ARGS) else "en"


def speech_expect(args: ActionArgs | None) -> str:
    """What a spoken question asks for ("characters", or "")."""
    return args.expect if isinstance(args, SpeechArgs) else ""


# -- results -------------------------------------------------------------------------------


class Money(_Part):
    amount: decimal.Decimal
    currency: str


class Offer(_Part):
    """One bookable price for a stay (``offer_id`` is opaque: only its adapter reads it)."""

    offer_id: str
    room_type: str
    arrival: dt.date
    departure: dt.date
    nights: int
    guests: int
    total: Money
    rate_plan: str | None = None
    cancellation_policy: str = ""
    available: int | None = None  # rooms left of this type, when the vendor says


class Booking(_Part):
    """A reservation as the dialogue may know it: the guest's name, phone and e-mail masked."""

    reservation_id: str
    confirmation: str
    status: str
    arrival: dt.date
    departure: dt.date
    nights: int
    room_type: str
    guests: int
    guest_name: str
    rate_plan: str | None = None
    phone: str | None = None  # masked: all but the last two digits
    email: str | None = None  # masked: the domain only
    total: Money | None = None
    cancellation_policy: str = ""
    # the phone the query named is this booking's (compared unmasked by the executor; INTEL
    # names only the caller id there); None: the query named no phone
    phone_matches: bool | None = None

    @property
    def active(self) -> bool:
        return self.status not in ("cancelled", "checked_out", "no_show")


class PreviousStay(_Part):
    arrival: dt.date
    departure: dt.date
    guests: int
    total: Money | None = None


class Availability(_Payload, tag="availability"):
    """``pms.availability``: the offers, cheapest first; none when nothing is free."""

    offers: list[Offer] = []


class BookingsFound(_Payload, tag="bookings_found"):
    """``pms.find_booking``: every reservation matching (none, one or several)."""

    reservations: list[Booking] = []


class Reserved(_Payload, tag="reserved"):
    """``pms.create`` / ``pms.cancel``: the reservation as it is now."""

    reservation: Booking
    replayed: bool = False  # a retried create that had already been carried out
    already_cancelled: bool = False


class Modified(_Payload, tag="modified"):
    """``pms.modify``: the reservation now, how it was, and the change in price."""

    reservation: Booking
    previous: PreviousStay | None = None  # None: read back after a crash (connectors/reconcile.py)
    price_difference: Money | None = None
    replayed: bool = False  # found already made when the write was read back


class SpeechDone(_Payload, tag="spoken"):
    """A spoken action carried out by the media worker."""

    text: str = ""


class TransferOutcome(_Payload, tag="transfer_outcome"):
    """A phone call handed to the reception by SIP REFER (media/sip/): where to, the SIP
    status it ended with, and the call's summary for the colleague who takes it over."""

    refer_to: str | None = None
    sip_status: int = 0
    summary: str = ""


class FailureCode(enum.StrEnum):
    """Why a PMS action failed, in the terms the dialogue answers (docs/typed-payloads.md)."""

    ROOM_UNAVAILABLE = "room_unavailable"  # sold out / the offer's room was just taken
    NOT_FOUND = "not_found"  # no reservation with that number / name / phone
    INVALID_REQUEST = "invalid_request"  # a value is wrong (``field`` names it)
    CONFLICT = "conflict"  # the reservation's state forbids it (cancelled, checked in)
    UNSUPPORTED = "unsupported"  # this vendor cannot do it
    VENDOR_UNAVAILABLE = "vendor_unavailable"  # the PMS is down or failing
    TIMEOUT = "timeout"  # the PMS did not answer in time
    AUTH = "auth"  # credentials missing or refused: an operator must act
    INTERNAL = "internal"  # a bug on our side (logged)
    REFUSED = "refused"  # the executor refused the approval (replayed, forged, expired)
    # A write the PMS never confirmed either way and cannot be asked about (connectors/
    # exactly_once.py): neither done nor not done may be claimed; a colleague checks.
    OUTCOME_UNKNOWN = "outcome_unknown"
    # A write left open by a crash, found not made and not retried (the caller had gone).
    NOT_CARRIED_OUT = "not_carried_out"


class PmsFailure(_Payload, tag="pms_failure"):
    """A PMS action that did not happen, and what can be done about it.

    ``field`` names the argument at fault (``invalid_request``: re-ask exactly that slot);
    ``retryable`` is True only when repeating the same call may succeed and cannot
    duplicate a write. ``message`` never carries a guest's personal data.
    """

    code: FailureCode
    message: str = ""
    field: str | None = None
    retryable: bool = False
    vendor: str | None = None
    capability: str | None = None  # ``unsupported``: what the vendor cannot do
    status: int | None = None  # the vendor's HTTP status, when there was one


ActionOutcome = (
    Availability | BookingsFound | Reserved | Modified | SpeechDone | TransferOutcome | PmsFailure
)

# What a successful action of each kind returns.
RESULT_OF: dict[ActionKind, type[ActionOutcome]] = {
    ActionKind.PMS_AVAILABILITY: Availability,
    ActionKind.PMS_FIND_BOOKING: BookingsFound,
    ActionKind.PMS_CREATE: Reserved,
    ActionKind.PMS_MODIFY: Modified,
    ActionKind.PMS_CANCEL: Reserved,
}


# -- the ledger's JSON form ----------------------------------------------------------------

def to_json(payload: msgspec.Struct | None) -> bytes | None:
    """The typed form as the ledger stores it: JSON with the tag (``{"t": "create", ...}``)."""
    return None if payload is None else msgspec.json.encode(payload)


def args_from_ledger(kind: str, raw: Any) -> ActionArgs | dict[str, Any] | None:
    """Arguments read back from the ledger: the Struct for a tagged row, and for a row
    written before the payloads were typed (no tag) the Struct its kind takes when the
    row fits, else the row as it is (old rows stay readable, never rewritten)."""
    if raw is None or isinstance(raw, msgspec.Struct):
        return raw
    if isinstance(raw, bytes | str):
        raw = msgspec.json.decode(raw)
    if not isinstance(raw, dict):
        return raw
    if "t" in raw:
        return msgspec.convert(raw, ActionArgs)
    try:
        return args_for(kind, raw)
    except PayloadError:
        return raw


def outcome_from_ledger(raw: Any) -> ActionOutcome | dict[str, Any] | None:
    """A result read back from the ledger: the Struct for a tagged row, an untagged (old)
    row as it is."""
    if raw is None or isinstance(raw, msgspec.Struct):
        return raw
    if isinstance(raw, bytes | str):
        raw = msgspec.json.decode(raw)
    if isinstance(raw, dict) and "t" in raw:
        return msgspec.convert(raw, ActionOutcome)
    return raw


def plain(payload: Any) -> Any:
    """A payload (or anything holding payloads) as JSON-able builtins, tag included."""
    return msgspec.to_builtins(payload)
