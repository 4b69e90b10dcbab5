"""Check a site file completely, before anything starts: every problem at once, with its path.

Why all at once: an administrator fixing a site file one error per start is a
quarter of an hour lost per typo, and a runtime that starts on a bad file fails
callers instead. ``sovren config check`` and ``sovren up`` both call
``check_site``; each problem is one line ``path: what is wrong, got X (fix: ...)``.
The summary says what the runtime will do with the file (rooms, rates, facts
per language and the ones missing, the PMS and its missing credentials by name
only, the ports), so a wrong file is seen before a caller hears it.
"""

from __future__ import annotations

import difflib
import re
import string
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from config.sections.hotel import SUPPORTED_LANGS, HotelConfig, consistency_problems
from config.sections.pms_vendors import secrets_in_file
from config.settings import DEMO_SITE_FILE, Settings, build_settings, file_digest

GOT_MAX = 60  # characters of a wrong value shown back


@dataclass
class Problem:
    path: str  # "hotel.room_types[2].count", or the file for a file that cannot be read
    message: str
    fix: str = ""

    def line(self) -> str:
        return f"{self.path}: {self.message}" + (f" (fix: {self.fix})" if self.fix else "")


@dataclass
class CheckReport:
    site_file: Path | None  # None: no site file given, the demo hotel
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    settings: Settings | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


# -- reading ---------------------------------------------------------------------
def _read_site(path: Path) -> tuple[dict[str, Any] | None, Problem | None]:
    if not path.exists():
        return None, Problem(
            str(path),
            "the file does not exist",
            "check the path given to --config / SOVREN_CONFIG; start from config/sites/demo.yaml",
        )
    if path.is_dir():
        return None, Problem(str(path), "is a directory, not a site file", "name the YAML file")
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        return None, Problem(
            str(path),
            f"is not valid YAML{where}: {what}",
            "fix the YAML syntax (indentation with spaces, `key: value`, quotes around text "
            "with ': ' or '#')",
        )
    except (OSError, UnicodeDecodeError) as e:
        return None, Problem(str(path), f"cannot be read: {e}", "check the file's permissions")
    except ValueError as e:  # a value YAML itself cannot build, e.g. the date 2026-13-01
        return None, Problem(
            str(path),
            f"is not valid YAML: {e}",
            "look for an impossible date or number; quote it if it is meant as text",
        )
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, Problem(
            str(path),
            f"must hold a mapping (sections such as `hotel:`) at the top level, "
            f"got {type(data).__name__}",
            "start from config/sites/demo.yaml",
        )
    return data, None


