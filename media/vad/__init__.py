"""Voice activity detection and end-pointing: one contract, one file per classifier."""

from media.vad.base import SpeechClassifier, SpeechEvent
from media.vad.endpoint import EndPointer, EndPointing
from media.vad.factory import make_classifier, make_endpointer

__all__ = [
    "EndPointer",
    "EndPointing",
    "SpeechClassifier",
    "SpeechEvent",
    "make_classifier",
    "make_endpointer",
]
