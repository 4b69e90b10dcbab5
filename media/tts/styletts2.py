"""StyleTTS2: the production voice on a GPU host (optional extra ``styletts2``).

Why our own loader around the package's model code: the package's
``StyleTTS2`` class downloads whatever a path check misses (NLTK punkt at
import, the F0 model always, PL-BERT, a default reference voice) and crashes
on a local PL-BERT folder. Here every file comes from configuration and a
missing one is an error naming it; nothing is fetched. What we load:

- the second-stage checkpoint (``torch.load``, weights only): its ``net``
  holds the state of every inference module, PL-BERT's weights included;
- the model's ``config.yml`` (``model_params``), and PL-BERT's config (the
  Albert dimensions): ``plbert_config_path``, else ``<PLBERT_dir>/config.yml``
  from the model config, else the one the package ships;
- a reference WAV whose style (timbre and prosody vectors) the voice takes.

The pitch extractor (JDC/F0) and the ASR aligner serve training only and are
not loaded. Phonemes come from espeak-ng (through piper-tts's bundled
bridge), the phonemizer the published checkpoints were trained with.
Inference follows the published single-sentence procedure: style diffusion
conditioned on PL-BERT, blended with the reference style (alpha, beta),
duration prediction, prosody (F0, energy), decoder at 24 kHz.
"""

from __future__ import annotations

import logging
import re
import threading
import wave
from pathlib import Path

import numpy as np

from media.tts.base import ModelMissingError, SynthesisError, TtsBackend, resolve_path
from media.tts.resample import float_to_int16, resample_float

log = logging.getLogger(__name__)

SAMPLE_RATE = 24000
_EXTRA_HINT = (
    "install the StyleTTS2 extra: `.venv/bin/pip install -e '.[styletts2]'` then "
    "`.venv/bin/pip install --no-deps styletts2==0.1.6` (bin/_bootstrap.sh does both when "
    "SOVREN_EXTRAS contains styletts2; see docs/tts.md)"
)
_WEIGHTS_HINT = (
    "StyleTTS2 weights are not shipped by any package: copy the second-stage checkpoint "
    "(e.g. epochs_2nd_00020.pth), its config.yml and a reference voice WAV to the host and set "
    "media.styletts2.checkpoint / .config / .reference (see docs/tts.md)"
)
_INFERENCE_KEYS = (
    "bert",
    "bert_encoder",
    "predictor",
    "decoder",
    "text_encoder",
    "predictor_encoder",
    "style_encoder",
    "diffusion",
)
_PUNCT = re.compile(r'([;:,.!?¡¿—…"«»“”])')


def _need_file(path: str | Path | None, what: str) -> Path:
    if not path:
        raise ModelMissingError(f"no StyleTTS2 {what} configured — {_WEIGHTS_HINT}")
    p = Path(path).expanduser()
    if not p.is_file():
        raise ModelMissingError(f"StyleTTS2 {what} not found: {p} — {_WEIGHTS_HINT}")
    return p


def _import_package():
    """The package's building blocks, imported offline (see styletts2_compat)."""
    from media.tts.styletts2_compat import ensure_torchaudio

    try:
        import munch  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401  (before the stand-in: it probes torchaudio at import)
    except ImportError as e:
        raise ModelMissingError(f"StyleTTS2 dependencies missing ({e}); {_EXTRA_HINT}") from e
    ensure_torchaudio()
    try:
        from styletts2 import models
        from styletts2.text_utils import dicts as symbol_ids
        from styletts2.Utils.PLBERT.util import CustomAlbert
    except ImportError as e:
        raise ModelMissingError(
            f"the styletts2 package is not importable ({e}); {_EXTRA_HINT}"
        ) from e
    return models, symbol_ids, CustomAlbert


def tokenize_phonemes(ipa: str) -> str:
    """Separate punctuation from phoneme words, as NLTK's word_tokenize did in training."""
    return " ".join(_PUNCT.sub(r" \1 ", ipa).split())