# -- pydantic errors as lines ------------------------------------------------------
def loc_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _got(value: Any) -> str:
    if isinstance(value, bool | int | float | Decimal) or value is None:
        return f", got {value!r}" if not isinstance(value, Decimal) else f", got {value}"
    if isinstance(value, str):
        shown = value if len(value) <= GOT_MAX else value[:GOT_MAX] + "…"
        return f", got {shown!r}"
    if isinstance(value, list):
        return ", got a list"
    if isinstance(value, dict):
        return ", got a mapping"
    return ""


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The pydantic model whose field set applies at ``loc`` (for "did you mean")."""
    tp: Any = Settings
    for part in loc:
        while True:  # unwrap Optional / dict / list down to the next model
            origin = typing.get_origin(tp)
            if origin is typing.Union or str(origin) == "types.UnionType":
                args = [a for a in typing.get_args(tp) if a is not type(None)]
                tp = args[0] if args else tp
                continue
            break
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if not isinstance(part, str) or part not in tp.model_fields:
                return None
            tp = tp.model_fields[part].annotation
        elif typing.get_origin(tp) in (dict, list):
            tp = typing.get_args(tp)[-1]
        else:
            return None
    origin = typing.get_origin(tp)
    if origin in (dict, list):  # a key or index still to come
        return None
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _extra_fix(loc: tuple) -> str:
    model = _model_at(loc[:-1])
    if model is None:
        return "remove it or fix its spelling"
    known = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{hint}remove it or use one of: {', '.join(known)}"


def problem_from_error(err: dict[str, Any]) -> list[Problem]:
    """One pydantic error (``ValidationError.errors()`` item) as problem lines."""
    loc = tuple(err.get("loc", ()))
    path = loc_path(loc) or "(top level)"
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    got = _got(value)
    cause = ctx.get("error")
    if kind == "value_error" and getattr(cause, "problems", None):
        return [
            Problem(f"{path}.{sub}" if not sub.startswith("[") else f"{path}{sub}", msg)
            for sub, msg in cause.problems
        ]
    msg, fix = err.get("msg", "invalid"), ""
    if kind == "missing":
        msg, fix = "is required", "add it; docs/configuration.md describes each field"
    elif kind == "extra_forbidden":
        msg, fix = "is not a known key", _extra_fix(loc)
        got = ""
    elif kind == "greater_than_equal":
        msg, fix = f"must be >= {ctx.get('ge')}{got}", f"use a value of {ctx.get('ge')} or more"
    elif kind == "greater_than":
        msg, fix = f"must be > {ctx.get('gt')}{got}", f"use a value above {ctx.get('gt')}"
    elif kind == "less_than_equal":
        msg, fix = f"must be <= {ctx.get('le')}{got}", f"use a value of {ctx.get('le')} or less"
    elif kind == "less_than":
        msg, fix = f"must be < {ctx.get('lt')}{got}", f"use a value below {ctx.get('lt')}"
    elif kind == "string_too_short":
        n = ctx.get("min_length", 1)
        msg = "must not be empty" if n == 1 else f"needs at least {n} characters{got}"
        fix = "write a value"
    elif kind == "string_too_long":
        msg = f"has {len(str(value))} characters, at most {ctx.get('max_length')} allowed"
        fix = "shorten it"
    elif kind == "too_short":
        msg = f"needs at least {ctx.get('min_length')} item(s)"
        fix = "add one"
    elif kind == "string_pattern_mismatch":
        msg, fix = f"does not have the expected form{got}", f"match {ctx.get('pattern')}"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        msg, fix = f"must be a whole number{got}", "write digits only, e.g. 4"
    elif kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        msg, fix = f"must be a number{got}", 'write it like "129.00" (quotes keep the cents)'
    elif kind in ("bool_parsing", "bool_type"):
        msg, fix = f"must be true or false{got}", "write true or false"
    elif kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        msg, fix = f"must be a date{got}", "write YYYY-MM-DD, e.g. 2026-03-02"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        msg = f"must be a mapping (key: value lines){got}"
        fix = "indent its keys below it, e.g. `name: {en: double room}`"
    elif kind in ("list_type", "tuple_type"):
        msg, fix = f"must be a list{got}", "write `[a, b]` or one `- item` per line"
    elif kind in ("string_type",):
        msg, fix = f"must be text{got}", "put the text in quotes"
    elif kind == "literal_error":
        msg, fix = f"must be one of {ctx.get('expected')}{got}", "use one of the listed values"
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(value), choices, n=1) if choices else []
        if close:
            fix = f"did you mean {close[0]!r}? " + fix
    elif kind == "value_error":
        text = str(cause) if cause is not None else msg.removeprefix("Value error, ")
        shown = isinstance(value, str | int | float) and str(value) not in text
        msg = text + (got if shown else "")
    else:
        msg = f"{msg}{got}"
    return [Problem(path, msg, fix)]


# -- checks beyond the schema --------------------------------------------------------
def voice_languages(media) -> dict[str, frozenset[str]]:
    """Languages each configured voice (primary, then fallbacks) speaks, from configuration only."""
    return {
        name: getattr(media, name).languages() for name in [media.tts_voice, *media.tts_fallbacks]
    }


def _semantic(settings: Settings) -> tuple[list[Problem], list[str]]:
    problems: list[Problem] = []
    warnings: list[str] = []
    hotel = settings.hotel
    voices = voice_languages(settings.media)
    spoken = frozenset().union(*voices.values()) if voices else frozenset()
    for i, lang in enumerate(hotel.languages):
        if lang not in spoken:
            have = "; ".join(f"{n} speaks {', '.join(sorted(v))}" for n, v in voices.items())
            problems.append(
                Problem(
                    f"hotel.languages[{i}]",
                    f"no configured voice speaks {lang!r} ({have})",
                    (
                        f"add {lang} to media.espeak.voices"
                        if "espeak" in voices
                        else "add espeak to media.tts_fallbacks"
                    )
                    + " or drop it from hotel.languages",
                )
            )
    problems.extend(_phrase_problems(hotel.phrases))
    if not hotel.room_types:
        warnings.append("hotel.room_types is empty: every booking request will be refused")
    if not hotel.rate_plans:
        warnings.append("hotel.rate_plans is empty: no cancellation terms can be read back")
    for lang in hotel.languages:
        for i, r in enumerate(hotel.room_types):
            if lang not in r.name:
                warnings.append(
                    f"hotel.room_types[{i}].name has no {lang} name: {lang} callers hear "
                    f"{r.display_name(lang)!r}"
                )
        for i, p in enumerate(hotel.rate_plans):
            for what in ("name", "cancellation"):
                if lang not in getattr(p, what):
                    warnings.append(
                        f"hotel.rate_plans[{i}].{what} has no {lang} text: {lang} callers hear "
                        "another language's"
                    )
    return problems, warnings


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _phrase_problems(phrases: dict[str, dict[str, str]]) -> list[Problem]:
    """Overrides of the agent's sentences must name a sentence it has and fill only the
    placeholders it provides (a typo would be ignored, or fail mid-call)."""
    try:
        from agents.understanding.texts import TEXTS
    except Exception:  # the table moved: nothing to compare against
        return []
    out = []
    for lang, table in phrases.items():
        ours = TEXTS.get(lang) or TEXTS.get("en") or {}
        for key, text in table.items():
            path = f"hotel.phrases.{lang}.{key}"
            if key not in ours:
                close = difflib.get_close_matches(key, list(ours), n=1)
                out.append(
                    Problem(
                        path,
                        "is not a sentence the agent says",
                        (f"did you mean {close[0]!r}? " if close else "")
                        + "the keys are those of agents/understanding/texts.py",
                    )
                )
                continue
            try:
                extra = _placeholders(text) - _placeholders(ours[key])
            except ValueError as e:
                out.append(Problem(path, f"is not a valid template: {e}", "balance {{ and }}"))
                continue
            if extra:
                have = ", ".join(f"{{{n}}}" for n in sorted(_placeholders(ours[key]))) or "none"
                out.append(
                    Problem(
                        path,
                        f"uses {', '.join(f'{{{n}}}' for n in sorted(extra))}, which the agent "
                        f"does not fill here",
                        f"use only {have}",
                    )
                )
    return out


def check_site(site_file: str | Path | None) -> CheckReport:
    """Validate ``site_file`` (None: the demo hotel) with the defaults and the environment."""
    site = Path(site_file).expanduser().resolve() if site_file is not None else None
    report = CheckReport(site)
    data, problem = _read_site(site if site is not None else DEMO_SITE_FILE)
    if problem is not None:
        report.problems.append(problem)
        return report
    if site is not None and "hotel" not in data:
        report.problems.append(
            Problem(
                "hotel",
                "the site file has no hotel section (a site file's hotel replaces the demo's "
                "wholly, so the runtime would answer with no rooms and no facts)",
                "copy the hotel section of config/sites/demo.yaml and make it yours",
            )
        )
    secrets = [
        Problem(path, "a secret in a file", f"remove it and export {env} in the environment")
        for path, env in secrets_in_file(data)
    ]
    if secrets:  # the settings are not built from a file holding secrets
        report.problems.extend(secrets)
        return report
    try:
        settings = build_settings(site)
    except ValidationError as e:
        errors = e.errors()
        for err in errors:
            report.problems.extend(problem_from_error(err))
        across = any(getattr((x.get("ctx") or {}).get("error"), "problems", None) for x in errors)
        if not across and isinstance(data.get("hotel"), dict):
            # pydantic checks across rooms and rate plans only when every field is valid:
            # check the file's own data so that these problems show up in the same pass.
            for sub, msg in consistency_problems(data["hotel"]):
                report.problems.append(Problem(f"hotel.{sub}", msg))
        return report
    except Exception as e:  # a ConfigError from the defaults file: still one line, not a trace
        report.problems.append(Problem(str(site or DEMO_SITE_FILE), str(e)))
        return report
    report.settings = settings
    more, report.warnings = _semantic(settings)
    report.problems.extend(more)
    return report


# -- what the runtime will do ---------------------------------------------------------
def facts_by_language(hotel: HotelConfig) -> dict[str, dict[str, list[str]]]:
    """Per configured language: the fact keys it has and the ones missing."""
    return {
        lang: {
            "have": sorted(k for k, f in hotel.facts.items() if lang in f.text),
            "missing": sorted(k for k, f in hotel.facts.items() if lang not in f.text),
        }
        for lang in hotel.languages
    }


def summary(settings: Settings) -> dict[str, Any]:
    hotel = settings.hotel
    vendor = settings.pms.vendor
    # by name only, from the vendor's settings (config/sections/pms_vendors.py)
    missing_env = settings.pms.vendor_settings().missing(settings.pms.base_url)
    default = hotel.default_rate()
    site = settings.site_file
    return {
        "site_file": str(site) if site else None,
        "digest": file_digest(site),
        "hotel": {
            "id": hotel.hotel_id,
            "name": hotel.name,
            "timezone": hotel.timezone,
            "currency": hotel.currency,
            "languages": list(hotel.languages),
            "missing_fact": hotel.missing_fact,
        },
        "rooms": [
            {
                "code": r.code,
                "name": dict(r.name),
                "max_guests": r.max_guests,
                "count": r.count,
                "rate": str(r.rate),
            }
            for r in hotel.room_types
        ],
        "rate_plans": [
            {
                "code": p.code,
                "name": dict(p.name),
                "default": p is default,
                "refundable": p.refundable,
                "factor": str(p.factor),
                "rooms": list(p.room_types) or "all",
                "terms": dict(p.cancellation),
            }
            for p in hotel.rate_plans
        ],
        "facts": facts_by_language(hotel),
        "pms": {
            "vendor": vendor,
            "credentials_missing": missing_env,
            "start_without_pms": settings.pms.start_without_pms,
        },
        "ports": {
            "sentinel.metrics_port": settings.sentinel.metrics_port,
            "console": (
                f"{settings.console.host}:{settings.console.port}"
                if settings.console.enabled
                else None
            ),
            "sip": (
                f"{settings.telephony.listen_address}:{settings.telephony.listen_port}"
                + (
                    f"-{settings.telephony.listen_port + settings.telephony.processes - 1}"
                    if settings.telephony.processes > 1
                    else ""
                )
                + f" ({', '.join(settings.telephony.transports)})"
                if settings.telephony.enabled
                else None
            ),
        },
        "sip_register": _sip_register(settings.telephony),
        "voices": {k: sorted(v) for k, v in voice_languages(settings.media).items()},
    }


def _sip_register(tel) -> dict[str, Any] | None:
    """Mode register: where the UAs register and which credentials are missing (by name)."""
    if not (tel.enabled and tel.mode == "register"):
        return None
    creds = {"SOVREN_SIP_USERNAME": tel.credentials.username,
             "SOVREN_SIP_PASSWORD": tel.credentials.password}  # fmt: skip
    return {
        "registrar": tel.registrar,
        "credentials_missing": [name for name, value in creds.items() if value is None],
    }


def one_line(s: dict[str, Any]) -> str:
    """The summary in one line, for ``sovren up``."""
    facts = ", ".join(f"{lang} {len(f['have'])}" for lang, f in s["facts"].items())
    missing = "; ".join(
        f"missing in {lang}: {', '.join(f['missing'])}"
        for lang, f in s["facts"].items()
        if f["missing"]
    )
    return (
        f"hotel {s['hotel']['name']}: {len(s['rooms'])} room types "
        f"({sum(r['count'] for r in s['rooms'])} rooms), {len(s['rate_plans'])} rate plans, "
        f"facts {facts or 'none'}" + (f"; {missing}" if missing else "")
    )


def render_summary(s: dict[str, Any]) -> str:
    h = s["hotel"]
    cur = h["currency"]
    lines = [
        f"site file: {s['site_file'] or f'none (the demo hotel, {DEMO_SITE_FILE})'}  "
        f"sha256 {s['digest'][:12]}",
        f"hotel: {h['name']} ({h['id']}), {h['timezone']}, {cur}, "
        f"answers in {', '.join(h['languages'])}",
        f"rooms ({len(s['rooms'])} types, {sum(r['count'] for r in s['rooms'])} rooms):",
    ]
    for r in s["rooms"]:
        names = " / ".join(f"{lang}: {n}" for lang, n in r["name"].items())
        lines.append(
            f"  {r['code']:<6} {names}; up to {r['max_guests']} guest(s), {r['count']} room(s), "
            f"{r['rate']} {cur} a night"
        )
    lines.append(f"rate plans ({len(s['rate_plans'])}):")
    for p in s["rate_plans"]:
        names = " / ".join(f"{lang}: {n}" for lang, n in p["name"].items())
        flags = ["default"] if p["default"] else []
        flags.append("refundable" if p["refundable"] else "NOT refundable")
        rooms = p["rooms"] if p["rooms"] == "all" else ", ".join(p["rooms"])
        lines.append(f"  {p['code']:<6} {names}; x{p['factor']}, {', '.join(flags)}; rooms {rooms}")
        for lang, t in p["terms"].items():
            lines.append(f"         terms {lang}: {t}")
    lines.append("facts:")
    for lang, f in s["facts"].items():
        lines.append(f"  {lang}: {len(f['have'])} ({', '.join(f['have']) or 'none'})")
    for lang, f in s["facts"].items():
        if f["missing"]:
            lines.append(f"  MISSING in {lang}: {', '.join(f['missing'])}")
    pms = s["pms"]
    if pms["credentials_missing"]:
        cred = "credentials NOT set in the environment: " + ", ".join(pms["credentials_missing"])
    else:
        cred = "credentials set" if pms["vendor"] != "local" else "no credentials needed"
    lines.append(
        f"pms: {pms['vendor']}, {cred}"
        + ("; starts without a PMS if it cannot be opened" if pms["start_without_pms"] else "")
    )
    reg = s.get("sip_register")
    if reg:
        lines.append(
            f"sip: registers to {reg['registrar']}, "
            + (
                "credentials NOT set in the environment: "
                + ", ".join(reg["credentials_missing"])
                + " (the registration goes without authentication)"
                if reg["credentials_missing"]
                else "credentials set"
            )
        )
    voices = "; ".join(f"{n}: {', '.join(v)}" for n, v in s["voices"].items())
    lines.append(f"voices: {voices}")
    port = s["ports"]["sentinel.metrics_port"]
    console = s["ports"].get("console")
    lines.append(
        f"ports: metrics {port if port else 'off'} (sentinel.metrics_port)"
        f"; console {console or 'off'} (console.enabled)"
        f"; SIP {s['ports'].get('sip') or 'off'} (telephony.enabled)"
    )
    return "\n".join(lines)


__all__ = [
    "SUPPORTED_LANGS",
    "CheckReport",
    "Problem",
    "check_site",
    "facts_by_language",
    "loc_path",
    "one_line",
    "problem_from_error",
    "render_summary",
    "summary",
    "voice_languages",
]
