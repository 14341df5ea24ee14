"""``docgen serve``: the application under waitress, a production WSGI server that runs on
Windows as on Linux (Flask's own server is for development only)."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.web import security
from docgen.web.app import create_app

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def serve(host: str, port: int, data: Path, threads: int = 8) -> None:
    """Start the server and tell the person at the console where to go (and, on an empty data
    folder, the one-time code that creates the district's administrator)."""
    from waitress import serve as waitress_serve

    code = security.setup_code()
    app = create_app(data, setup_code=code)
    # Secure cookies go only over HTTPS: on the local machine the browser talks plain HTTP;
    # on a network the server stands behind an HTTPS proxy, and the cookie must not leak.
    app.config["SESSION_COOKIE_SECURE"] = host not in LOOPBACK
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{shown}:{port}/"
    click.echo(f"docgen: данные в {data.resolve()}")
    click.echo(f"docgen: откройте в браузере {address}  (остановить: Ctrl+C)")
    if not app.config["DOCGEN_STORE"].has_users():
        click.echo(
            f"docgen: первый вход — откройте {address}setup и введите код {code}, "
            "чтобы создать администратора района"
        )
    waitress_serve(app, host=host, port=port, threads=threads, ident="docgen")
