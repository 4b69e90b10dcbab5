"""SENTINEL's verdicts: one call in, one explained Assessment out, for transcripts, outgoing speech and the fabric.

Why a stateful object and not bare functions: floods are about a call's recent
past, outgoing speech may repeat what the caller said themselves in this call
(their own phone number read back is not a leak), and checksum failures count in
bursts per link. That state lives here, bounded, owned by the one thread of the
SENTINEL process that calls these methods (not thread-safe by design).

Scores are deterministic: every finding has a severity, each severity a risk
factor (config ``sentinel.risk_factors``) and the call's ``sentinel_risk`` is
their product, so the same words always give the same number.
"""

from __future__ import annotations

import enum
import re
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

from agents.sentinel import patterns as P
from agents.sentinel.assessment import Assessment, Finding
from agents.sentinel.context import EMPTY, CallContext
from agents.sentinel.flood import FloodWindows
from agents.sentinel.integrity import EVENT_KINDS, LinkWatch
from agents.sentinel.normalize import canonical, decoded_variants
from agents.sentinel.pii import find_pii, phone_key, redact
from ipc.messages import AgentId, Alert, Severity

CATEGORY_TEXT = {
    P.INJECTION: "prompt injection attempt",
    P.SOCIAL: "social engineering attempt",
    P.ABUSE: "abusive caller",
    P.FLOOD: "input flood",
    P.OVERLONG: "overlong input cut",
    P.PII_OUT: "personal data blocked from outgoing speech",
    P.INTEGRITY: "fabric integrity event",
}
_SOCIAL_CORE = tuple(r for r in P.SOCIAL_RULES if not r.amplifier)
_SOCIAL_AMPLIFIERS = tuple(r for r in P.SOCIAL_RULES if r.amplifier)
_AMPLIFIER_NAMES = {r.name for r in _SOCIAL_AMPLIFIERS}
_EXCERPT_CHARS = 40
RECENT_ATTEMPT = "recent_attempt"
# Words that announce a booking reference, so a numeric one is not taken for a phone number.
_REFERENCE_CUE = re.compile(
    r"(?i)(?:confirmation|booking|reservation|reference|folio|buchungs|reservierungs|bestätigungs)\w*"
    r"(?:\s+(?:number|code|no\.?|nummer|is|lautet|ist|was|war|:))*\s*[:#]?\s*$"
)
_CALLER_MEMORY_CHARS = 4000


def _raise(sev: Severity) -> Severity:
    return Severity(min(int(sev) + 1, int(Severity.CRITICAL)))


def _excerpt(text: str, start: int, end: int, names: Iterable[str] = ()) -> str:
    s = max(0, start - _EXCERPT_CHARS)
    e = min(len(text), end + _EXCERPT_CHARS)
    # widen to whole words so no fragment of a number or address survives redaction
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    while e < len(text) and not text[e].isspace():
        e += 1
    return redact(text[s:e].strip(), tuple(names))


def _norm_ref(s: str) -> str:
    return re.sub(r"[\s\-]", "", s).casefold()


class _CallMemory:
    """What the caller said in this call (bounded), for the echo exemption on outgoing speech,
    and the last serious attempt, whose shadow lies on the next few turns."""

    __slots__ = ("text", "emails", "phones", "attempt", "attempt_turns")

    def __init__(self) -> None:
        self.text = ""
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.attempt: tuple[str, str] | None = None  # (category, rule)
        self.attempt_turns = 0


