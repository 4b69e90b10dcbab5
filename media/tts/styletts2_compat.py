"""Load-time shims that let the ``styletts2`` package's model code run offline beside torch 2.13.

Why shims and not the package's own ``StyleTTS2`` class: importing
``styletts2.tts`` downloads NLTK's punkt, and its ``load_model`` downloads the
F0 and ASR models and PL-BERT whenever a path check fails (its F0 check,
``if F0_path or ...``, always does). We only import the model *building
blocks* (``styletts2.models``, ``text_utils``, PL-BERT's ``CustomAlbert``) and
do loading ourselves (media/tts/styletts2.py). Those blocks import
``torchaudio`` at module level, whose 2.11 C extension does not load beside
torch 2.13, and they use only two pure functions of it. So when the real
torchaudio cannot be imported we register a tiny stand-in module providing
exactly those, written with torch alone:

- ``torchaudio.functional.create_dct`` (the ASR aligner's MFCC; unused at
  inference but needed for the import);
- ``torchaudio.transforms.MelSpectrogram`` (torchaudio's defaults: HTK mel
  scale, no filter-bank norm, power 2, centred reflect-padded STFT, periodic
  Hann window), which the reference-voice style encoder also uses.
"""

from __future__ import annotations

import importlib.machinery
import logging
import math
import sys
import types

import torch

log = logging.getLogger(__name__)


def hz_to_mel(f: torch.Tensor) -> torch.Tensor:
    return 2595.0 * torch.log10(1.0 + f / 700.0)


def mel_to_hz(m: torch.Tensor) -> torch.Tensor:
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def mel_filterbank(n_freqs: int, f_min: float, f_max: float, n_mels: int, sample_rate: int):
    """Triangular HTK mel filters, shape (n_freqs, n_mels), unnormalised."""
    all_freqs = torch.linspace(0, sample_rate // 2, n_freqs)
    m_pts = torch.linspace(
        float(hz_to_mel(torch.tensor(float(f_min)))),
        float(hz_to_mel(torch.tensor(float(f_max)))),
        n_mels + 2,
    )
    f_pts = mel_to_hz(m_pts)
    f_diff = f_pts[1:] - f_pts[:-1]
    slopes = f_pts.unsqueeze(0) - all_freqs.unsqueeze(1)
    down = -slopes[:, :-2] / f_diff[:-1]
    up = slopes[:, 2:] / f_diff[1:]
    return torch.clamp(torch.minimum(down, up), min=0.0)


def create_dct(n_mfcc: int, n_mels: int, norm: str | None) -> torch.Tensor:
    """DCT-II matrix (n_mels, n_mfcc), as torchaudio.functional.create_dct."""
    n = torch.arange(float(n_mels))
    k = torch.arange(float(n_mfcc)).unsqueeze(1)
    dct = torch.cos(math.pi / float(n_mels) * (n + 0.5) * k)
    if norm is None:
        dct *= 2.0
    else:
        if norm != "ortho":
            raise ValueError('norm must be "ortho" or None')
        dct[0] *= 1.0 / math.sqrt(2.0)
        dct *= math.sqrt(2.0 / float(n_mels))
    return dct.t()


class MelSpectrogram(torch.nn.Module):
    """Power mel spectrogram with torchaudio's default semantics (see module docstring)."""

    def __init__(
        self,
        sample_rate: int = 16000,
        n_fft: int = 400,
        win_length: int | None = None,
        hop_length: int | None = None,
        f_min: float = 0.0,
        f_max: float | None = None,
        n_mels: int = 128,
        window_fn=torch.hann_window,
        power: float = 2.0,
        **unsupported,
    ) -> None:
        super().__init__()
        if unsupported:
            raise TypeError(f"MelSpectrogram stand-in does not support {sorted(unsupported)}")
        self.n_fft = n_fft
        self.win_length = win_length or n_fft
        self.hop_length = hop_length or self.win_length // 2
        self.power = power
        self.register_buffer("window", window_fn(self.win_length))
        fb = mel_filterbank(n_fft // 2 + 1, f_min, f_max or sample_rate / 2, n_mels, sample_rate)
        self.register_buffer("fb", fb)

    def forward(self, waveform: torch.Tensor) -> torch.Tensor:
        shape = waveform.shape
        x = waveform.reshape(-1, shape[-1])
        spec = torch.stft(
            x,
            n_fft=self.n_fft,
            hop_length=self.hop_length,
            win_length=self.win_length,
            window=self.window.to(x.device),
            center=True,
            pad_mode="reflect",
            normalized=False,
            onesided=True,
            return_complex=True,
        )
        spec = spec.abs().pow(self.power)
        mel = torch.matmul(spec.transpose(-1, -2), self.fb.to(x.device)).transpose(-1, -2)
        return mel.reshape(shape[:-1] + mel.shape[-2:])


def ensure_torchaudio() -> str:
    """Make ``import torchaudio`` work; returns "torchaudio" or "stand-in"."""
    mod = sys.modules.get("torchaudio")
    if mod is not None:
        return "stand-in" if getattr(mod, "__sovren_stand_in__", False) else "torchaudio"
    try:
        import torchaudio  # noqa: F401
        import torchaudio.functional  # noqa: F401
        import torchaudio.transforms  # noqa: F401

        return "torchaudio"
    except Exception as e:  # ImportError, OSError (undefined symbol), RuntimeError
        for name in [m for m in sys.modules if m == "torchaudio" or m.startswith("torchaudio.")]:
            del sys.modules[name]
        log.info(
            "torchaudio unusable here (%s: %s); using the torch-only stand-in", type(e).__name__, e
        )
    pkg = types.ModuleType("torchaudio")
    pkg.__sovren_stand_in__ = True  # type: ignore[attr-defined]
    # A spec keeps importlib.util.find_spec("torchaudio") (used by libraries
    # probing for it) from raising on a module without one.
    pkg.__spec__ = importlib.machinery.ModuleSpec("torchaudio", None)
    functional = types.ModuleType("torchaudio.functional")
    functional.create_dct = create_dct  # type: ignore[attr-defined]
    functional.melscale_fbanks = lambda n_freqs, f_min, f_max, n_mels, sample_rate, *a, **k: (  # type: ignore[attr-defined]
        mel_filterbank(n_freqs, f_min, f_max, n_mels, sample_rate)
    )
    transforms = types.ModuleType("torchaudio.transforms")
    transforms.MelSpectrogram = MelSpectrogram  # type: ignore[attr-defined]
    pkg.functional = functional  # type: ignore[attr-defined]
    pkg.transforms = transforms  # type: ignore[attr-defined]
    sys.modules["torchaudio"] = pkg
    sys.modules["torchaudio.functional"] = functional
    sys.modules["torchaudio.transforms"] = transforms
    return "stand-in"
