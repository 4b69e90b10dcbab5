"""What every backend registry has in common: a name, a title, its own settings, a factory.

Why a shared shape: the voices, the voice-activity detectors, the speech
recognizers, the understanding backends and the PMS vendors are each a short
list of interchangeable parts. Declaring each part once — its name (the value
the configuration selects it by), its settings model (nested in the
configuration under that name) and its factory as a ``module:attribute`` path —
lets the configuration Literals, the CLI choices and the docs' tables derive
from that one list, so adding a part is one entry. The factory is a dotted path
so the configuration layer never imports a backend (torch, onnxruntime, httpx):
``load_factory`` imports it only when the part is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from config.errors import SovrenError


class UnknownBackend(SovrenError, ValueError):
    """A configured or requested backend name that its registry does not list."""

    code = "unknown_backend"
    next_step = "choose one of the names the message lists (docs/configuration.md, Backends)"


@dataclass(frozen=True)
class BackendSpec:
    """One interchangeable part: selected by ``name``, configured at ``<section>.<name>``."""

    name: str
    title: str  # for people: docs tables, messages
    factory: str  # "module:attribute"; the attribute builds the part (see each registry)
    settings: type[BaseModel] | None = None  # its own settings, nested under its name
    notes: str = ""  # one line for the docs table (what it needs, when to choose it)
    extra: dict[str, Any] = field(default_factory=dict)  # registry-specific facts


def names(registry: Sequence[BackendSpec]) -> tuple[str, ...]:
    return tuple(s.name for s in registry)


def literal(registry: Sequence[BackendSpec]) -> Any:
    """The ``Literal[...]`` of the registry's names, for a configuration field."""
    return Literal[names(registry)]  # type: ignore[valid-type]


def spec(registry: Sequence[BackendSpec], name: str, *, what: str) -> BackendSpec:
    for s in registry:
        if s.name == name:
            return s
    raise UnknownBackend(f"unknown {what} {name!r}; choose one of {', '.join(names(registry))}")


def load_factory(spec: BackendSpec) -> Any:
    """Import the part's factory now (and only now): ``module:attribute`` -> the attribute."""
    module, _, attr = spec.factory.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def nested_fields(registry: Sequence[BackendSpec]) -> dict[str, Any]:
    """``{name: (Settings, default)}`` for ``pydantic.create_model``: one section per part."""
    from pydantic import Field

    return {
        s.name: (s.settings, Field(default_factory=s.settings))
        for s in registry
        if s.settings is not None
    }


def settings_table(registry: Sequence[BackendSpec], section: str) -> str:
    """A Markdown table of the registry: name, what it is, factory, its settings (defaults)."""
    rows = [
        "| name | what | factory | settings (default) | notes |",
        "|---|---|---|---|---|",
    ]
    for s in registry:
        opts = "-"
        if s.settings is not None and s.settings.model_fields:
            opts = ", ".join(
                f"`{section}.{s.name}.{f}` ({_default(info)})"
                for f, info in s.settings.model_fields.items()
                if not info.exclude
            )
            secret = [f for f, info in s.settings.model_fields.items() if info.exclude]
            if secret:
                opts += "; secret from the environment: " + ", ".join(
                    f"`{_env(s.settings, f)}`" for f in secret
                )
        rows.append(f"| `{s.name}` | {s.title} | `{s.factory}` | {opts} | {s.notes or '-'} |")
    return "\n".join(rows)


def _default(info) -> str:
    value = info.default_factory() if info.default_factory is not None else info.default
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "{}"
    return "-" if value is None else str(value)


def _env(model: type[BaseModel], field_name: str) -> str:
    prefix = (getattr(model, "model_config", {}) or {}).get("env_prefix", "")
    alias = model.model_fields[field_name].validation_alias
    return alias if isinstance(alias, str) else f"{prefix}{field_name}".upper()


__all__ = [
    "BackendSpec",
    "UnknownBackend",
    "literal",
    "load_factory",
    "names",
    "nested_fields",
    "settings_table",
    "spec",
]
