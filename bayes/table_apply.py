"""Applying the evidence tables calibration suggests: the change shown first, then written.

Why a diff first: a table changes how much every future piece of evidence counts;
an operator must see which knots move before the site file changes. ``--suggest``
alone shows the change (a dry run); ``--apply`` writes it into the site file under
``decision.evidence.<source>.table``, validated by loading the file again (a table
the settings would refuse is never written), with the old file kept as ``.bak``.

Where the site file has no ``decision:`` section, the tables are appended as one
(the rest of the file, comments included, stays as it is); where it has one, the
file is rewritten from its parsed form (comments are lost: the ``.bak`` keeps them,
and the command says so).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from config.errors import SovrenError


class TableApplyError(SovrenError):
    code = "table_apply"
    next_step = "pass the hotel's site file with --config FILE"


def _fmt(table) -> str:
    return "[" + ", ".join(f"[{x:g}, {r:g}]" for x, r in table) + "]"


def table_diff(current: dict[str, Any], suggested: dict[str, list]) -> list[str]:
    """Lines saying, per evidence source, the table now and the one suggested."""
    lines = []
    for name in sorted(suggested):
        new = [tuple(k) for k in suggested[name]]
        old = current.get(name)
        old_t = [tuple(k) for k in old.table] if old is not None else None
        if old_t == new:
            lines.append(f"  {name}: unchanged {_fmt(new)}")
            continue
        lines.append(f"- {name}: {_fmt(old_t) if old_t else '(not configured)'}")
        lines.append(f"+ {name}: {_fmt(new)}")
    return lines


def apply_tables(site_file: Path | None, suggested: dict[str, list]) -> tuple[Path, bool]:
    """Write ``suggested`` into the site file; returns (backup path, comments kept)."""
    from config import load_settings

    if site_file is None:
        raise TableApplyError(
            "the runtime runs the demo hotel (no site file): there is no file to write the "
            "tables into"
        )
    path = Path(site_file)
    text = path.read_text()
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise TableApplyError(f"{path} does not hold a mapping at the top")
    tables = {name: {"table": [list(k) for k in t]} for name, t in suggested.items()}
    kept = "decision" not in data
    if kept:
        block = yaml.safe_dump({"decision": {"evidence": tables}}, default_flow_style=None)
        new_text = (
            text.rstrip("\n")
            + "\n\n# evidence tables applied by `sovren calibration --suggest --apply`\n"
            + block
        )
    else:
        dec = data.setdefault("decision", {}) or {}
        ev = dec.setdefault("evidence", {}) or {}
        ev.update(tables)
        dec["evidence"] = ev
        data["decision"] = dec
        new_text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    tmp = path.with_suffix(path.suffix + ".new")
    tmp.write_text(new_text)
    try:
        load_settings(tmp)  # refuse what the settings would refuse, before touching the file
    except Exception as e:
        tmp.unlink(missing_ok=True)
        raise TableApplyError(
            f"the suggested tables do not validate ({e}); nothing was written",
            next_step="collect more outcomes (`sovren calibration`) and try again",
        ) from None
    backup = path.with_suffix(path.suffix + ".bak")
    shutil.copy2(path, backup)
    tmp.replace(path)
    return backup, kept
