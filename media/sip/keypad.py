"""The phone's keypad while the dialogue asks for a number: the digits a caller types.

Why in the SIP user agent's call and not in COMMAND: the keys arrive here (RFC 4733 or SIP
INFO, in the UA's one loop thread, which also ticks the pause), so the buffer has exactly one
owner and no lock; only a finished entry crosses a ring (``ipc.control.KeypadEntry``, once,
instead of one frame per key), and the media worker makes it the call's next turn, so a typed
turn is numbered like a spoken one (docs/telephony.md "The keypad").

The rules (a good phone system's):
- the keypad is *open* only after the runtime's approved words offered it
  (``SpeechArgs.keypad``, an answer to a question for the number asked again) and until the
  entry is sent or a later reply does not offer it;
- while open: ``0``-``9`` are the number's digits, ``*`` clears what was typed, ``#`` (or
  ``pause_s`` without a key) ends the entry; ``A``-``D`` are ignored;
- ``0`` means "the reception" when it is the whole entry (``0`` then ``#`` or the pause), or
  when the keypad is closed (at once, as before); a ``0`` followed by other digits is the
  first digit of a number. A lone ``#`` ends nothing (no digits: nothing is sent).
"""

from __future__ import annotations

from dataclasses import dataclass

# longer than any confirmation number: an entry this long is ended and sent as it is (the
# dialogue says it finds nothing), never grown without bound by a stuck key
MAX_DIGITS = 24
DIGITS = "0123456789"
RECEPTION = "0"  # the entry that means the reception, as the key does on a closed keypad


@dataclass
class Keypad:
    """One call's digit buffer. ``press`` and ``tick`` return an ended entry, or None."""

    pause_s: float
    open: bool = False
    digits: str = ""
    last_key_at: float = 0.0

    def offer(self, offered: bool) -> None:
        """A reply ended: it offered the keypad (open it) or it did not (close it, and forget
        any digits half typed: the caller answered otherwise)."""
        self.open = offered
        if not offered:
            self.digits = ""

    def press(self, key: str, now: float) -> str | None:
        """One key while the keypad is open; the entry when this key ended it."""
        if len(key) == 1 and key in DIGITS:
            self.digits += key
            self.last_key_at = now
            return self._end() if len(self.digits) >= MAX_DIGITS else None
        if key == "*":
            self.digits = ""
            self.last_key_at = now
            return None
        if key == "#":
            return self._end() if self.digits else None
        return None  # A-D and anything else a phone may send: no part of a number

    def tick(self, now: float) -> str | None:
        """The entry, once the caller paused ``pause_s`` after a digit."""
        if self.open and self.digits and now - self.last_key_at >= self.pause_s:
            return self._end()
        return None

    def _end(self) -> str:
        entry, self.digits, self.open = self.digits, "", False
        return entry
