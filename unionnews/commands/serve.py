"""`serve`: the researcher's web app over the archive (unionnews.web), run by uvicorn."""

from __future__ import annotations

import socket

import click

from archive.config import Config


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.pass_obj
def serve(config: Config, host: str, port: int) -> None:
    """Serve the search pages, articles, site overviews and the JSON API until Ctrl-C."""
    import uvicorn

    from unionnews.web import create_app

    app = create_app(config)
    # Bound here rather than by uvicorn, so that --port 0 can say which port it got before serving.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    click.echo(f"unionnews: serving {config.home} at http://{shown}:{bound}/ (Ctrl-C to stop)", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("unionnews: warning: the app has no login; anyone who can reach this address can read the archive",
                   err=True)  # fmt: skip
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
