"""INTEL's vLLM understanding path against a real vLLM OpenAI server on the CPU.

The model is a tiny random Llama (see make_tiny_model.py), so what it "understands" is
garbage; what these tests prove is the plumbing production relies on: the request INTEL sends
is accepted by a real vLLM, the JSON-schema constraint holds on a real engine (the answer
parses and stays inside the intent / language / room vocabularies), the answer drives a whole
INTEL turn to a Proposal, and a slow server surfaces as the backend's clear timeout error.
"""

from __future__ import annotations

import datetime as dt
import json

import httpx
import jsonschema
import pytest

from agents.intel.dialogue import Dialogue
from agents.understanding.backend import (
    SLOT_NAMES,
    Context,
    UnderstandingError,
)
from agents.understanding.crosscheck import CrossChecked
from agents.understanding.factory import make_backend
from agents.understanding.vllm_client import VllmBackend, VllmTimeoutError
from config.settings import load_settings
from ipc.messages import Proposal, Transcript

# The first test's setup installs .venv-vllm (minutes, once) and starts the engine (~30 s).
pytestmark = pytest.mark.timeout(1200)

TODAY = dt.date(2026, 3, 2)
UTTERANCE = "I'd like a double room next Friday for two nights, two of us."


@pytest.fixture(scope="module")
def settings(vllm_server):
    """Settings as a hotel would write them to use vLLM: backend + base_url (+ timeout)."""
    s = load_settings().model_copy(deep=True)
    u = s.agents.understanding
    u.backend = "vllm"
    u.vllm.base_url = vllm_server
    # the tiny model answers in well under a second; generous for a loaded shared CI box
    u.vllm.timeout_s = 60.0
    return s


@pytest.fixture
def backend(settings):
    """The backend as INTEL gets it: the vLLM client inside the cross-check (crosscheck.py)."""
    be = make_backend(settings)
    assert isinstance(be, CrossChecked) and isinstance(be.inner, VllmBackend)
    yield be
    be.close()


def test_server_serves_the_configured_model_name(vllm_server, settings):
    r = httpx.get(f"{vllm_server}/models", timeout=10)
    assert r.status_code == 200
    # the server is started under the config's default model name (conftest.SERVED_NAME)
    assert [m["id"] for m in r.json()["data"]] == [settings.agents.understanding.vllm.model]


def test_raw_answer_satisfies_the_json_schema_sent(vllm_server, backend):
    """The engine's constrained output, checked by an independent validator (not our parser)."""
    client = backend.inner
    body = client.request_body(UTTERANCE, Context(today=TODAY))
    r = httpx.post(f"{vllm_server}/chat/completions", json=body, timeout=60)
    assert r.status_code == 200, r.text[:500]
    choice = r.json()["choices"][0]
    # "stop" = the grammar closed the JSON object; "length" would mean it ran to max_tokens
    assert choice["finish_reason"] == "stop", choice
    content = choice["message"]["content"]
    answer = json.loads(content)
    jsonschema.validate(answer, client.schema)
    assert answer["intent"] in client.intents
    assert set(answer["slots"]) == set(SLOT_NAMES)
    assert content == content.strip() and "\n" not in content  # no free whitespace


def test_backend_understands_through_the_real_server(backend):
    u = backend.understand(UTTERANCE, Context(today=TODAY))
    client = backend.inner
    # the cross-check may append the rules that fired ("; cross-check: arrival contradicted")
    assert u.backend == "vllm" and u.detail.startswith(f"vllm model {client.model}")
    assert u.intent in client.intents
    assert 0.0 <= u.confidence <= 1.0
    assert u.lang in ("en", "de")
    assert set(u.slots) <= set(SLOT_NAMES)
    if "room_type" in u.slots:
        assert u.slots["room_type"] in client.room_codes
    # greedy decoding of the same prompt on the same engine is reproducible
    again = backend.understand(UTTERANCE, Context(today=TODAY))
    assert (again.intent, again.confidence, again.slots) == (u.intent, u.confidence, u.slots)


def test_a_whole_intel_turn_on_the_vllm_backend(settings, backend):
    """make_backend(settings) -> Dialogue -> Proposal, with the model's answer really used."""
    expected = backend.understand(UTTERANCE, Context(today=TODAY))
    d = Dialogue(settings, TODAY, caller_id="+4930123456", backend=backend)
    p = d.on_transcript(Transcript(text=UTTERANCE, turn=1))
    assert isinstance(p, Proposal)
    assert p.origin == "intel" and p.turn == 1 and p.action
    # The turn went through the model's answer, not the "could you say that again" error path
    # (which proposes with confidence 0.0): the seeded model answers with a confidence > 0.
    assert expected.confidence > 0, expected
    assert p.confidence == round(expected.confidence, 4)
    assert d.state.last_understanding == expected.confidence
    assert d.state.lang == expected.lang
    assert d.evidence()[0].source == "understanding_confidence"
    assert d.evidence()[0].value == round(expected.confidence, 4)
    # a second turn keeps working on the same dialogue (state carried, server reused)
    p2 = d.on_transcript(Transcript(text="yes, that's right", turn=2))
    assert isinstance(p2, Proposal) and p2.turn == 2


def test_impossible_timeout_is_the_backends_clear_error(vllm_server, settings):
    u = settings.agents.understanding
    be = VllmBackend(
        vllm_server,
        u.vllm.model,
        intents=["book", "unknown"],
        room_codes=["DBL"],
        # 10 µs: not even a loopback connect fits (1 ms was once met by a fast answer)
        timeout_s=1e-5,
    )
    try:
        with pytest.raises(VllmTimeoutError, match=r"did not answer within 1e-05 s"):
            be.understand(UTTERANCE, Context(today=TODAY))
    finally:
        be.close()
    # and the server is still fine afterwards (the abandoned request did not wedge it)
    assert httpx.get(vllm_server.removesuffix("/v1") + "/health", timeout=10).status_code == 200


def test_unknown_model_name_is_a_clear_error(vllm_server):
    be = VllmBackend(vllm_server, "no-such-model", ["book", "unknown"], ["DBL"], timeout_s=60)
    try:
        with pytest.raises(UnderstandingError, match=r"answered HTTP 404"):
            be.understand(UTTERANCE, Context(today=TODAY))
    finally:
        be.close()
