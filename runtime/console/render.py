"""Pages: the Jinja2 templates (autoescaped), their filters, and a pooled connection per request.

Why its own module: every route module renders pages the same way (the viewer's
account, CSRF token and instance in every page) and takes its connection from
the same pool.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from runtime.console.web import Ctx, mask_phone

HERE = Path(__file__).parent


def templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape on for .html
    t.env.filters["mask"] = mask_phone
    t.env.filters["when"] = lambda d: d.strftime("%Y-%m-%d %H:%M:%S") if d else "-"
    t.env.globals["severity_name"] = _severity_name
    return t


def _severity_name(n: int) -> str:
    from ipc.messages import Severity

    try:
        return Severity(int(n)).name
    except ValueError:
        return str(n)


TEMPLATES = templates()


def page(
    request: Request, name: str, ctx: Ctx | None, status_code: int = 200, **kw: Any
) -> Response:
    context = {
        "account": ctx.account if ctx else None,
        "csrf": ctx.session.csrf if ctx else "",
        "instance": request.app.state.console.settings.instance,
        **kw,
    }
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)


@contextlib.asynccontextmanager
async def connection(request: Request):
    async with request.app.state.console.pool.connection() as conn:
        yield conn
