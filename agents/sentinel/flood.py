"""Per-call sliding windows: how many turns and characters a caller sent recently.

Why bounded: a flood is exactly when state could grow without limit, so both the
window per call (old entries expire) and the number of calls tracked (least
recently seen evicted) are capped.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FloodState:
    turns: int
    chars: int
    over_turns: bool
    over_chars: bool
    ratio: float  # the worse of turns/max and chars/max

    @property
    def flooding(self) -> bool:
        return self.over_turns or self.over_chars


class FloodWindows:
    def __init__(self, window_s: float, max_turns: int, max_chars: int, max_calls: int):
        self.window_s = window_s
        self.max_turns = max_turns
        self.max_chars = max_chars
        self.max_calls = max_calls
        self._calls: OrderedDict[str, deque[tuple[float, int]]] = OrderedDict()
        self._last_alert: dict[str, float] = {}

    def add(self, call_id: str, now: float, chars: int) -> FloodState:
        q = self._calls.get(call_id)
        if q is None:
            q = self._calls[call_id] = deque()
            while len(self._calls) > self.max_calls:
                old, _ = self._calls.popitem(last=False)
                self._last_alert.pop(old, None)
        else:
            self._calls.move_to_end(call_id)
        q.append((now, chars))
        horizon = now - self.window_s
        while q and q[0][0] <= horizon:
            q.popleft()
        turns = len(q)
        total = sum(c for _, c in q)
        return FloodState(
            turns,
            total,
            turns > self.max_turns,
            total > self.max_chars,
            max(turns / self.max_turns, total / self.max_chars),
        )

    def should_alert(self, call_id: str, now: float) -> bool:
        """One flood alert per call and window: the finding repeats, the alert does not."""
        last = self._last_alert.get(call_id)
        if last is not None and now - last < self.window_s:
            return False
        self._last_alert[call_id] = now
        return True

    def forget(self, call_id: str) -> None:
        self._calls.pop(call_id, None)
        self._last_alert.pop(call_id, None)
