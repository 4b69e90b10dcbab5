"""The vLLM client against a local HTTP server speaking the OpenAI chat-completions wire format."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from agents.understanding.backend import Context, UnderstandingError
from agents.understanding.crosscheck import CrossChecked
from agents.understanding.factory import make_backend
from agents.understanding.vllm_client import VllmBackend, VllmSchemaError, VllmTimeoutError
from ipc.payloads import plain

TODAY = dt.date(2026, 3, 2)
NULL_SLOTS = dict.fromkeys(
    [
        "arrival",
        "departure",
        "nights",
        "guests",
        "room_type",
        "guest_name",
        "phone",
        "email",
        "confirmation",
    ]
)


class FakeVllm(ThreadingHTTPServer):
    """Answers POST /v1/chat/completions with ``self.content`` after ``self.delay`` seconds."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []
        self.content: str = ""
        self.delay = 0.0
        self.status = 200

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):  # keep test output clean
        pass

    def do_POST(self):
        srv: FakeVllm = self.server  # type: ignore[assignment]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path != "/v1/chat/completions":
            self.send_response(404)
            self.end_headers()
            return
        srv.requests.append(body)
        time.sleep(srv.delay)
        payload = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model"),
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": srv.content},
                 "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }  # fmt: skip
        raw = json.dumps(payload).encode() if srv.status == 200 else b'{"error": "overloaded"}'
        self.send_response(srv.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


@pytest.fixture
def server():
    srv = FakeVllm()
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    t.join(5)


@pytest.fixture
def client(server, settings):
    s = settings.model_copy(deep=True)
    s.agents.understanding.backend = "vllm"
    s.agents.understanding.vllm.base_url = server.base_url
    s.agents.understanding.vllm.timeout_s = 0.5
    be = make_backend(s)
    assert isinstance(be, CrossChecked) and isinstance(be.inner, VllmBackend)
    yield be
    be.close()


def answer(**kw) -> str:
    base = {"intent": "book", "confidence": 0.92, "lang": "en", "slots": dict(NULL_SLOTS)}
    slots = kw.pop("slots", {})
    base.update(kw)
    base["slots"].update(slots)
    return json.dumps(base)


def test_valid_answer_and_request_shape(server, client):
    server.content = answer(
        slots={"arrival": "2026-03-06", "nights": 2, "guests": 2, "room_type": "DBL"}
    )
    u = client.understand(
        "next Friday for two nights, two of us, a double", Context(today=TODAY, asked="arrival")
    )
    assert (u.intent, u.confidence, u.lang, u.backend) == ("book", 0.92, "en", "vllm")
    assert u.slots == {"arrival": "2026-03-06", "departure": "2026-03-08", "nights": 2, "guests": 2,
                       "room_type": "DBL"}  # fmt: skip
    req = server.requests[-1]
    assert req["model"] == "sovren-understanding"
    assert [m["role"] for m in req["messages"]] == ["system", "user"]
    assert req["messages"][1]["content"] == "next Friday for two nights, two of us, a double"
    assert "2026-03-02" in req["messages"][0]["content"]
    rf = req["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["strict"] is True
    schema = rf["json_schema"]["schema"]
    assert set(schema["required"]) == {"intent", "confidence", "lang", "slots"}
    assert "fact.parking" in schema["properties"]["intent"]["enum"]
    assert schema["properties"]["slots"]["properties"]["room_type"]["enum"] == [
        "DBL",
        "TWN",
        "SUI",
        None,
    ]
    assert req["temperature"] == 0.0 and req["max_tokens"] == 256


def test_dates_conflict_is_reported(server, client):
    server.content = answer(slots={"arrival": "2026-03-12", "departure": "2026-03-14", "nights": 3})
    u = client.understand("12th to 14th, three nights", Context(today=TODAY))
    assert u.conflicts == ("dates",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "does not match the understanding schema"),
        (json.dumps({"intent": "book"}), "does not match the understanding schema"),
        (answer(intent="launch_missiles"), "is not one of"),
        (answer(confidence=7), "not in \\[0, 1\\]"),
        (answer(slots={"arrival": "next friday"}), "not an ISO date"),
        (answer(slots={"room_type": "PENTHOUSE"}), "room_type"),
        (answer(slots={"guests": 0}), "guests 0 not in"),
        (answer(extra="field"), "does not match"),
    ],
)
def test_schema_violations_are_clear_errors(server, client, content, message):
    server.content = content
    with pytest.raises(VllmSchemaError, match=message):
        client.understand("hello", Context(today=TODAY))


def test_timeout_is_a_clear_error(server, client):
    server.content = answer()
    server.delay = 1.5
    with pytest.raises(VllmTimeoutError, match="did not answer within 0.5 s"):
        client.understand("hello", Context(today=TODAY))


def test_http_error_and_unreachable_server(server, client, settings):
    server.status = 503
    with pytest.raises(UnderstandingError, match="HTTP 503"):
        client.understand("hello", Context(today=TODAY))
    dead = VllmBackend("http://127.0.0.1:9/v1", "m", ["book", "unknown"], ["DBL"], timeout_s=0.5)
    with pytest.raises(UnderstandingError, match="cannot reach vLLM"):
        dead.understand("hello", Context(today=TODAY))


def test_empty_input_never_reaches_the_server(server, client):
    u = client.understand("   ", Context(today=TODAY, lang="de"))
    assert u.intent == "unknown" and "empty" in u.flags and u.lang == "de"
    assert server.requests == []


def test_dialogue_runs_on_the_vllm_backend(server, client, settings):
    from agents.intel.dialogue import Dialogue
    from ipc.messages import Transcript

    d = Dialogue(settings, TODAY, backend=client)
    server.content = answer(slots={"arrival": "2026-03-06", "nights": 2, "guests": 2})
    p = d.on_transcript(Transcript(text="a room next Friday for two nights for two", turn=1))
    assert p.action == "pms.availability"
    assert plain(p.args) == {"t": "availability_query", "arrival": "2026-03-06",
                             "departure": "2026-03-08", "guests": 2, "room_type": None}  # fmt: skip
    server.content = "garbage"
    p = d.on_transcript(Transcript(text="hm", turn=2))
    assert p.action == "speak.ask" and d.evidence()[0].value == 0.0


def test_a_wrong_month_from_the_llm_is_asked_back_not_offered(server, client, settings):
    """The LLM resolves the caller's correction to October; the cross-check (in the backend
    the factory made) turns it into the embedded brain's ask-back, and the caller's answer to
    that, read the same by both, is what the availability check asks for."""
    from agents.intel.dialogue import Dialogue
    from ipc.messages import Transcript

    d = Dialogue(settings, TODAY, backend=client)
    server.content = answer(lang="de", slots={"arrival": "2026-10-23", "nights": 2, "guests": 2})
    p = d.on_transcript(Transcript(
        text="Ein Zimmer für zwei Personen ab dem 22.3., nein, ab dem dreiundzwanzigsten, "
        "zwei Nächte", turn=1,
    ))  # fmt: skip
    assert p.action == "speak.ask" and "arrival" not in d.state.slots
    assert d.state.slots.get("guests") == 2
    server.content = answer(lang="de", slots={"arrival": "2026-03-23", "nights": 2})
    p = d.on_transcript(Transcript(text="Am 23. März, zwei Nächte.", turn=2))
    assert p.action == "pms.availability"
    assert (p.args.arrival, p.args.departure) == (dt.date(2026, 3, 23), dt.date(2026, 3, 25))
