"""Helpers shared by the speech-recognition tests (imported by name: pytest puts this folder on sys.path)."""

import numpy as np

BOOKING = "Hello, I would like to book a double room for two nights from Friday."


def words(text: str) -> list[str]:
    """Lower-case words without punctuation, for comparing transcripts."""
    return "".join(c.lower() if c.isalnum() or c.isspace() else " " for c in text).split()


def feed_all(rec, x: np.ndarray, frame: int = 320) -> list:
    events = []
    for i in range(0, x.size, frame):
        events += rec.feed(x[i : i + frame])
    return events + rec.close()
