"""The vendor registry is the one list: config, CLI, factory, matrix and docs derive from it;
vendor secrets come from the environment and never show in a repr, a dump, a log or a report."""

from __future__ import annotations

import json
import logging
import re
import typing
from pathlib import Path

import pytest

import config
from config.sections.pms import PmsConfig
from config.sections.pms_vendors import BY_NAME, VENDORS, vendor_names, vendor_table
from config.settings import settings_from_dump

REPO = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-value-never-shown"


def test_config_literal_cli_choices_factory_and_matrix_equal_the_registry():
    from connectors.cli import register
    from connectors.factory import ADAPTERS, load_capability_matrix
    from runtime.cli import build_parser

    names = vendor_names()
    assert len(set(names)) == len(names) == len(VENDORS)
    assert list(typing.get_args(PmsConfig.model_fields["vendor"].annotation)) == names
    assert [f for f in PmsConfig.model_fields if f in BY_NAME] == names  # pms.<vendor>
    assert list(ADAPTERS) == names
    assert sorted(load_capability_matrix()) == sorted(names)
    assert register  # the pms commands are registered by runtime.cli
    pms = build_parser()._subparsers._group_actions[0].choices["pms"]
    for sub in ("check", "availability", "find"):
        parser = pms._subparsers._group_actions[0].choices[sub]
        vendor = next(a for a in parser._actions if a.dest == "vendor")
        assert list(vendor.choices) == names, sub


def test_an_unknown_vendor_is_refused_by_the_cli_with_the_choices(capsys):
    from runtime.cli import main

    with pytest.raises(SystemExit) as e:
        main(["pms", "check", "--vendor", "fidelio"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'fidelio'" in err and "'siteminder'" in err


def test_the_docs_vendor_table_is_the_registrys():
    page = (REPO / "docs" / "pms-vendors.md").read_text()
    begin = page.index("<!-- vendor-table:begin")
    body = page[page.index("\n", begin) + 1 : page.index("<!-- vendor-table:end -->")]
    assert body.strip() == vendor_table(), "regenerate it with `sovren pms vendors`"
    row = next(
        ln
        for ln in (REPO / "docs" / "configuration.md").read_text().splitlines()
        if ln.startswith("| `vendor` |")
    )
    assert re.findall(r"`(\w+)`", row)[1 : 1 + len(VENDORS)] == vendor_names()


@pytest.fixture
def apaleo_env(monkeypatch):
    monkeypatch.delenv("SOVREN_CONFIG", raising=False)
    monkeypatch.setenv("SOVREN_APALEO_CLIENT_ID", "client-id-1")
    monkeypatch.setenv("SOVREN_APALEO_CLIENT_SECRET", SECRET)
    monkeypatch.setenv("SOVREN_APALEO_PROPERTY_ID", "MUC")
    monkeypatch.setenv("SOVREN_PMS__VENDOR", "apaleo")
    return config.load_settings()


def test_vendor_settings_read_todays_variables(apaleo_env):
    cfg = apaleo_env.pms.apaleo
    assert cfg.client_secret.get_secret_value() == SECRET and cfg.property_id == "MUC"
    assert cfg.missing() == [] and apaleo_env.pms.vendor_settings() is cfg


def test_a_secret_never_appears_in_a_repr_a_dump_or_a_report(
    apaleo_env, capsys, monkeypatch, tmp_path
):
    from runtime.cli import main

    s = apaleo_env
    dump = s.model_dump(mode="json")
    for text in (repr(s), str(s), repr(s.pms.apaleo), json.dumps(dump), s.model_dump_json()):
        assert SECRET not in text and "client-id-1" not in text
    assert "client_secret" not in dump["pms"]["apaleo"]  # not even masked: excluded
    monkeypatch.setenv("SOVREN_DATA_DIR", str(tmp_path))
    assert main(["config", "check", "--json"]) == 0
    out = capsys.readouterr().out
    assert SECRET not in out and "client-id-1" not in out
    assert json.loads(out)["summary"]["pms"]["vendor"] == "apaleo"


def test_a_child_rebuilding_from_the_dump_reads_the_secret_from_its_environment(apaleo_env):
    child = settings_from_dump(apaleo_env.model_dump(mode="json"))
    assert child.pms.apaleo.client_secret.get_secret_value() == SECRET
    assert child == apaleo_env


async def test_a_secret_never_appears_in_the_logs_of_a_refused_call(caplog):
    """The vendor rejects the credentials: the error and every log line name no secret."""
    from connectors.errors import AuthError
    from tests.connectors.fakes.apaleo import ApaleoFake
    from tests.connectors.fakes.base import FakeHotel
    from tests.connectors.vendor_adapters import make_adapter

    with ApaleoFake(FakeHotel()) as fake:
        env = {**fake.env(), "SOVREN_APALEO_CLIENT_SECRET": SECRET}
        a = make_adapter("apaleo", fake, env=env)
        try:
            with caplog.at_level(logging.DEBUG), pytest.raises(AuthError) as e:
                await a.open()
        finally:
            await a.aclose()
    assert SECRET not in caplog.text and SECRET not in str(e.value)
    assert SECRET not in repr(a.__dict__)


def test_secrets_in_a_site_file_are_refused_by_config_check(tmp_path, capsys, monkeypatch):
    import yaml

    from runtime.cli import main

    monkeypatch.delenv("SOVREN_CONFIG", raising=False)
    monkeypatch.setenv("SOVREN_DATA_DIR", str(tmp_path / "var"))
    site = tmp_path / "site.yaml"
    site.write_text(yaml.safe_dump({"pms": {"vendor": "apaleo", "apaleo": {"client_secret": "x"}}}))
    assert main(["config", "check", str(site)]) == 1
    out = capsys.readouterr().out
    assert "pms.apaleo.client_secret: a secret in a file" in out
    assert "export SOVREN_APALEO_CLIENT_SECRET" in out
    with pytest.raises(config.ConfigError, match="SOVREN_APALEO_CLIENT_SECRET"):
        config.load_settings(site)
