"""Audio in: WAV files and PCM streams, all turned into mono 16 kHz float32 samples."""

from media.audio.errors import AudioError
from media.audio.pcm import SAMPLE_RATE, Audio
from media.audio.quality import AudioQuality, analyse
from media.audio.source import PcmStream, wav_frames
from media.audio.wav import read_wav, write_wav

__all__ = [
    "SAMPLE_RATE",
    "Audio",
    "AudioError",
    "AudioQuality",
    "PcmStream",
    "analyse",
    "read_wav",
    "wav_frames",
    "write_wav",
]
