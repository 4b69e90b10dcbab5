"""Pages: the Jinja2 templates (autoescaped), their filters, and a pooled connection per request.

Why its own module: every route module renders pages the same way (the viewer's
account, CSRF token and instance in every page) and takes its connection from
the same pool.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from markupsafe import Markup
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


def history_rows(rows: list[dict[str, Any]], account: Any) -> Markup:
    """The history table's rows, built directly: a page may hold 10,000 calls, and the
    template engine's per-value overhead was most of such a page's time (bench/console.py).
    Every value goes through ``html.escape`` (quotes included) or ``quote``."""
    from html import escape
    from urllib.parse import quote

    out = []
    for r in rows:
        cid = escape(r["call_id"])
        outcome = escape(r["outcome"] or "open")
        started = r["started_at"].strftime("%Y-%m-%d %H:%M:%S") if r["started_at"] else "-"
        confs = " ".join(
            f'<a href="/reservations/{escape(quote(c, safe=""))}">{escape(c)}</a>'
            for c in r["confirmations"]
        )
        out.append(
            f'<tr class="o-{outcome}"><td><a href="/calls/{cid}">{cid[:8]}</a></td>'
            f"<td>{started}</td><td>{escape(mask_phone(r['caller_phone'], account))}</td>"
            f"<td>{outcome}</td><td>{r['turns']:d}</td><td>{r['decisions']:d}</td>"
            f"<td>{r['rejected']:d}</td><td>{confs}</td></tr>"
        )
    return Markup("\n".join(out))
