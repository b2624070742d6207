"""The ``allocator`` command line: the only place that prints or exits.

Each command lives in its own module and is registered in ``COMMANDS`` below, in the order
``allocator --help`` lists them. Exit codes: 0 ok, 1 a check or solve failed, 2 bad input.
"""

import click

from allocator.cli.audit import audit
from allocator.cli.bench import bench
from allocator.cli.check import check_command
from allocator.cli.convert import convert
from allocator.cli.db import db_group
from allocator.cli.decide import decide_command, decisions_command
from allocator.cli.generate import generate
from allocator.cli.oversight import oversight
from allocator.cli.plan import plan_command
from allocator.cli.propose import propose_command
from allocator.cli.schema import schema
from allocator.cli.serve import serve
from allocator.cli.tier import tier
from allocator.cli.users import users

COMMANDS: list[click.Command] = [
    propose_command,
    check_command,
    schema,
    tier,
    generate,
    convert,
    decide_command,
    decisions_command,
    audit,
    oversight,
    db_group,
    bench,
    plan_command,
    serve,
    users,
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="probation-allocator")
def main() -> None:
    """Propose, explain and check allocations of probation cases to practitioners."""


for _command in COMMANDS:
    main.add_command(_command)
