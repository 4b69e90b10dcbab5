"""STRIKE's process: the fast answer to every caller turn.

Why batching: under load several calls' transcripts wait in the inbound ring
at once; encoding them in one pass of the embedded model reads its weights
from memory once instead of once per call, which keeps the 50 ms budget when
a hundred calls speak together.
"""

from __future__ import annotations

import logging
import time

from agents.strike.fast import CallContext, StrikeBrain
from fabric.agent_base import Agent, main
from fabric.agent_stats import F
from ipc.messages import AgentId, Transcript

log = logging.getLogger(__name__)


class StrikeAgent(Agent):
    role = AgentId.STRIKE

    def on_start(self) -> None:
        self.brain = StrikeBrain(self.settings)
        self.lang: dict[str, str] = {}

    def _handle(self, got: list) -> int:
        batch, rest = [], []
        for ring_name, msg in got:
            if isinstance(msg.body, Transcript):
                if self.stats.tapping():
                    self.mirror(msg)
                batch.append(msg)
            else:
                rest.append((ring_name, msg))
        if batch:
            t0 = time.perf_counter_ns()
            for m, p in zip(batch, self._propose(batch), strict=True):
                if p is not None:
                    self.guarded(f"sending call {m.call_id}'s proposal", self._send, m.call_id, p)
            per = (time.perf_counter_ns() - t0) // 1000
            self._lat.extend([per] * len(batch))
            self.stats[F.HANDLED] = self.stats[F.HANDLED] + len(batch)
        return super()._handle(rest) + len(batch)

    def _propose(self, batch: list) -> list:
        """One proposal per transcript, None for one that failed (the base's guard counts it).

        The batch is encoded in one pass; if that pass fails, each transcript is tried
        alone through the guard, so one transcript that breaks the brain costs only its
        own answer (one error counted), never the others' or the process.
        """
        try:
            return self.brain.propose_many([self._item(m) for m in batch])
        except Exception as e:
            log.warning("STRIKE: a batch of %d failed (%r); one by one", len(batch), e)
        out = []
        for m in batch:
            ok, one = self.guarded(
                f"transcript of call {m.call_id}", self.brain.propose_many, [self._item(m)]
            )
            out.append(one[0] if ok else None)
        return out

    def _item(self, m) -> tuple:
        return m.body, CallContext(lang=self.lang.get(m.call_id, m.body.lang))

    def _send(self, call_id: str, proposal) -> None:
        self.send(AgentId.COMMAND, call_id, proposal)


if __name__ == "__main__":
    raise SystemExit(main(StrikeAgent))