class StyleTTS2Backend(TtsBackend):
    name = "styletts2"

    @classmethod
    def from_settings(cls, s, data_dir=None) -> StyleTTS2Backend:
        """From ``media.styletts2`` (config/sections/voices.py, the voice registry's factory)."""
        return cls(
            checkpoint_path=resolve_path(s.checkpoint, data_dir),
            config_path=resolve_path(s.config, data_dir),
            reference_path=resolve_path(s.reference, data_dir),
            plbert_config_path=resolve_path(s.plbert_config, data_dir),
            device=s.device,
            diffusion_steps=s.diffusion_steps,
            cpu_threads=s.cpu_threads,
        )

    def __init__(
        self,
        checkpoint_path: str | Path | None,
        config_path: str | Path | None,
        reference_path: str | Path | None,
        *,
        plbert_config_path: str | Path | None = None,
        device: str = "auto",
        diffusion_steps: int = 5,
        alpha: float = 0.3,
        beta: float = 0.7,
        embedding_scale: float = 1.0,
        espeak_voice: str = "en-us",
        seed: int | None = 0,
        cpu_threads: int | None = 1,
    ) -> None:
        self.checkpoint_path = _need_file(checkpoint_path, "checkpoint (.pth)")
        self.config_path = _need_file(config_path, "model config (config.yml)")
        self.reference_path = _need_file(reference_path, "reference voice (.wav)")
        models, self._symbol_ids, CustomAlbert = _import_package()
        import torch
        from munch import Munch

        self._torch = torch
        self.device = self._pick_device(device)
        if self.device == "cpu" and cpu_threads:
            # torch's thread pool is process-wide. On a shared CPU host its spinning
            # workers thrash: one thread ran this model 5-7x faster at load 10 here.
            torch.set_num_threads(cpu_threads)
        self.diffusion_steps = diffusion_steps
        self.alpha, self.beta, self.embedding_scale = alpha, beta, embedding_scale
        self.espeak_voice = espeak_voice
        self._gen = torch.Generator(device="cpu")
        if seed is not None:
            self._gen.manual_seed(seed)

        # Cheap checks first (config, reference audio, checkpoint layout), so a
        # wrong file fails in milliseconds, before the model is built.
        config = self._read_yaml(self.config_path, "model config")
        if "model_params" not in config:
            raise ModelMissingError(
                f"{self.config_path} has no model_params: not a StyleTTS2 model config — {_WEIGHTS_HINT}"
            )
        reference = _read_reference(self.reference_path)
        net = self._read_checkpoint()
        plbert_cfg_path = self._plbert_config(plbert_config_path, config)
        plbert_cfg = self._read_yaml(plbert_cfg_path, "PL-BERT config")
        from transformers import AlbertConfig

        bert = CustomAlbert(AlbertConfig(**plbert_cfg["model_params"]))
        self.params = _munchify(config["model_params"], Munch)
        self.style_dim = int(self.params.style_dim)
        self.max_tokens = int(bert.config.max_position_embeddings)
        self.model = build_inference_model(models, self.params, bert)
        self._load_weights(net)
        del net
        from styletts2.Modules.diffusion.sampler import (
            ADPM2Sampler,
            DiffusionSampler,
            KarrasSchedule,
        )

        self.sampler = DiffusionSampler(
            self.model["diffusion"].diffusion,
            sampler=ADPM2Sampler(),
            sigma_schedule=KarrasSchedule(sigma_min=0.0001, sigma_max=3.0, rho=9.0),
            clamp=False,
        )
        self.ref_style = self._reference_style(*reference)
        self._phonemizer = None
        self._lock = threading.Lock()
        self.last_frames = 0  # predicted duration (frames) of the last sentence, for tests

    # -- loading ------------------------------------------------------------------
    def _pick_device(self, device: str) -> str:
        torch = self._torch
        if device == "auto":
            return "cuda" if torch.cuda.is_available() else "cpu"
        if device.startswith("cuda") and not torch.cuda.is_available():
            raise ModelMissingError(
                f"StyleTTS2 device {device!r} requested but torch sees no CUDA GPU; set "
                "media.styletts2.device to auto or cpu, or install a CUDA build of torch 2.13.0"
            )
        return device

    @staticmethod
    def _read_yaml(path: Path, what: str) -> dict:
        import yaml

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as e:
            raise ModelMissingError(f"StyleTTS2 {what} {path} is unreadable ({e})") from e
        if not isinstance(data, dict):
            raise ModelMissingError(f"StyleTTS2 {what} {path} is not a YAML mapping")
        return data

    def _plbert_config(self, explicit, config: dict) -> Path:
        if explicit:
            return _need_file(explicit, "PL-BERT config (config.yml)")
        plbert_dir = config.get("PLBERT_dir")
        if plbert_dir:
            p = Path(plbert_dir)
            if not p.is_absolute():
                p = self.config_path.parent / p
            if (p / "config.yml").is_file():
                return p / "config.yml"
        import styletts2

        packaged = Path(styletts2.__file__).parent / "Utils" / "PLBERT" / "config.yml"
        return _need_file(packaged, "PL-BERT config (config.yml)")

    def _read_checkpoint(self) -> dict:
        torch = self._torch
        try:
            state = torch.load(self.checkpoint_path, map_location="cpu", weights_only=True)
        except Exception as e:  # pickle errors, truncated files, zip errors
            raise ModelMissingError(
                f"StyleTTS2 checkpoint {self.checkpoint_path} could not be read "
                f"({type(e).__name__}: {e}); the file may be damaged — {_WEIGHTS_HINT}"
            ) from e
        net = state.get("net") if isinstance(state, dict) else None
        if not isinstance(net, dict):
            raise ModelMissingError(
                f"StyleTTS2 checkpoint {self.checkpoint_path} has no 'net' dict: not a "
                f"second-stage StyleTTS2 checkpoint — {_WEIGHTS_HINT}"
            )
        missing = [k for k in _INFERENCE_KEYS if k not in net]
        if missing:
            raise ModelMissingError(
                f"StyleTTS2 checkpoint {self.checkpoint_path} lacks {', '.join(missing)} "
                f"(a first-stage checkpoint?) — {_WEIGHTS_HINT}"
            )
        return net

    def _load_weights(self, net: dict) -> None:
        for key, module in self.model.items():
            sd = net[key]
            # Multi-GPU training saved names with a "module." prefix.
            if sd and all(k.startswith("module.") for k in sd):
                sd = {k[len("module.") :]: v for k, v in sd.items()}
            # position_ids is a buffer some transformers versions keep and some don't.
            sd = {k: v for k, v in sd.items() if not k.endswith("position_ids")}
            try:
                result = module.load_state_dict(sd, strict=False)
            except RuntimeError as e:
                raise ModelMissingError(
                    f"StyleTTS2 checkpoint {self.checkpoint_path}: '{key}' does not fit the "
                    f"model in {self.config_path} ({e})"
                ) from e
            missing_keys = [k for k in result.missing_keys if not k.endswith("position_ids")]
            if missing_keys:
                raise ModelMissingError(
                    f"StyleTTS2 checkpoint {self.checkpoint_path}: '{key}' misses "
                    f"{len(missing_keys)} tensors (e.g. {missing_keys[0]}); checkpoint and "
                    f"{self.config_path} do not belong together"
                )
            module.to(self.device).eval()

    def _reference_style(self, x: np.ndarray, rate: int):
        """Style vector of the reference voice: acoustic (style) + prosodic (predictor) encoders."""
        torch = self._torch
        x = resample_float(x, rate, SAMPLE_RATE).astype(np.float32)
        from media.tts.styletts2_compat import MelSpectrogram

        # Training features: torchaudio defaults (16 kHz filter bank) on 24 kHz audio.
        to_mel = MelSpectrogram(n_mels=80, n_fft=2048, win_length=1200, hop_length=300)
        mel = to_mel(torch.from_numpy(x))
        mel = (torch.log(1e-5 + mel.unsqueeze(0)) + 4.0) / 4.0
        mel = mel.to(self.device)
        with torch.no_grad():
            ref_s = self.model["style_encoder"](mel.unsqueeze(1))
            ref_p = self.model["predictor_encoder"](mel.unsqueeze(1))
        return torch.cat([ref_s, ref_p], dim=1)

    # -- contract -------------------------------------------------------------------
    @property
    def native_rate(self) -> int:
        return SAMPLE_RATE

    def languages(self) -> frozenset[str]:
        return frozenset({self.espeak_voice.split("-")[0]})

    def phonemize(self, text: str) -> str:
        if self._phonemizer is None:
            try:
                from piper.phonemize_espeak import EspeakPhonemizer
            except ImportError as e:
                raise ModelMissingError(
                    "StyleTTS2 phonemizes with espeak-ng through piper-tts: "
                    "`.venv/bin/pip install piper-tts`"
                ) from e
            self._phonemizer = EspeakPhonemizer()
        sentences = self._phonemizer.phonemize(self.espeak_voice, text)
        return tokenize_phonemes(" ".join("".join(s) for s in sentences))

    def tokens(self, text: str) -> list[int]:
        ipa = self.phonemize(text)
        ids = [self._symbol_ids[c] for c in ipa if c in self._symbol_ids]
        return [0] + ids  # leading pad, as in training

    def synthesize_sentence(self, sentence: str, lang: str) -> np.ndarray:
        try:
            with self._lock:
                ids = self.tokens(sentence)
                if len(ids) > self.max_tokens:
                    raise SynthesisError(
                        f"sentence too long for StyleTTS2 ({len(ids)} > {self.max_tokens} phonemes)"
                    )
                audio = self._infer(ids)
        except SynthesisError:
            raise
        except Exception as e:  # CUDA errors, OOM, shape errors: the chain falls back
            raise SynthesisError(f"StyleTTS2 failed: {type(e).__name__}: {e}") from e
        return float_to_int16(audio)

    def _infer(self, ids: list[int]) -> np.ndarray:
        torch, m, sd = self._torch, self.model, self.style_dim
        dev = self.device
        tokens = torch.LongTensor(ids).unsqueeze(0).to(dev)
        with torch.no_grad():
            lengths = torch.LongTensor([tokens.shape[-1]]).to(dev)
            mask = (torch.arange(int(lengths.max())).unsqueeze(0) + 1 > lengths.unsqueeze(1)).to(
                dev
            )
            t_en = m["text_encoder"](tokens, lengths, mask)
            bert_dur = m["bert"](tokens, attention_mask=(~mask).int())
            d_en = m["bert_encoder"](bert_dur).transpose(-1, -2)
            noise = torch.randn((1, 1, 2 * sd), generator=self._gen).to(dev)
            s_pred = self.sampler(
                noise=noise,
                embedding=bert_dur,
                embedding_scale=self.embedding_scale,
                features=self.ref_style,
                num_steps=self.diffusion_steps,
            ).squeeze(1)
            ref = self.alpha * s_pred[:, :sd] + (1 - self.alpha) * self.ref_style[:, :sd]
            s = self.beta * s_pred[:, sd:] + (1 - self.beta) * self.ref_style[:, sd:]
            d = m["predictor"].text_encoder(d_en, s, lengths, mask)
            x, _ = m["predictor"].lstm(d)
            duration = torch.sigmoid(m["predictor"].duration_proj(x)).sum(dim=-1)
            pred_dur = torch.round(duration.squeeze(0)).clamp(min=1).long()
            frames = int(pred_dur.sum())
            # Hard monotonic alignment: token i covers pred_dur[i] consecutive frames.
            aln = torch.repeat_interleave(torch.eye(len(ids)), pred_dur.cpu(), dim=1).to(dev)
            en = d.transpose(-1, -2) @ aln.unsqueeze(0)
            asr = t_en @ aln.unsqueeze(0)
            if self.params.decoder.type == "hifigan":
                en = torch.cat([en[:, :, :1], en[:, :, :-1]], dim=2)
                asr = torch.cat([asr[:, :, :1], asr[:, :, :-1]], dim=2)
            f0, n = m["predictor"].F0Ntrain(en, s)
            out = m["decoder"](asr, f0, n, ref.squeeze().unsqueeze(0))
        self.last_frames = frames
        audio = out.squeeze().float().cpu().numpy()
        # The published models end every utterance with a click; drop its 50 samples.
        return audio[..., :-50] if audio.size > 100 else audio


