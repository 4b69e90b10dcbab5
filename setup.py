"""Builds the C hot path of the ring (ipc/_ringcore.c); all other metadata is in pyproject.toml.

Why a C extension: see ipc/ring.py. It is compiled with the machine's compiler
at `pip install -e .`; a failed build fails the install loudly.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "ipc._ringcore",
            sources=["ipc/_ringcore.c"],
            extra_compile_args=["-O2", "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wno-missing-braces"],
            optional=False,
        )
    ]
)
