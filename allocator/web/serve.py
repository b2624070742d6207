"""``allocator serve``: the SPO's web service on this machine (docs/web.md).

The web room's own entry point, registered by name in ``allocator.cli.COMMANDS`` (the command
line loads a command's module only when it runs, and does not import the web room): it reads
its options, prints one line and hands over to uvicorn, whose log is the server's output.
"""

import json
import logging
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import click

from allocator import SolveSettings
from allocator.io.errors import InputError
from allocator.io.scenario_files import read_scenario
from allocator.store import StoreError
from allocator.store.urls import is_postgres_url, redact


def _bundled_day() -> Path:
    return Path(str(resources.files("allocator").joinpath("data", "scenarios", "default_day.json")))


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--db",
    envvar="ALLOCATOR_DB",
    default="allocator.db",
    show_default=True,
    help="The database: a SQLite file path or a postgresql:// URL (env ALLOCATOR_DB).",
)
@click.option(
    "--scenario",
    "scenario_path",
    type=click.Path(path_type=Path),
    help="The day to show until one is uploaded (default: the bundled default day).",
)
@click.option(
    "--identity-header",
    envvar="ALLOCATOR_IDENTITY_HEADER",
    help="Trust this request header as the signed-in user's name (only behind an SSO proxy "
    "that sets it and strips it from clients). Env ALLOCATOR_IDENTITY_HEADER.",
)
@click.option(
    "--tls-cert", type=click.Path(exists=True, dir_okay=False), help="TLS certificate (PEM)."
)
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False), help="TLS key (PEM).")
@click.option(
    "--behind-tls-proxy",
    is_flag=True,
    help="Mark session cookies Secure: a proxy in front terminates TLS.",
)
@click.option(
    "--time-limit", type=float, default=10.0, show_default=True, help="Solver seconds per PDU."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=1,
    show_default=True,
    help="Server processes; they share the database, and with it sign-in limits, the day "
    "shown and the versions of the day.",
)
def serve(
    host: str,
    port: int,
    db: str,
    scenario_path: Path | None,
    identity_header: str | None,
    tls_cert: str | None,
    tls_key: str | None,
    behind_tls_proxy: bool,
    time_limit: float,
    workers: int,
) -> None:
    """Serve the SPO's pages: sign in, review the day's proposal, decide, re-solve, export.

    Accounts come from ``allocator users add``. The session secret is ALLOCATOR_WEB_SECRET, or
    a new random one each start (everyone signs in again after a restart).
    """
    import uvicorn

    from allocator.web.app import WebConfig, create_app

    if bool(tls_cert) != bool(tls_key):
        raise click.UsageError("--tls-cert and --tls-key go together")
    try:
        scenario, policy = read_scenario(scenario_path or _bundled_day())
    except InputError as err:
        for problem in err.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(2)
    config = WebConfig(
        db=db,
        scenario=scenario,
        policy=policy,
        identity_header=identity_header,
        https=bool(tls_cert) or behind_tls_proxy,
        settings=SolveSettings(time_limit_s=time_limit),
    )
    secret = os.environ.get("ALLOCATOR_WEB_SECRET")
    if secret:
        config.secret_key = secret
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        app = create_app(config)
    except StoreError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(err.exit_code)
    shown = redact(db) if is_postgres_url(db) else db
    click.echo(
        f"Serving on http{'s' if tls_cert else ''}://{host}:{port}/ (database {shown}"
        + (f", {workers} processes)" if workers > 1 else ")")
    )
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "ssl_certfile": tls_cert,
        "ssl_keyfile": tls_key,
        "log_level": "info",
        "proxy_headers": False,
    }
    if workers == 1:
        uvicorn.run(app, **common)
        return
    from allocator.web.worker import WORKER_CONFIG

    # One secret for every process: a session signed by one is valid in all.
    os.environ[WORKER_CONFIG] = json.dumps(
        {
            "db": db,
            "scenario": str((scenario_path or _bundled_day()).resolve()),
            "secret": config.secret_key,
            "identity_header": identity_header,
            "https": config.https,
            "time_limit": time_limit,
        }
    )
    uvicorn.run("allocator.web.worker:app", factory=True, workers=workers, **common)
