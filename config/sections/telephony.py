"""Telephony: the SIP user agents that answer the hotel's phone calls (read by media/sip/).

Why a section of its own: the SIP side has its own network surface (listen
address, transports, the peers allowed to call) and its own limits (how many
calls at once, what a caller beyond them hears). Off by default: a runtime
answers SIP only when a site turns it on.

The registrar's digest credentials are secrets: ``SecretStr`` fields read from the
environment (``SOVREN_SIP_USERNAME``, ``SOVREN_SIP_PASSWORD``) by pydantic-settings,
excluded from every dump, so a UA process reads them from the environment it
inherited and they never sit in a file, a log or a repr.
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# PJSIP's Python wheel clamps maxCalls to 4 per process (../shared/DEPENDENCIES.md, "SIP
# tools"): more calls need more user-agent processes.
CALLS_PER_PROCESS = 4
# user-agent processes one runtime may run (each has its own pair of rings to the media worker)
MAX_PROCESSES = 4

Codec = Literal["PCMU", "PCMA", "G722"]


class SipCredentials(BaseSettings):
    """The registrar account's digest credentials, from the environment only."""

    model_config = SettingsConfigDict(extra="forbid", populate_by_name=True)

    username: SecretStr | None = Field(None, validation_alias="SOVREN_SIP_USERNAME", exclude=True)
    password: SecretStr | None = Field(None, validation_alias="SOVREN_SIP_PASSWORD", exclude=True)

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        return (init_settings, env_settings)


class TlsConfig(BaseModel):
    """SIP over TLS (``transports: [tls]``): certificate files of this host (paths, not secrets)."""

    model_config = {"extra": "forbid"}

    port: int = Field(5061, ge=1, le=65535)
    cert_file: str | None = None
    private_key_file: str | None = None
    ca_list_file: str | None = None
    verify_client: bool = False


class TelephonyConfig(BaseModel):
    model_config = {"extra": "forbid"}

    enabled: bool = False
    # where INVITEs are accepted (mode "direct") and what the Contact says
    listen_address: str = "127.0.0.1"
    listen_port: int = Field(5070, ge=1, le=65535)  # UA process i listens on listen_port + i
    transports: list[Literal["udp", "tcp", "tls"]] = ["udp", "tcp"]
    tls: TlsConfig = TlsConfig()
    # SRTP for the media: disabled | optional (offered, plain RTP accepted) | mandatory
    srtp: Literal["disabled", "optional", "mandatory"] = "disabled"
    # direct: accept INVITEs from the allowed peers; register: also register to a PBX/trunk
    mode: Literal["direct", "register"] = "direct"
    registrar: str | None = None  # sip:pbx.example.com (mode register)
    domain: str | None = None  # the account's domain (default: the registrar's host)
    register_expires_s: int = Field(300, ge=60)
    # a failed registration is retried after this long, the wait doubling after each
    # further failure up to register_retry_max_s (media/sip/registration.py)
    register_retry_s: float = Field(30.0, gt=0)
    register_retry_max_s: float = Field(600.0, gt=0)
    # Peers that may send us requests: IP addresses or networks (CIDR). The registrar's
    # address is allowed when mode is register. Everything else gets 403.
    allow_from: list[str] = ["127.0.0.1/32"]
    # Calls answered at once across all user-agent processes; beyond it the shedding answer.
    max_calls: int = Field(4, ge=1, le=CALLS_PER_PROCESS * MAX_PROCESSES - 1)
    # What a caller beyond max_calls gets: "speech" (answered: "all lines are busy",
    # then put through to the reception), or a SIP refusal 486 (Busy Here) / 503.
    shed_answer: Literal["speech", "486", "503"] = "speech"
    codecs: list[Codec] = ["G722", "PCMU", "PCMA"]  # in order of preference
    # a caller who says nothing: a prompt after this many seconds, a polite hang-up after
    # this many more
    silence_prompt_s: float = Field(10.0, gt=0)
    silence_hangup_s: float = Field(10.0, gt=0)
    # the phone's keypad, once offered for a number: a pause this long after the last key
    # ends the entry as '#' does (media/sip/keypad.py)
    keypad_pause_s: float = Field(4.0, gt=0, le=30)
    # no audio from the caller's side at all (RTP stopped) for this long: the call is dead
    rtp_timeout_s: float = Field(30.0, gt=0)
    # a REFER to the reception whose final NOTIFY has not come after this long has failed
    # (a phone may accept a REFER and never act on it): the caller is told and stays with us
    transfer_wait_s: float = Field(30.0, gt=0)
    # PJSIP's adaptive jitter buffer: the least caller audio it holds back (ms). Its own
    # default, 60 ms, delayed every word the runtime hears, barge-in included; the buffer
    # still grows with the jitter it measures (up to 240 ms). docs/telephony.md
    jitter_min_ms: int = Field(20, ge=0, le=240)
    max_call_s: float = Field(1800.0, gt=0)
    credentials: SipCredentials = Field(default_factory=SipCredentials)

    @field_validator("allow_from")
    @classmethod
    def _networks(cls, v: list[str]) -> list[str]:
        for item in v:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    f"telephony.allow_from: {item!r} is not an IP address or network (CIDR)"
                ) from None
        return v

    @field_validator("codecs")
    @classmethod
    def _some_codec(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("telephony.codecs: name at least one of PCMU, PCMA, G722")
        return list(dict.fromkeys(v))

    @model_validator(mode="after")
    def _register_needs_registrar(self) -> TelephonyConfig:
        if self.mode == "register" and not self.registrar:
            raise ValueError(
                "telephony.mode is register but telephony.registrar is not set "
                "(e.g. registrar: sip:pbx.example.com)"
            )
        if self.register_retry_max_s < self.register_retry_s:
            raise ValueError(
                "telephony.register_retry_max_s is shorter than telephony.register_retry_s: "
                "the longest wait between registration attempts must be at least the first"
            )
        if "tls" in self.transports and not (self.tls.cert_file and self.tls.private_key_file):
            raise ValueError(
                "telephony.transports holds tls: set telephony.tls.cert_file and "
                "telephony.tls.private_key_file"
            )
        return self

    @property
    def processes(self) -> int:
        """User-agent processes: enough for max_calls, plus room to answer one shed caller."""
        return min(MAX_PROCESSES, self.max_calls // CALLS_PER_PROCESS + 1)