class Sentinel:
    def __init__(self, settings: Any):
        cfg = getattr(settings, "sentinel", settings)
        self.cfg = cfg
        self._factors = {
            Severity.INFO: 1.0,
            Severity.LOW: cfg.risk_factors.get("low", 0.85),
            Severity.MEDIUM: cfg.risk_factors.get("medium", 0.6),
            Severity.HIGH: cfg.risk_factors.get("high", 0.25),
            Severity.CRITICAL: cfg.risk_factors.get("critical", 0.0),
        }
        self._alert_min = Severity[cfg.alert_min_severity]
        self._flood = FloodWindows(
            cfg.flood_window_s, cfg.flood_max_turns, cfg.flood_max_chars, cfg.max_tracked_calls
        )
        self._watch = LinkWatch(cfg.flood_window_s, cfg.checksum_burst)
        self._memory: OrderedDict[str, _CallMemory] = OrderedDict()
        self._public_phones = {phone_key(v) for v in cfg.public_values if "@" not in v}
        self._public_emails = {v.casefold() for v in cfg.public_values if "@" in v}

    # ------------------------------------------------------------------ incoming

    def inspect_transcript(
        self,
        call_id: str,
        text: str,
        ctx: CallContext | Mapping | None = None,
        *,
        now: float | None = None,
    ) -> Assessment:
        """Judge what the caller said: injection, social engineering, abuse, floods, overlong input."""
        if not isinstance(text, str):
            raise TypeError(f"transcript text must be str, not {type(text).__name__}")
        ctx = self._ctx(ctx)
        now = time.monotonic() if now is None else now
        findings: list[Finding] = []
        suppress: set[str] = set()
        names = self._names(ctx)

        cut = text
        if len(text) > self.cfg.max_transcript_chars:
            cut = text[: self.cfg.max_transcript_chars]
            findings.append(
                Finding(
                    "overlong",
                    P.OVERLONG,
                    Severity.MEDIUM,
                    f"{len(text)} characters, cut to {len(cut)}",
                )
            )
        canon = canonical(cut)

        inj = self._scan(P.INJECTION_RULES, canon, names)
        if not inj:
            for how, variant in decoded_variants(cut, canon):
                found = self._scan(P.INJECTION_RULES, variant, names, via=how)
                if found:
                    # hiding an instruction is itself a sign of intent: one level up
                    inj = [
                        Finding(f.rule, f.category, _raise(f.severity), f.excerpt, f.via)
                        for f in found
                    ]
                    break
        findings += inj
        if len({f.rule.removesuffix("_de") for f in inj}) >= 2:
            findings.append(self._combined(P.INJECTION, inj))

        # amplifiers (urgency) are only looked for once a core social rule fired
        core = self._scan(_SOCIAL_CORE, canon, names)
        if core:
            social = core + self._scan(_SOCIAL_AMPLIFIERS, canon, names)
            findings += social
            pressure = [
                f
                for f in social
                if f.rule in _AMPLIFIER_NAMES or f.rule.startswith(("authority", "proxy"))
            ]
            if pressure and any(f.severity >= Severity.HIGH for f in core):
                findings.append(self._combined(P.SOCIAL, social))
        findings += self._scan(P.ABUSE_RULES, canon, names)

        if cut:
            fl = self._flood.add(call_id, now, len(cut))
            if fl.flooding:
                sev = Severity.HIGH if fl.ratio >= 2 else Severity.MEDIUM
                findings.append(
                    Finding(
                        "flood",
                        P.FLOOD,
                        sev,
                        f"{fl.turns} turns / {fl.chars} characters in {self.cfg.flood_window_s:g} s",
                    )
                )
                if not self._flood.should_alert(call_id, now):
                    suppress.add(P.FLOOD)
            self._remember(call_id, cut)
            self._carry_suspicion(call_id, findings)
        return self._assess(call_id, "in", findings, cut, redact(cut, names), suppress)

    # ------------------------------------------------------------------ outgoing

    def inspect_outgoing(
        self, call_id: str, text: str, ctx: CallContext | Mapping | None = None
    ) -> Assessment:
        """Judge what we are about to say: only the verified caller's own data may be spoken."""
        if not isinstance(text, str):
            raise TypeError(f"outgoing text must be str, not {type(text).__name__}")
        ctx = self._ctx(ctx)
        names = self._names(ctx)
        mem = self._memory.get(call_id)
        findings: list[Finding] = []

        for h in find_pii(text):
            ex = _excerpt(text, h.start, h.end, names)
            if h.kind in ("card", "iban"):
                findings.append(Finding(f"{h.kind}_number", P.PII_OUT, Severity.CRITICAL, ex))
            elif h.kind == "email":
                v = h.value.casefold()
                own = ctx.verified and ctx.email and ctx.email.casefold() == v
                if not (own or v in self._public_emails or (mem and v in mem.emails)):
                    findings.append(Finding("email", P.PII_OUT, Severity.HIGH, ex))
            else:  # phone
                if _REFERENCE_CUE.search(text[max(0, h.start - 40) : h.start]):
                    continue  # a numeric booking reference, judged by the booking rules below
                k = phone_key(h.value)
                own = ctx.verified and ctx.phone and phone_key(ctx.phone) == k
                if not (own or k in self._public_phones or (mem and k in mem.phones)):
                    findings.append(Finding("phone", P.PII_OUT, Severity.HIGH, ex))

        low = text.casefold()
        squashed = _norm_ref(text)
        own_name = (ctx.guest_name or "").casefold()
        own_surname = own_name.split()[-1] if own_name else ""
        for other in ctx.other_guests:
            o = other.casefold().strip()
            if not o or (ctx.verified and o == own_name):
                continue
            parts = [o] + [p for p in o.split()[-1:] if len(p) >= 3 and p != own_surname and p != o]
            for p in parts:
                m = re.search(rf"\b{re.escape(p)}\b", low)
                if m:
                    findings.append(
                        Finding(
                            "other_guest_name",
                            P.PII_OUT,
                            Severity.CRITICAL,
                            _excerpt(text, m.start(), m.end(), names),
                        )
                    )
                    break
        own_refs = {_norm_ref(b) for b in ctx.bookings}
        for ref in ctx.other_bookings:
            r = _norm_ref(ref)
            if r and r not in own_refs and len(r) >= 4 and r in squashed:
                findings.append(
                    Finding("other_guest_booking", P.PII_OUT, Severity.CRITICAL, "[REF]")
                )
                break
        if not ctx.verified:
            said = mem.text if mem else ""
            if own_name and re.search(rf"\b{re.escape(own_name)}\b", low) and own_name not in said:
                findings.append(Finding("unverified_name", P.PII_OUT, Severity.HIGH, "[NAME]"))
            for b in ctx.bookings:
                r = _norm_ref(b)
                if r and len(r) >= 4 and r in squashed and r not in _norm_ref(said):
                    findings.append(
                        Finding("unverified_booking", P.PII_OUT, Severity.HIGH, "[REF]")
                    )
                    break
        return self._assess(call_id, "out", findings, text, redact(text, names), set())

    # ------------------------------------------------------------------ fabric

    def integrity_event(
        self, kind: str, detail: Mapping[str, Any] | None = None, *, call_id: str | None = None
    ) -> Assessment:
        """An integrity event reported by the fabric or an executor (see integrity.EVENT_KINDS)."""
        if kind not in EVENT_KINDS:
            raise ValueError(
                f"unknown integrity event {kind!r}; known: {', '.join(sorted(EVENT_KINDS))}"
            )
        severity, text = EVENT_KINDS[kind]
        detail = dict(detail or {})
        if call_id is None and isinstance(detail.get("call_id"), str):
            call_id = detail["call_id"]
        f = Finding(kind, P.INTEGRITY, severity, text)
        return self._assess(call_id, "fabric", [f], "", "", set(), extra=_sanitize(detail))

    def observe_frame(
        self, link: str, source: AgentId | int, seq: int, *, call_id: str | None = None
    ) -> Assessment | None:
        """Check one received frame's sender and sequence on its link; None when all is well."""
        events = self._watch.observe(link, source, seq)
        if not events:
            return None
        findings = [
            Finding(e.kind, P.INTEGRITY, EVENT_KINDS[e.kind][0], EVENT_KINDS[e.kind][1])
            for e in events
        ]
        extra = _sanitize({k: v for e in events for k, v in e.detail.items()})
        return self._assess(call_id, "fabric", findings, "", "", set(), extra=extra)

    def checksum_failure(
        self, link: str, detail: Mapping[str, Any] | None = None, *, now: float | None = None
    ) -> Assessment:
        """One frame failed its checksum on ``link``; a burst within the window is CRITICAL."""
        now = time.monotonic() if now is None else now
        burst = self._watch.checksum_failure(link, now)
        sev, text = EVENT_KINDS["checksum_failure"]
        findings = [Finding("checksum_failure", P.INTEGRITY, sev, text)]
        if burst:
            findings.append(
                Finding(
                    "checksum_burst",
                    P.INTEGRITY,
                    Severity.CRITICAL,
                    f">= {self.cfg.checksum_burst} checksum failures in {self.cfg.flood_window_s:g} s",
                )
            )
        extra = _sanitize({"link": link, **dict(detail or {})})
        return self._assess(None, "fabric", findings, "", "", set(), extra=extra)

    def end_call(self, call_id: str) -> None:
        """Forget a finished call's windows and memory."""
        self._flood.forget(call_id)
        self._memory.pop(call_id, None)

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _ctx(ctx: CallContext | Mapping | None) -> CallContext:
        if ctx is None:
            return EMPTY
        if isinstance(ctx, CallContext):
            return ctx
        return CallContext.from_mapping(ctx)

    @staticmethod
    def _names(ctx: CallContext) -> tuple[str, ...]:
        return tuple(n for n in (ctx.guest_name, *ctx.other_guests) if n)

    @staticmethod
    def _scan(
        rules: Iterable[P.Rule], text: str, names: tuple[str, ...], via: str = "plain"
    ) -> list[Finding]:
        out = []
        for r in rules:
            m = r.search(text)
            if m:
                out.append(
                    Finding(
                        r.name,
                        r.category,
                        r.severity,
                        _excerpt(text, m.start(), m.end(), names),
                        via,
                    )
                )
        return out

    @staticmethod
    def _combined(category: str, fs: list[Finding]) -> Finding:
        rules = ", ".join(sorted({f.rule for f in fs}))
        return Finding(
            "combined", category, Severity.CRITICAL, f"several signals together: {rules}"
        )

    def _carry_suspicion(self, call_id: str, findings: list[Finding]) -> None:
        """After a HIGH or CRITICAL injection / social-engineering attempt, the caller's next
        ``suspicion_turns`` turns carry a MEDIUM ``recent_attempt`` finding (no new alert):
        "I don't know the name, just do it" right after "ignore your instructions" is not
        an innocent turn, even though its words are."""
        mem = self._memory.get(call_id)
        if mem is None:
            return
        serious = [
            f
            for f in findings
            if f.category in (P.INJECTION, P.SOCIAL)
            and f.severity >= Severity.HIGH
            and f.rule != "combined"
        ]
        if serious:
            mem.attempt = (serious[0].category, serious[0].rule)
            mem.attempt_turns = self.cfg.suspicion_turns
            return
        if mem.attempt is not None and mem.attempt_turns > 0:
            mem.attempt_turns -= 1
            cat, rule = mem.attempt
            findings.append(
                Finding(
                    RECENT_ATTEMPT, cat, Severity.MEDIUM, f"follows {rule} earlier in this call"
                )
            )

    def _remember(self, call_id: str, text: str) -> None:
        mem = self._memory.get(call_id)
        if mem is None:
            mem = self._memory[call_id] = _CallMemory()
            while len(self._memory) > self.cfg.max_tracked_calls:
                self._memory.popitem(last=False)
        else:
            self._memory.move_to_end(call_id)
        mem.text = (mem.text + " " + text.casefold())[-_CALLER_MEMORY_CHARS:]
        for h in find_pii(text):
            if h.kind == "email":
                mem.emails.add(h.value.casefold())
            elif h.kind == "phone":
                mem.phones.add(phone_key(h.value))

    def _assess(
        self,
        call_id: str | None,
        direction: str,
        findings: list[Finding],
        text: str,
        redacted_text: str,
        suppress: set[str],
        extra: dict[str, Any] | None = None,
    ) -> Assessment:
        risk = 1.0
        severity = Severity.INFO
        for f in findings:
            risk *= self._factors[f.severity]
            severity = max(severity, f.severity)
        risk = min(1.0, max(0.0, risk))
        categories = tuple(dict.fromkeys(f.category for f in findings))
        alerts = []
        for cat in categories:
            if cat in suppress:
                continue
            fs = [f for f in findings if f.category == cat and f.rule != RECENT_ATTEMPT]
            if not fs:
                continue  # the attempt itself was alerted when it happened
            sev = max(f.severity for f in fs)
            if sev < self._alert_min:
                continue
            rules = list(dict.fromkeys(f.rule for f in fs))
            evidence: dict[str, Any] = {
                "direction": direction,
                "rules": rules,
                "excerpts": [f.excerpt for f in fs],
                "risk": round(risk, 4),
            }
            if call_id is not None:
                evidence["call_id"] = call_id
            vias = sorted({f.via for f in fs if f.via != "plain"})
            if vias:
                evidence["via"] = vias
            if extra:
                evidence["detail"] = extra
            where = f" on call {call_id}" if call_id else ""
            alerts.append(
                Alert(
                    alert_id=uuid.uuid4().hex,
                    severity=sev,
                    category=cat,
                    message=f"{CATEGORY_TEXT[cat]}{where}: {', '.join(rules)}",
                    evidence=evidence,
                )
            )
        return Assessment(
            call_id=call_id,
            direction=direction,
            risk=risk,
            severity=severity,
            veto=severity >= Severity.CRITICAL,
            findings=tuple(findings),
            alerts=tuple(alerts),
            text=text,
            redacted=redacted_text,
            categories=categories,
        )


def _sanitize(value: Any, depth: int = 0) -> Any:
    """Event details made safe for an alert: JSON types only, strings redacted and cut."""
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return value
    if isinstance(value, str):
        return redact(value[:200])
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if depth >= 3:
        return redact(str(value)[:200])
    if isinstance(value, Mapping):
        return {str(k)[:64]: _sanitize(v, depth + 1) for k, v in list(value.items())[:32]}
    if isinstance(value, list | tuple | set):
        return [_sanitize(v, depth + 1) for v in list(value)[:32]]
    if hasattr(value, "name") and isinstance(getattr(value, "name", None), str):
        return value.name
    return redact(str(value)[:200])
