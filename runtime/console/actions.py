"""What a person may do from the console: end or take over a live call, erase a caller.

Why through the runtime's own paths: ending a call is a control frame to the
media worker on a client slot (runtime/client.py), exactly what a hanging-up
caller's client sends, so COMMAND records the end as for any call; an erasure is
``ledger.retention.erase_caller``, the code behind ``sovren ledger erase``.

Take over: the call is ended in the runtime with the reason ``taken_over``
(COMMAND records the outcome ``transferred``) and the take-over is on record in
the audit trail. A phone call (telephony on, a reception URI configured) is then
put through for real: its SIP user agent, told the call is closed as
transferred, sends a blind transfer (REFER) to ``hotel.reception.transfer_uri``
(media/sip/conversation.py, ``on_call_done``). Without a line to put the caller
through to, the console does not pretend: the page says to call the guest back
on the number the record shows.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from ipc.control import CallEnd
from runtime.console.errors import ConsoleError


@dataclass(frozen=True)
class ActionReport:
    ok: bool
    message: str


def _send_control(settings, call_id: str, ctl: CallEnd) -> None:
    from runtime.client import CallClient, ClientError

    try:
        with CallClient(settings, slot_wait_s=5.0) as client:
            client.send_control(call_id, ctl)
    except ClientError as e:
        raise ConsoleError(
            str(e), next_step="start the runtime (`sovren up`) and try again"
        ) from None


async def end_call(settings, call_id: str, *, takeover: bool) -> ActionReport:
    ctl = CallEnd(by="console", reason="taken_over" if takeover else "ended_by_reception")
    await asyncio.to_thread(_send_control, settings, call_id, ctl)
    if takeover:
        uri = settings.hotel.reception.transfer_uri
        if settings.telephony.enabled and uri:
            return ActionReport(
                True,
                "The call was handed over: SOVREN stopped answering it and it is on record as "
                f"transferred. A phone call is being put through to {uri} (SIP REFER); if "
                "that line does not take it, the caller is hung up on: call the guest back "
                "on the number in the call's record.",
            )
        return ActionReport(
            True,
            "The call was handed over: SOVREN stopped answering it and it is on record as "
            "transferred. No phone line to the reception is configured (telephony and "
            "hotel.reception.transfer_uri), so the caller cannot be put through: call the "
            "guest back on the number in the call's record.",
        )
    return ActionReport(True, "The call was ended.")


async def erase_phone(url: str, settings, phone: str, requested_by: str) -> ActionReport:
    """``sovren ledger erase`` for one number; a number with no calls is said so (the
    request itself is still on record in ``erasures``)."""
    from ledger.redact import normalise_phone
    from ledger.retention import erase_caller

    try:
        norm = normalise_phone(phone)
    except ValueError as e:
        return ActionReport(False, str(e))
    rep = await asyncio.to_thread(
        erase_caller, url, norm, data_dir=settings.data_dir, requested_by=requested_by
    )
    if not rep.counts.get("calls"):
        return ActionReport(
            True,
            f"No calls of that number are on record; nothing was erased (the request is on "
            f"record as erasure {rep.erasure_id}).",
        )
    return ActionReport(True, rep.summary())
