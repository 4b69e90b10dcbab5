"""``sovren decide``, ``sovren calibration`` and ``sovren ledger …``.

Why ``decide`` uses the configured seeds by default: it is a what-if tool for
operators tuning thresholds and tables, and must answer instantly without a
database; ``--learned`` adds the counts the ledger has learned.

Database for the commands that need one: ``SOVREN_DATABASE_URL`` (or
``database_url`` in the site file), else the embedded cluster under the data
directory, started for the command and stopped again if the command started it.
"""

from __future__ import annotations

import argparse
import json
from contextlib import ExitStack, contextmanager

from config.errors import SovrenError, is_user_facing


class CliError(SovrenError, RuntimeError):
    code = "ledger_unreachable"
    next_step = (
        "set SOVREN_DATABASE_URL to a reachable PostgreSQL server, or check <data_dir>/postgres"
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "decide",
        help="what-if decision of the Bayesian core for one action",
        description="Ask the decision core about one action with the given evidence "
        "(values in [0, 1]); prints the verdict and each evidence term.",
    )
    p.add_argument("--action", required=True, metavar="KIND", help="action kind, e.g. pms.create")
    p.add_argument(
        "--evidence",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="evidence value in [0, 1], repeatable (e.g. asr_confidence=0.92)",
    )
    p.add_argument(
        "--sentinel", metavar="LEVEL", help="SENTINEL finding: INFO, LOW, MEDIUM, HIGH, CRITICAL"
    )
    p.add_argument("--state", help="call state (decision.states), default: decision.default_state")
    p.add_argument(
        "--purpose",
        default="",
        help="what the action is for when requirements depend on it (disclose_booking)",
    )
    p.add_argument("--hotel", default=None, help="hotel id (default: hotel.hotel_id)")
    p.add_argument(
        "--learned", action="store_true", help="include the priors learned in the ledger"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_decide)

    p = sub.add_parser(
        "calibration",
        help="predicted vs observed success per action kind, from the ledger",
        description="Reliability of the decision core: for decisions with recorded outcomes, "
        "the mean posterior against the observed success rate per action kind.",
    )
    p.add_argument("--png", metavar="PATH", help="write a reliability plot (PNG)")
    p.add_argument("--bins", type=int, default=10, help="bins of the plot (default 10)")
    p.add_argument(
        "--suggest",
        action="store_true",
        help="also propose evidence tables from the outcomes, shown as a change to the "
        "tables in force (a dry run)",
    )
    p.add_argument(
        "--apply",
        action="store_true",
        help="with --suggest: write the suggested tables into the site file "
        "(decision.evidence.<source>.table; the old file kept as .bak)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_calibration)

    lp = sub.add_parser(
        "ledger",
        help="the PostgreSQL ledger: verify, migrate, status, retention, erase",
        description="Operate on the ledger (calls, turns, decisions, actions, alerts).",
    )
    lsub = lp.add_subparsers(dest="ledger_command", metavar="SUBCOMMAND")
    lp.set_defaults(func=lambda a: (lp.print_help(), 2)[1])

    v = lsub.add_parser("verify", help="check the decisions' hash chain; exit 1 if tampered")
    v.add_argument("--json", action="store_true", help="print JSON")
    v.set_defaults(func=cmd_verify)

    m = lsub.add_parser("migrate", help="apply pending schema migrations")
    m.set_defaults(func=cmd_migrate)

    s = lsub.add_parser("status", help="migrations, row counts, chain head")
    s.set_defaults(func=cmd_status)

    r = lsub.add_parser(
        "retention", help="empty transcripts/audio older than storage.retention_days"
    )
    r.set_defaults(func=cmd_retention)
    # `ledger erase` spans the ledger and the PMS: registered by runtime/erase_cli.py.


# -- helpers -------------------------------------------------------------------
def _settings(args):
    """--config, SOVREN_CONFIG, else the running runtime's site file (fabric/config_choice.py)."""
    from fabric.config_choice import cli_settings

    return cli_settings(args)


@contextmanager
def database(settings):
    """The ledger URL; an embedded cluster started here is stopped afterwards."""
    from ledger.postgres import database_url

    with ExitStack() as stack:
        try:
            url = stack.enter_context(database_url(settings.data_dir, settings.database_url))
        except Exception as e:
            if is_user_facing(e):
                raise
            raise CliError(
                f"cannot reach the ledger database ({type(e).__name__}: {e}); set "
                f"SOVREN_DATABASE_URL to a reachable server or check {settings.data_dir}/postgres"
            ) from e
        yield url


def _migrated(url: str) -> None:
    from ledger.migrate import migrate

    try:
        migrate(url)
    except Exception as e:
        if is_user_facing(e):
            raise
        raise CliError(f"cannot prepare the ledger schema: {type(e).__name__}: {e}") from e


def parse_evidence(items: list[str]) -> dict[str, float]:
    from bayes.errors import BadEvidence

    out: dict[str, float] = {}
    for it in items:
        name, sep, raw = it.partition("=")
        if not sep or not name:
            raise BadEvidence(f"--evidence {it!r}: write NAME=VALUE, e.g. asr_confidence=0.9")
        try:
            out[name.strip()] = float(raw)
        except ValueError:
            raise BadEvidence(f"--evidence {it!r}: {raw!r} is not a number in [0, 1]") from None
    return out


def parse_severity(level: str | None):
    from ipc.messages import Severity

    if level is None:
        return None
    try:
        return Severity[level.strip().upper()]
    except KeyError:
        try:
            return Severity(int(level))
        except ValueError:
            raise CliError(
                f"--sentinel {level!r}: use one of {', '.join(s.name for s in Severity)}"
            ) from None


# -- commands ------------------------------------------------------------------
def cmd_decide(args) -> int:
    from bayes.core import DecisionCore
    from bayes.priors import PriorStore

    settings = _settings(args)
    evidence = parse_evidence(args.evidence)
    sentinel = parse_severity(args.sentinel)
    priors = PriorStore(settings.decision)
    if args.learned:
        with database(settings) as url:
            _migrated(url)
            priors.load_from_database(url)
    core = DecisionCore(settings.decision, priors)
    out = core.decide(
        args.action,
        evidence,
        sentinel=sentinel,
        state=args.state,
        call_id="cli-what-if",
        hotel_id=args.hotel or settings.hotel.hotel_id,
        purpose=args.purpose,
    )
    if args.json:
        print(json.dumps(out.to_json(), indent=2))
    else:
        print(out.explain())
    return 0


def cmd_calibration(args) -> int:
    from bayes import calibration

    if args.bins < 2 or args.bins > 100:
        raise CliError("--bins must be between 2 and 100")
    if args.apply and not args.suggest:
        raise CliError("--apply writes the suggested tables: use it with --suggest")
    settings = _settings(args)
    with database(settings) as url:
        _migrated(url)
        report = calibration.from_database(url, bins=args.bins)
        suggested = calibration.suggest_tables(url) if args.suggest else None
    if args.png:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise CliError(
                "--png needs matplotlib: pip install 'sovren[plots]' (or pip install matplotlib)"
            ) from None
        try:
            calibration.plot(report, args.png)
        except OSError as e:
            raise CliError(f"cannot write the plot to {args.png}: {e.strerror}") from None
    if args.json:
        data = report.to_json()
        if suggested is not None:
            data["suggested_tables"] = suggested
        print(json.dumps(data, indent=2))
    else:
        print(report.table())
        if suggested is not None:
            from bayes.table_apply import table_diff

            print("\nsuggested evidence tables (decision.evidence.<source>.table):")
            if not suggested:
                print("  none yet: too few outcomes per evidence bin (20 needed)")
            for line in table_diff(settings.decision.evidence, suggested):
                print(line)
        if args.png:
            print(f"\nreliability plot written to {args.png}")
    if suggested is not None and suggested and args.apply:
        from bayes.table_apply import apply_tables

        backup, kept = apply_tables(settings.site_file, suggested)
        print(
            f"\nwritten to {settings.site_file} (previous version: {backup}"
            + ("" if kept else "; its comments are only in the backup")
            + "); restart the runtime (`sovren up`) to use them"
        )
    elif suggested is not None and suggested and not args.json:
        print("\n(dry run: add --apply to write these into the site file)")
    return 0


def cmd_verify(args) -> int:
    from ledger.chain import chain_key_from_environment, verify_chain

    key = chain_key_from_environment()  # SOVREN_LEDGER_CHAIN_KEY, held away from the database
    with database(_settings(args)) as url:
        _migrated(url)
        rep = verify_chain(url, key)
    if args.json:
        print(json.dumps(rep.to_json(), indent=2))
    else:
        print(rep.summary())
    return 0 if rep.ok else 1


def cmd_migrate(args) -> int:
    from ledger.migrate import migrate

    with database(_settings(args)) as url:
        done = migrate(url)
    print(f"applied migrations {done}" if done else "ledger schema is up to date")
    return 0


def cmd_status(args) -> int:
    import psycopg

    from ledger.migrate import status

    with database(_settings(args)) as url:
        for v, name, applied in status(url):
            print(f"migration {v:04d}_{name}: {'applied' if applied else 'PENDING'}")
        with psycopg.connect(url) as conn:
            if conn.execute("SELECT to_regclass('decisions') IS NOT NULL").fetchone()[0]:
                for t in ("calls", "turns", "proposals", "decisions", "actions", "results",
                          "alerts", "outcomes", "prior_counts", "erasures"):  # fmt: skip
                    n = conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    print(f"{t:<13} {n:>10} rows")
                seq, h = conn.execute(
                    "SELECT seq, hash FROM ledger_chain_head WHERE chain = 'decisions'"
                ).fetchone()
                print(f"chain head: seq {seq}, hash {h}")
    return 0


def cmd_retention(args) -> int:
    from ledger.retention import apply_retention

    settings = _settings(args)
    with database(settings) as url:
        _migrated(url)
        rep = apply_retention(url, settings.storage.retention_days, data_dir=settings.data_dir)
    print(rep.summary())
    return 0
