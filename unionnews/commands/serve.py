"""`serve`: the researcher's web app over the archive (unionnews.web), run by uvicorn."""

from __future__ import annotations

import socket

import click

from archive.config import Config
from unionnews.commands import require_archive


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header names NAME (repeatable; '*': any). "
                   "By default only the listening address and the loopback names are answered.")  # fmt: skip
@click.pass_obj
def serve(config: Config, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Serve the search pages, articles, site overviews and the JSON API until Ctrl-C."""
    import uvicorn

    from unionnews.web import create_app
    from unionnews.web.guards import LOCAL_NAMES, MAX_URL_BYTES

    require_archive(config)
    wildcard = host in ("0.0.0.0", "::", "")
    app = create_app(config, hosts=(*LOCAL_NAMES, *(() if wildcard else (host,)), *allow_hosts))
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
    # h11 resets the connection of a request line past its buffer; a larger buffer lets the app answer 414.
    server = uvicorn.Config(app, log_level="warning", access_log=False, h11_max_incomplete_event_size=64 * MAX_URL_BYTES)
    uvicorn.Server(server).run(sockets=[sock])
