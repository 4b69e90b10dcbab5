"""GPU figures through NVML (pynvml), and a clean "no GPU" answer where there is none.

Why not fail: a CPU-only host is a supported deployment (these very machines),
so a missing NVML library or driver is a fact to report, not an error. The
reason is kept so ``sovren status`` can say *why* there is no GPU.
"""

from __future__ import annotations

import warnings
from typing import Any


class GpuProbe:
    def __init__(self) -> None:
        self.available = False
        self.reason = ""
        self._nvml: Any = None
        try:
            with warnings.catch_warnings():
                # pynvml 12+ warns that it is a shim over nvidia-ml-py; the API is the same
                warnings.simplefilter("ignore", FutureWarning)
                import pynvml
        except ImportError as e:  # pragma: no cover - pynvml is a core dependency
            self.reason = f"pynvml is not installed ({e}); pip install pynvml"
            return
        try:
            pynvml.nvmlInit()
        except pynvml.NVMLError as e:
            self.reason = f"NVML not available: {e}"
            return
        self._nvml = pynvml
        self.available = True

    def sample(self) -> dict[str, Any]:
        if not self.available:
            return {"available": False, "reason": self.reason, "devices": []}
        n = self._nvml
        devices = []
        try:
            for i in range(n.nvmlDeviceGetCount()):
                h = n.nvmlDeviceGetHandleByIndex(i)
                util = n.nvmlDeviceGetUtilizationRates(h)
                mem = n.nvmlDeviceGetMemoryInfo(h)
                name = n.nvmlDeviceGetName(h)
                devices.append(
                    {
                        "index": i,
                        "name": name.decode() if isinstance(name, bytes) else name,
                        "util_percent": float(util.gpu),
                        "mem_used_bytes": int(mem.used),
                        "mem_total_bytes": int(mem.total),
                        "temperature_c": float(
                            n.nvmlDeviceGetTemperature(h, n.NVML_TEMPERATURE_GPU)
                        ),
                    }
                )
        except n.NVMLError as e:
            return {"available": True, "error": f"NVML query failed: {e}", "devices": devices}
        return {"available": True, "devices": devices}

    def close(self) -> None:
        if self.available:
            try:
                self._nvml.nvmlShutdown()
            finally:
                self.available = False
                self.reason = "closed"
