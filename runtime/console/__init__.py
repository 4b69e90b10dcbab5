"""The front-desk console: live calls, history, alerts and charts in a browser, behind a login.

Why a package of its own under runtime/: it is an application view like ``sovren
calls``/``explain``/``top`` and reads the same things (the ledger, the agents'
stats blocks read-only, the alert feed), but it is a long-running web server, so
it runs as a process of its own and never inside an agent (docs/console.md).
One module per job: ``app`` (routes), ``accounts`` (argon2 passwords),
``sessions`` (cookies, CSRF, login rate limit), ``audit`` (the ledger's record
of logins and actions), ``queries`` (history and live SQL), ``live`` (LISTEN/
NOTIFY and health pushed as server-sent events), ``charts`` (server-side SVG),
``actions`` (end/take over a call, acknowledge, erase), ``voice`` (the browser
microphone into the voice path), ``server`` (uvicorn), ``cli`` (``sovren console``).
"""
