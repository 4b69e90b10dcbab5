"""Builds the C hot path of the ring (ipc/_ringcore.c); all other metadata is in pyproject.toml.

Why a C extension: see ipc/ring.py. It is compiled with the machine's compiler
at `pip install -e .`; a failed build fails the install loudly, with what to do.
"""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class BuildRingCore(build_ext):
    def run(self):
        try:
            super().run()
        except Exception as e:
            raise SystemExit(
                f"\nSOVREN: building the C ring core ipc/_ringcore.c failed: {e}\n"
                "Install a C compiler and the Python headers (Debian: "
                "`apt-get install gcc python3-dev`) and rerun. To run without it, select the "
                "slower pure-Python reference explicitly: SOVREN_RING_BACKEND=python.\n"
            ) from e


setup(
    cmdclass={"build_ext": BuildRingCore},
    ext_modules=[
        Extension(
            "ipc._ringcore",
            sources=["ipc/_ringcore.c"],
            extra_compile_args=["-O2", "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wno-missing-braces"],
            optional=False,
        )
    ],
)
