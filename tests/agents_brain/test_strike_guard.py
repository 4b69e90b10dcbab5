"""STRIKE's batch goes through the base's per-handler guard: a transcript that breaks the brain
costs its own answer (one error counted, logged), never the other calls' answers or the process.

Real parts: the topology's shared-memory rings and doorbells of a fresh instance, the real
StrikeAgent and its real brain (MiniLM); the fault is injected into the brain for one text.
"""

from __future__ import annotations

import os
import uuid

import pytest

from agents.strike.agent import StrikeAgent
from fabric import topology
from fabric.agent_base import Bootstrap
from fabric.agent_stats import AgentStats, F, segment_name
from ipc.doorbell import Doorbell
from ipc.messages import AgentId, AgentMessage, Proposal, Transcript
from ipc.ring import Ring

POISON = "this sentence breaks the brain"
C1, C2, C3 = (uuid.uuid4().hex for _ in range(3))


@pytest.fixture(scope="module")
def fabric(settings):
    """Every ring, doorbell and stats segment of a fresh instance, removed afterwards."""
    instance = f"sg{os.getpid()}"
    rings = [
        Ring.create(lk.segment(instance), 1 << 16, policy="drop" if lk.telemetry else "block")
        for lk in topology.links()
    ]
    bells = [Doorbell.create(instance, role) for role in topology.ROLES]
    stats = [AgentStats(segment_name(instance, r.name), create=True) for r in topology.ROLES]
    yield instance
    for thing in (*rings, *bells, *stats):
        thing.unlink()


class PoisonedBrain:
    """The real brain, which raises for one text (what a bug on an odd transcript does)."""

    def __init__(self, brain):
        self.brain = brain

    def propose_many(self, items):
        if any(t.text == POISON for t, _ in items):
            raise ValueError("the brain broke on this transcript")
        return self.brain.propose_many(items)


def _frame(call: str, text: str) -> AgentMessage:
    body = Transcript(text=text, turn=1, lang="en")
    return AgentMessage(source=AgentId.MEDIA, target=AgentId.STRIKE, call_id=call, seq=0, body=body)


@pytest.fixture(scope="module")
def agent(fabric, settings):
    """The real STRIKE agent on the fabric, its brain loaded once for the module."""
    strike = StrikeAgent(Bootstrap(instance=fabric, role="STRIKE"), settings)
    strike.on_start()
    strike.brain = PoisonedBrain(strike.brain)
    return strike


def test_one_bad_transcript_in_a_batch_costs_only_its_own_answer(agent, caplog):
    errors, done = agent.stats[F.ERRORS], agent.stats[F.HANDLED]
    inbound = next(r for lk, r in agent.inbound.values() if lk.src == AgentId.MEDIA)
    for call, text in ((C1, "I'd like to book a room"), (C2, POISON), (C3, "goodbye")):
        assert inbound.send(_frame(call, text), timeout=1)

    handled = agent._handle(agent.inbox.poll(0.5))  # one batch of three; must not raise

    assert handled == 3
    assert agent.stats[F.ERRORS] == errors + 1 and agent.stats[F.HANDLED] == done + 3
    out = agent.outbound[(AgentId.COMMAND, None)]
    sent = {m.call_id: m.body for m in out.recv_many(10, timeout=0.5)}
    assert set(sent) == {C1, C3}  # the two good calls still get their answer
    assert all(isinstance(b, Proposal) for b in sent.values())
    assert f"transcript of call {C2} failed" in caplog.text


def test_the_agent_keeps_serving_after_a_bad_batch(agent):
    errors = agent.stats[F.ERRORS]
    inbound = next(r for lk, r in agent.inbound.values() if lk.src == AgentId.MEDIA)
    inbound.send(_frame(C1, POISON), timeout=1)
    agent._handle(agent.inbox.poll(0.5))
    inbound.send(_frame(C2, "I'd like to book a room"), timeout=1)
    agent._handle(agent.inbox.poll(0.5))
    out = agent.outbound[(AgentId.COMMAND, None)]
    assert [m.call_id for m in out.recv_many(10, timeout=0.5)] == [C2]
    assert agent.stats[F.ERRORS] == errors + 1
