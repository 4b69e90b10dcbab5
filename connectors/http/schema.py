"""Validation of vendor payloads against the shapes the adapters rely on.

Why: a vendor answering with a shape we do not understand must never turn into
a wrong booking or a crash deep in an adapter; it becomes a VendorError at the
edge, and the payload goes to the log only redacted.
"""

from __future__ import annotations

import json
import logging
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from connectors.errors import VendorError
from connectors.http.redact import redact

M = TypeVar("M", bound=BaseModel)

log = logging.getLogger("sovren.pms.schema")


def parse_payload(model: type[M], payload: Any, *, vendor: str, what: str) -> M:
    try:
        return model.model_validate(payload)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['type']}" for err in e.errors()[:5]
        )
        try:
            shown = json.dumps(redact(payload), default=str, ensure_ascii=False)[:2000]
        except (TypeError, ValueError):
            shown = str(redact(str(payload)))[:2000]
        log.warning(
            "%s: %s failed schema validation (%s); payload: %s", vendor, what, problems, shown
        )
        raise VendorError(
            f"{vendor}: {what} did not match the expected schema ({problems})", vendor=vendor
        ) from None
