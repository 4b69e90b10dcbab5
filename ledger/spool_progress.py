"""How far a spool was replayed into the database, kept next to it on disk.

Why: the writer replays its spool in chunks and deletes it when done. A writer
killed in between used to start again from the beginning; duplicate ids made
that harmless for the rows, but it replayed (and counted, and re-alerted) what
was already in. The offset after each committed chunk is written here
(atomically, fsynced), together with the identity of the spool file it belongs
to, so a restarted writer resumes exactly where the last one stopped, and a
spool that was replaced since (another inode or another first frame) is replayed
from its start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path


class ReplayProgress:
    def __init__(self, spool_path: Path):
        self.spool_path = Path(spool_path)
        self.path = self.spool_path.with_name(self.spool_path.name + ".replayed")

    def _identity(self) -> dict[str, object] | None:
        try:
            st = os.stat(self.spool_path)
            with open(self.spool_path, "rb") as fh:
                head = fh.read(64)
        except FileNotFoundError:
            return None
        return {"ino": st.st_ino, "head": hashlib.sha256(head).hexdigest()}

    def load(self) -> int:
        """The offset to resume at (0: from the start)."""
        try:
            saved = json.loads(self.path.read_text())
        except (FileNotFoundError, json.JSONDecodeError, OSError):
            return 0
        ident = self._identity()
        if ident is None or saved.get("spool") != ident:
            return 0
        offset = int(saved.get("offset", 0))
        return offset if 0 <= offset <= os.path.getsize(self.spool_path) else 0

    def save(self, offset: int) -> None:
        ident = self._identity()
        if ident is None:
            return
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w") as fh:
            json.dump({"spool": ident, "offset": offset}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
