"""The app factory each server process runs under ``allocator serve --workers N``.

uvicorn starts N processes, each importing this module and calling ``app()``; ``serve`` hands
them its options in one environment variable (``WORKER_CONFIG``, JSON), with the session
secret, so that a session cookie signed by one process is accepted by the others. Every process
opens the same database, where the state they must share lives (docs/web.md, "More than one
server process").
"""

import json
import os
from pathlib import Path

from fastapi import FastAPI

from allocator import SolveSettings
from allocator.io.scenario_files import read_scenario
from allocator.web.app import WebConfig, create_app

WORKER_CONFIG = "ALLOCATOR_WEB_WORKER_CONFIG"


def app() -> FastAPI:
    """The service, configured from ``WORKER_CONFIG``."""
    options = json.loads(os.environ[WORKER_CONFIG])
    scenario, policy = read_scenario(Path(options["scenario"]))
    config = WebConfig(
        db=options["db"],
        scenario=scenario,
        policy=policy,
        secret_key=options["secret"],
        identity_header=options["identity_header"],
        https=options["https"],
        settings=SolveSettings(time_limit_s=options["time_limit"]),
    )
    return create_app(config)
