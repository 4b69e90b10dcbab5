"""The learned priors on local disk, so the decision core starts while PostgreSQL is down.

Why: the learned counts live in the ledger (``prior_counts``). A COMMAND that
restarts while the database is away used to fail to start (and the supervisor
restarted it again and again), so every call failed. Now the counts are also
written to a small local file whenever they are loaded from the ledger or
changed by an outcome; a core that cannot reach the ledger starts from that
file, or — when there is none yet — from the configured seeds alone, and says
which loudly. What it learns meanwhile reaches the ledger through the spool.

Format: JSON ``{"version": 1, "saved_at": unix time, "source": "...",
"rows": [[hotel_id, action, successes, failures], ...]}``, written atomically
(temp file, fsync, rename). A damaged file is not used (the seeds are), with a
warning naming it.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from bayes.priors import PriorStore

log = logging.getLogger("sovren.bayes")


class PriorSnapshot:
    def __init__(self, path: Path):
        self.path = Path(path)

    def save(self, store: PriorStore, source: str = "learned") -> None:
        rows = [[h, a, s, f] for (h, a), (s, f) in sorted(store.learned().items())]
        blob = json.dumps({"version": 1, "saved_at": time.time(), "source": source, "rows": rows})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def rows(self) -> list[tuple[str, str, float, float]] | None:
        """The saved rows; None when there is no usable snapshot (missing or damaged)."""
        try:
            data = json.loads(self.path.read_text())
            rows = [(str(h), str(a), float(s), float(f)) for h, a, s, f in data["rows"]]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning("prior snapshot %s is damaged (%s); not used", self.path, e)
            return None
        return rows


def load_priors(store: PriorStore, database_url: str | None, snapshot: PriorSnapshot | None) -> str:
    """Fill ``store`` with learned counts; returns where they came from.

    "ledger" (and the snapshot refreshed), else "snapshot" (the database is
    unreachable; the last counts saved locally), else "seeds" (unreachable and
    nothing saved: the configured seeds alone).
    """
    if database_url:
        try:
            store.load_from_database(database_url)
        except Exception as e:  # psycopg.OperationalError and kin: the ledger is away
            why = f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e) else ''}"
            log.warning("learned priors: ledger unreachable (%s)", why)
        else:
            if snapshot is not None:
                snapshot.save(store, source="ledger")
            return "ledger"
    rows = snapshot.rows() if snapshot is not None else None
    if rows is not None:
        store.load(rows)
        log.warning("learned priors: using the local snapshot %s", snapshot.path)
        return "snapshot"
    log.warning("learned priors: no ledger and no snapshot; deciding on the configured seeds")
    return "seeds"
