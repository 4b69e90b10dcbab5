"""Every SOVREN_* variable is a field of the settings model and listed in docs/configuration.md;
nothing in SOVREN writes to os.environ; the process-level variables are typed, secret ones never
dumped, and a child reads them from the environment it inherited."""

from __future__ import annotations

import re
import typing

import pytest
from pydantic import BaseModel

from config import load_settings
from config.environment import Environment, environment
from config.errors import SovrenError
from config.sections.pms_vendors import VENDORS
from config.settings import Settings, settings_from_dump
from tests.code_tree import REPO, source_files

SHELL_ONLY = {"SOVREN_EXTRAS", "SOVREN_VLLM_VENV"}  # bin/*.sh, before Python runs


def _names_in_code() -> set[str]:
    found: set[str] = set()
    for path in source_files():
        found |= set(re.findall(r"\bSOVREN_[A-Z0-9_]*[A-Z0-9]\b", path.read_text(encoding="utf-8")))
    return found


def _is_settings_path(var: str) -> bool:
    """SOVREN_A__B__C names a field a.b.c of Settings (sections, nested backends' settings)."""
    model: type[BaseModel] | None = Settings
    for part in var.removeprefix("SOVREN_").lower().split("__"):
        if model is None or part not in model.model_fields:
            return False
        ann = model.model_fields[part].annotation
        if typing.get_origin(ann) is dict:
            return True  # a mapping (decision.thresholds): any key
        model = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
    return True


def _aliased_fields(model: type[BaseModel] = Settings) -> set[str]:
    """Secrets a section reads by their own SOVREN_* name (validation_alias), at any depth
    (telephony.credentials: SOVREN_SIP_USERNAME, SOVREN_SIP_PASSWORD)."""
    out: set[str] = set()
    for f in model.model_fields.values():
        if isinstance(f.validation_alias, str) and f.validation_alias.startswith("SOVREN_"):
            out.add(f.validation_alias)
        ann = f.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            out |= _aliased_fields(ann)
    return out


def _vendor_variables() -> set[str]:
    return {v.settings.env_name(f) for v in VENDORS for f in v.settings.model_fields}


def test_every_sovren_variable_in_the_code_is_a_settings_field_and_documented():
    names = _names_in_code()
    assert {"SOVREN_CONFIG", "SOVREN_LOG_LEVEL", "SOVREN_RING_BACKEND"} <= names  # the scan works
    env_fields = {Environment.variable(f) for f in Environment.model_fields}
    top = {"SOVREN_INSTANCE", "SOVREN_DATA_DIR", "SOVREN_DATABASE_URL"}
    assert all(_is_settings_path(v) for v in top)
    vendors = _vendor_variables()
    aliased = _aliased_fields()
    assert {"SOVREN_SIP_USERNAME", "SOVREN_SIP_PASSWORD"} <= aliased  # the walk works
    unknown = sorted(
        n
        for n in names
        if n not in env_fields | top | vendors | aliased | SHELL_ONLY and not _is_settings_path(n)
    )
    assert unknown == [], f"SOVREN_* variables that are no settings field: {unknown}"
    page = (REPO / "docs" / "configuration.md").read_text()
    section = page[page.index("## Environment variables") : page.index("## Backends")]
    undocumented = sorted(
        n
        for n in env_fields | top | (aliased - vendors) | SHELL_ONLY | {"SOVREN_AGENTS__UNDERSTANDING__VLLM__API_KEY"}
        if f"`{n}`" not in section
    )
    assert undocumented == []
    assert "docs/pms-vendors.md" in section  # the vendors' variables: their own table


def test_nothing_writes_to_os_environ():
    write = re.compile(
        r"os\.environ\s*\[[^\]]+\]\s*=|os\.environ\.(setdefault|update|pop|clear)\(|"
        r"del\s+os\.environ|os\.(putenv|unsetenv)\("
    )
    writers = sorted(
        str(p.relative_to(REPO))
        for p in source_files()
        if p.suffix == ".py" and write.search(p.read_text(encoding="utf-8"))
    )
    # Two benchmark harnesses, no product code. understanding_runner runs an OLDER
    # revision's code in a child process and undoes that revision's own write (its
    # load_settings wrote SOVREN_CONFIG, today's never does). chaos plays the operator: it
    # sets what an operator exports before `sovren up` (the chain key, a vendor's
    # credentials) for the supervisor it runs in-process and the children it starts.
    assert writers == ["bench/chaos.py", "bench/understanding_runner.py"]


def test_the_process_variables_are_typed_secrets_hidden_and_no_part_of_the_dump(monkeypatch):
    monkeypatch.setenv("SOVREN_LOG_LEVEL", "debug")
    monkeypatch.setenv("SOVREN_RING_BACKEND", "python")
    monkeypatch.setenv("SOVREN_LEDGER_CHAIN_KEY", "ab" * 32)
    monkeypatch.delenv("SOVREN_CONFIG", raising=False)
    env = environment()
    assert (env.log_level, env.ring_backend, env.config) == ("DEBUG", "python", None)
    assert env.ledger_chain_key.get_secret_value() == "ab" * 32 and "abab" not in repr(env)
    s = load_settings()
    dump = s.model_dump(mode="json")
    assert "abab" not in str(dump) and "ring_backend" not in str(dump)
    monkeypatch.setenv("SOVREN_LOG_LEVEL", "info")  # each process reads its own environment
    assert environment().log_level == "INFO"
    assert settings_from_dump(dump) == s


@pytest.mark.parametrize(
    ("var", "value", "said"),
    [
        ("SOVREN_LOG_LEVEL", "chatty", "not a log level"),
        ("SOVREN_RING_BACKEND", "rust", "'c' or 'python'"),
    ],
)
def test_a_bad_process_variable_is_a_config_error_naming_it(monkeypatch, var, value, said):
    monkeypatch.delenv("SOVREN_CONFIG", raising=False)
    monkeypatch.setenv(var, value)
    with pytest.raises(SovrenError, match=said) as e:
        load_settings()
    assert var in str(e.value) and e.value.next_step


def test_the_ring_core_and_the_chain_key_come_from_the_model(monkeypatch):
    from ipc.ring import _load_core
    from ledger.chain import ChainKeyError, chain_key_from_environment

    monkeypatch.setenv("SOVREN_RING_BACKEND", "python")
    assert _load_core(None)[1] == "python"
    monkeypatch.delenv("SOVREN_RING_BACKEND")
    assert _load_core(None)[1] == "c"
    monkeypatch.setenv("SOVREN_LEDGER_CHAIN_KEY", "zz")
    with pytest.raises(ChainKeyError, match="hex"):
        chain_key_from_environment()
