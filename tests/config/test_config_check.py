"""``sovren config check``: every problem of a site file at once, then what the runtime will do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from runtime.cli import main

REPO = Path(__file__).resolve().parents[2]
LAKESIDE = REPO / "tests" / "sites" / "lakeside.yaml"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No site file, instance or credentials from the shell running the tests."""
    for k in ("SOVREN_CONFIG", "SOVREN_PMS__VENDOR", "SOVREN_INSTANCE"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("SOVREN_DATA_DIR", str(tmp_path / "var"))  # no running runtime here


def lakeside() -> dict:
    return yaml.safe_load(LAKESIDE.read_text())


def write(tmp_path: Path, data: dict, name: str = "site.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return p


def check(capsys, *argv: str) -> tuple[int, str]:
    code = main(["config", "check", *argv])
    return code, capsys.readouterr().out


def test_the_lakeside_hotel_is_summarised_with_its_rooms_rates_and_missing_fact(capsys):
    code, out = check(capsys, str(LAKESIDE))
    assert code == 0, out
    assert f"{LAKESIDE}: OK" in out
    assert "Seehotel Lindenufer" in out
    # rooms: names per language, capacity, count, nightly rate
    assert "SGL" in out and "en: single room / de: Einzelzimmer" in out
    assert "up to 1 guest(s), 6 room(s), 79.00 EUR a night" in out
    assert "en: family room / de: Familienzimmer; up to 4 guest(s), 4 room(s), 169.00" in out
    # rate plans: default, refundable, terms per language
    assert (
        "LAKE   en: lakeside flexible rate / de: flexibler Seetarif; x1.00, default, refundable"
        in out
    )
    assert "EARLY" in out and "NOT refundable; rooms FAM" in out
    assert "terms de: kostenlose Stornierung bis 2 Tage vor der Anreise" in out
    # facts per language and the one missing in German
    assert "en: 4 (bikes, check_in, pets, sauna)" in out
    assert "de: 3 (check_in, pets, sauna)" in out
    assert "MISSING in de: bikes" in out
    assert "pms: local, no credentials needed" in out
    assert "ports: metrics off (sentinel.metrics_port)" in out
    # nothing of the demo hotel
    for demo in ("DBL", "TWN", "SUI", "Hotel Sovren", "parking", "wifi", "FLEX"):
        assert demo not in out


def test_the_json_summary_names_the_missing_german_fact(capsys):
    code, out = check(capsys, str(LAKESIDE), "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] and data["problems"] == []
    s = data["summary"]
    assert [r["code"] for r in s["rooms"]] == ["SGL", "FAM"]
    assert s["facts"]["de"]["missing"] == ["bikes"] and s["facts"]["en"]["missing"] == []
    assert [p["code"] for p in s["rate_plans"] if p["default"]] == ["LAKE"]
    assert s["site_file"] == str(LAKESIDE)


def test_a_broken_copy_reports_every_problem_at_once_with_its_path(capsys, tmp_path):
    data = lakeside()
    hotel = data["hotel"]
    hotel["languages"] = ["en", "de", "fr"]  # a language the voices cannot speak
    hotel["facts"]["sauna"]["text"]["de"] = "   "  # empty
    hotel["facts"]["bikes"]["text"]["en"] = "Bikes. " * 80  # 560 characters: a brochure
    hotel["room_types"][0]["max_guests"] = 0
    hotel["room_types"][1]["max_guest"] = 5  # unknown key inside a room type
    hotel["room_types"].append(
        {"code": "FAM", "name": {"en": "family suite"}, "count": -5, "max_guests": 4, "rate": "1"}
    )  # a duplicate code and a negative count
    hotel["rate_plans"][1]["room_types"] = ["FAM", "SUI"]  # a room that does not exist
    data["sentinel"] = {"metrics_prot": 9100}  # a typo in another section
    code, out = check(capsys, str(write(tmp_path, data)))
    assert code == 1
    lines = [ln.strip() for ln in out.splitlines()[1:]]
    expected = {
        "hotel.languages": "cannot speak fr",
        "hotel.facts.sauna.text": "the de text is empty",
        "hotel.facts.bikes.text": "the en text has 560 characters; keep it under 400",
        "hotel.room_types[0].max_guests": "must be >= 1, got 0",
        "hotel.room_types[1].max_guest": "is not a known key (fix: did you mean 'max_guests'?",
        "hotel.room_types[2].count": "must be >= 0, got -5",
        "hotel.room_types[2].code": "duplicate room code 'FAM' (also room_types[1])",
        "hotel.rate_plans[1].room_types": "'SUI' is not a room type",
        "sentinel.metrics_prot": "did you mean 'metrics_port'?",
    }
    for path, words in expected.items():
        hits = [ln for ln in lines if ln.startswith(f"{path}: ")]
        assert len(hits) == 1 and words in hits[0], (path, out)
    assert f"{len(expected)} problem(s)" in out.splitlines()[0]
    assert "Traceback" not in out


def test_a_file_that_is_not_yaml_is_one_problem_with_its_line(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("hotel:\n  name: [Lakeside\n  facts: {}\n")
    code, out = check(capsys, str(bad))
    assert code == 1
    assert f"{bad}: is not valid YAML at line" in out


def test_a_missing_file_is_one_problem(capsys, tmp_path):
    code, out = check(capsys, str(tmp_path / "nope.yaml"))
    assert code == 1 and f"{tmp_path / 'nope.yaml'}: the file does not exist" in out


def test_a_site_file_without_a_hotel_is_refused(capsys, tmp_path):
    code, out = check(capsys, str(write(tmp_path, {"sentinel": {"metrics_port": 0}})))
    assert code == 1 and "hotel: the site file has no hotel section" in out


def test_a_hotel_language_no_voice_speaks_is_an_error(capsys, monkeypatch):
    monkeypatch.setenv("SOVREN_MEDIA__TTS_FALLBACKS", "[]")  # piper alone: English only
    code, out = check(capsys, str(LAKESIDE))
    assert code == 1
    assert "hotel.languages[1]: no configured voice speaks 'de'" in out


def test_missing_vendor_credentials_are_named_never_shown(capsys, monkeypatch):
    monkeypatch.setenv("SOVREN_PMS__VENDOR", "apaleo")
    monkeypatch.setenv("SOVREN_APALEO_CLIENT_ID", "id-value-that-must-not-show")
    monkeypatch.delenv("SOVREN_APALEO_CLIENT_SECRET", raising=False)
    monkeypatch.delenv("SOVREN_APALEO_PROPERTY_ID", raising=False)
    code, out = check(capsys, str(LAKESIDE))
    assert code == 0
    assert (
        "pms: apaleo, credentials NOT set in the environment: SOVREN_APALEO_CLIENT_SECRET, "
        "SOVREN_APALEO_PROPERTY_ID" in out
    )
    assert "id-value-that-must-not-show" not in out


def test_register_mode_names_missing_sip_credentials_never_shows_them(
    capsys, monkeypatch, tmp_path
):
    site = lakeside()
    site["telephony"] = {"enabled": True, "mode": "register", "registrar": "sip:pbx.example"}
    path = str(write(tmp_path, site))
    monkeypatch.setenv("SOVREN_SIP_USERNAME", "user-that-must-not-show")
    monkeypatch.delenv("SOVREN_SIP_PASSWORD", raising=False)
    code, out = check(capsys, path)
    assert code == 0
    assert (
        "sip: registers to sip:pbx.example, credentials NOT set in the environment: "
        "SOVREN_SIP_PASSWORD" in out
    )
    monkeypatch.setenv("SOVREN_SIP_PASSWORD", "pw-that-must-not-show")
    code, out = check(capsys, path)
    assert "sip: registers to sip:pbx.example, credentials set" in out
    assert "must-not-show" not in out


def test_an_unknown_vendor_is_an_error_with_a_suggestion(capsys, monkeypatch):
    monkeypatch.setenv("SOVREN_PMS__VENDOR", "apalleo")
    code, out = check(capsys, str(LAKESIDE))
    assert code == 1 and "pms.vendor: must be one of 'local', 'apaleo'" in out
    assert "got 'apalleo' (fix: did you mean 'apaleo'?" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["--config", str(LAKESIDE), "config", "check"],
        ["config", "--config", str(LAKESIDE), "check"],
        ["config", "check", "--config", str(LAKESIDE)],
    ],
)
def test_config_is_accepted_before_or_after_the_subcommand(capsys, argv):
    assert main(argv) == 0
    assert f"{LAKESIDE}: OK" in capsys.readouterr().out


def test_without_a_file_the_configured_one_is_checked(capsys, monkeypatch):
    monkeypatch.setenv("SOVREN_CONFIG", str(LAKESIDE))
    code, out = check(capsys)
    assert code == 0 and "Seehotel Lindenufer" in out
    monkeypatch.delenv("SOVREN_CONFIG")
    code, out = check(capsys)
    assert code == 0 and "the demo hotel" in out and "Hotel Sovren" in out


def test_a_commands_own_config_option_does_not_erase_one_given_before_it():
    from runtime.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["--config", "a.yaml", "understanding", "prepare"]).config == "a.yaml"
    assert parser.parse_args(["understanding", "prepare", "--config", "b.yaml"]).config == "b.yaml"
    assert parser.parse_args(["pms", "check"]).config is None


def test_more_kinds_of_mistakes_each_get_their_own_line(capsys, tmp_path):
    data = lakeside()
    hotel = data["hotel"]
    hotel["timezone"] = "Europe/Berln"
    hotel["country"] = "XX"
    hotel["missing_fact"] = "ask"
    hotel["facts"]["bad key!"] = {"text": {"en": "x"}}
    hotel["facts"]["sauna"] = {"text": "Sauna from 4 pm"}  # not per language
    hotel["rate_plans"][1]["default"] = True  # two defaults, the second not refundable
    data["hotell"] = {}
    code, out = check(capsys, str(write(tmp_path, data)))
    assert code == 1
    for line in (
        "hotel.timezone: unknown time zone 'Europe/Berln'; use an IANA name such as Europe/Berlin",
        "hotel.country: no holiday calendar for country 'XX'; use an ISO 3166 code such as DE, AT, CH",
        "hotel.missing_fact: must be one of 'offer_reception' or 'other_language', got 'ask'",
        "hotel.facts.bad key!: a fact key uses letters, digits and _ only",
        "hotel.facts.sauna.text: must be a mapping (key: value lines), got 'Sauna from 4 pm'",
        "hotel.rate_plans: more than one has default: true (LAKE, EARLY); mark exactly one",
        "hotell: is not a known key (fix: did you mean 'hotel'?",
    ):
        assert f"  {line}" in out, (line, out)


def test_an_impossible_date_is_a_yaml_problem_not_a_traceback(capsys, tmp_path):
    bad = tmp_path / "date.yaml"
    bad.write_text("hotel:\n  simulated_date: 2026-13-01\n")
    code, out = check(capsys, str(bad))
    assert code == 1 and f"{bad}: is not valid YAML: month must be in 1..12" in out


def test_phrase_overrides_must_name_a_sentence_and_its_placeholders(capsys, tmp_path):
    from agents.understanding.texts import TEXTS

    data = lakeside()
    key = next(k for k, t in TEXTS["en"].items() if "{hotel}" in t)
    data["hotel"]["phrases"] = {
        "en": {key: "Welcome to {hotl}!", "greting": "Hi"},
        "de": {key: "Willkommen im {hotel}!"},
    }
    code, out = check(capsys, str(write(tmp_path, data)))
    assert code == 1
    assert f"hotel.phrases.en.{key}: uses {{hotl}}, which the agent does not fill here" in out
    assert "hotel.phrases.en.greting: is not a sentence the agent says" in out
    assert f"hotel.phrases.de.{key}" not in out
