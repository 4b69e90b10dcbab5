"""Settings: a site file is passed down explicitly, and children rebuild exactly the parent's."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from config import load_settings
from config.settings import DEMO_SITE_FILE, file_digest, settings_from_dump
from fabric.agent_base import Bootstrap

LAKESIDE = Path(__file__).resolve().parents[2] / "tests" / "sites" / "lakeside.yaml"
DEMO_FACTS = {"check_out", "parking", "wifi", "breakfast"}


@pytest.fixture(autouse=True)
def no_site_env(monkeypatch):
    monkeypatch.delenv("SOVREN_CONFIG", raising=False)


def test_loading_a_site_file_writes_nothing_into_the_environment():
    s = load_settings(LAKESIDE)
    assert s.site_file == LAKESIDE and s.hotel.hotel_id == "lakeside"
    assert "SOVREN_CONFIG" not in os.environ
    assert load_settings().hotel.hotel_id == "demo"  # the next load is not affected


def test_a_site_hotel_replaces_the_demo_wholly():
    hotel = load_settings(LAKESIDE).hotel
    assert set(hotel.facts) == {"check_in", "pets", "sauna", "bikes"}
    assert [r.code for r in hotel.room_types] == ["SGL", "FAM"]
    assert [p.code for p in hotel.rate_plans] == ["LAKE", "EARLY"]


def test_a_site_hotels_facts_survive_the_round_trip_to_a_child_with_no_demo_key():
    parent = load_settings(LAKESIDE, instance="tround")
    boot = Bootstrap(
        instance="tround",
        role="INTEL",
        settings=parent.model_dump(mode="json"),
        config_file=str(parent.site_file),
    )
    got = Bootstrap.read(io.StringIO(boot.dumps()))  # as the child reads its stdin
    child = settings_from_dump(got.settings, got.config_file)
    assert child == parent
    assert child.site_file == LAKESIDE
    assert set(child.hotel.facts) == {"check_in", "pets", "sauna", "bikes"}
    assert not DEMO_FACTS & set(child.hotel.facts)
    assert "de" not in child.hotel.facts["bikes"].text


def test_the_round_trip_ignores_the_environment_the_child_starts_with(monkeypatch):
    parent = load_settings(LAKESIDE)
    monkeypatch.setenv("SOVREN_CONFIG", str(DEMO_SITE_FILE))
    monkeypatch.setenv("SOVREN_PMS__VENDOR", "mews")
    child = settings_from_dump(parent.model_dump(mode="json"), str(LAKESIDE))
    assert child == parent and child.pms.vendor == "local"


def test_overrides_patch_the_site_hotel_instead_of_replacing_it():
    s = load_settings(LAKESIDE, hotel={"simulated_date": "2026-03-02"})
    assert str(s.hotel.simulated_date) == "2026-03-02"
    assert set(s.hotel.facts) == {"check_in", "pets", "sauna", "bikes"}


def test_sovren_config_is_read_when_no_file_is_given(monkeypatch):
    monkeypatch.setenv("SOVREN_CONFIG", str(LAKESIDE))
    assert load_settings().hotel.hotel_id == "lakeside"


def test_the_digest_names_the_file_content(tmp_path):
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(LAKESIDE.read_bytes())
    assert file_digest(copy) == file_digest(LAKESIDE) != file_digest(None)


def _models(tp, seen):
    import typing

    from pydantic import BaseModel

    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp not in seen:
            seen.add(tp)
            for f in tp.model_fields.values():
                _models(f.annotation, seen)
        return seen
    for arg in typing.get_args(tp):
        _models(arg, seen)
    return seen


def test_every_section_forbids_unknown_keys_at_every_level():
    from config import Settings

    models = _models(Settings, set())
    assert len(models) > 10  # sections and their nested models were found
    lax = sorted(m.__name__ for m in models if m.model_config.get("extra") != "forbid")
    assert lax == [], f"these accept unknown keys silently: {lax}"
