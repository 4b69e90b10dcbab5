"""SENTINEL's rules and its alert feed (read by agents/sentinel/).

Secrets never live here: the webhook's HMAC secret comes from the environment
variable SOVREN_ALERT_WEBHOOK_SECRET only.
"""

from pydantic import BaseModel, Field


class SentinelConfig(BaseModel):
    model_config = {"extra": "forbid"}

    # Transcripts: longer input is cut to this many characters (with an alert).
    max_transcript_chars: int = Field(1000, ge=16)
    # Floods: per call, within a sliding window.
    flood_window_s: float = Field(10.0, gt=0)
    flood_max_turns: int = Field(8, ge=1)
    flood_max_chars: int = Field(2500, ge=16)
    # Checksum failures on one link within flood_window_s that make a burst (CRITICAL).
    checksum_burst: int = Field(5, ge=1)
    # Risk factor per finding severity; the call's sentinel_risk is their product (1 = no risk).
    risk_factors: dict[str, float] = Field(
        default_factory=lambda: {"low": 0.85, "medium": 0.6, "high": 0.25, "critical": 0.0}
    )
    # Findings at or above this severity produce alerts (INFO, LOW, MEDIUM, HIGH, CRITICAL).
    alert_min_severity: str = Field("LOW", pattern=r"^(INFO|LOW|MEDIUM|HIGH|CRITICAL)$")
    # Values that may always be spoken (the hotel's own phone numbers, e-mail addresses).
    public_values: list[str] = Field(default_factory=list)
    # After a HIGH/CRITICAL injection or social-engineering attempt, this many of the caller's
    # next turns carry a MEDIUM "recent_attempt" finding (0 = off).
    suspicion_turns: int = Field(3, ge=0)
    # How many calls' state (flood windows, what the caller said) is kept at most.
    max_tracked_calls: int = Field(4096, ge=16)

    # Alert feed.
    notify_channel: str = Field("sovren_alerts", pattern=r"^[a-z_][a-z0-9_]{0,62}$")
    webhook_url: str | None = None
    webhook_timeout_s: float = Field(3.0, gt=0)
    webhook_retries: int = Field(5, ge=0)
    webhook_backoff_s: float = Field(0.5, gt=0)
    webhook_max_backoff_s: float = Field(30.0, gt=0)
    # Alerts waiting per sink; beyond this they are dropped and counted (never block the agent).
    feed_queue_max: int = Field(1000, ge=1)
    # Prometheus endpoint: 0 = off.
    metrics_port: int = Field(0, ge=0, le=65535)
    metrics_host: str = "127.0.0.1"