def build_inference_model(models, params, bert) -> dict:
    """The package's ``build_model`` without its training-only parts.

    The ASR aligner and the F0 extractor are passed as None (never loaded),
    and the three discriminators (41 M parameters at any model size) are
    replaced by empty modules for the duration of the call, then dropped.
    """
    import torch

    saved = {n: getattr(models, n) for n in _DISCRIMINATORS}
    try:
        for n in _DISCRIMINATORS:
            setattr(models, n, lambda *a, **k: torch.nn.Identity())
        nets = models.build_model(params, None, None, bert)
    finally:
        for n, cls in saved.items():
            setattr(models, n, cls)
    return {k: nets[k] for k in _INFERENCE_KEYS}


_DISCRIMINATORS = ("MultiPeriodDiscriminator", "MultiResSpecDiscriminator", "WavLMDiscriminator")


def _read_reference(path: Path) -> tuple[np.ndarray, int]:
    """The reference voice as mono float samples with silence trimmed, and its rate."""
    try:
        with wave.open(str(path), "rb") as w:
            rate, width, ch = w.getframerate(), w.getsampwidth(), w.getnchannels()
            raw = w.readframes(w.getnframes())
    except (wave.Error, EOFError, OSError) as e:
        raise ModelMissingError(
            f"StyleTTS2 reference voice {path} is not a readable PCM WAV ({e})"
        ) from e
    if width != 2:
        raise ModelMissingError(f"StyleTTS2 reference voice {path} must be 16-bit PCM")
    x = np.frombuffer(raw[: len(raw) // (2 * ch) * 2 * ch], dtype="<i2").astype(np.float64)
    x = _trim(x.reshape(-1, ch).mean(axis=1) / 32768.0, top_db=30.0)
    if x.size < rate // 10:
        raise ModelMissingError(f"StyleTTS2 reference voice {path} holds under 0.1 s of speech")
    return x, rate


def _munchify(obj, munch_cls):
    if isinstance(obj, dict):
        return munch_cls({k: _munchify(v, munch_cls) for k, v in obj.items()})
    if isinstance(obj, list):
        return [_munchify(v, munch_cls) for v in obj]
    return obj


def _trim(x: np.ndarray, top_db: float) -> np.ndarray:
    """Cut leading/trailing parts quieter than ``top_db`` below the peak (2048/512 frames)."""
    if x.size == 0:
        return x
    frame, hop = 2048, 512
    n = max(1, 1 + (x.size - frame) // hop) if x.size >= frame else 1
    rms = np.array([np.sqrt(np.mean(x[i * hop : i * hop + frame] ** 2) + 1e-20) for i in range(n)])
    db = 20 * np.log10(rms / rms.max())
    loud = np.flatnonzero(db > -top_db)
    if loud.size == 0:
        return x[:0]
    return x[loud[0] * hop : min(x.size, loud[-1] * hop + frame)]
