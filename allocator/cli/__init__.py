"""The ``allocator`` command line: the only place that prints or exits.

Each command lives in its own module and is registered in ``COMMANDS`` below, in the order
``allocator --help`` lists them. Exit codes: 0 ok, 1 a check or solve failed, 2 bad input.
Commands are thin: they read options, call the layers below, and print what ``report`` returns.

May import: everything below it. Nothing imports it.
"""

import importlib

import click

# name -> (module:attribute, the line `allocator --help` shows). A command's module is imported
# only when that command runs, so that `allocator --help` and the light commands (check, tier,
# schema) never load the solver or the web stack; a test holds each line to its command's own.
COMMANDS: dict[str, tuple[str, str]] = {
    "propose": (
        "allocator.cli.propose:propose_command",
        "Propose today's allocation for SCENARIO (or exports, with --profile).",
    ),
    "check": (
        "allocator.cli.check:check_command",
        "Check PROPOSAL against SCENARIO: every hard rule, every figure.",
    ),
    "schema": (
        "allocator.cli.schema:schema",
        "Print the JSON Schema of a Scenario (input) and a Proposal (output).",
    ),
    "tier": ("allocator.cli.tier:tier", "Derive the tier of each case in FILE and show how."),
    "workload": (
        "allocator.cli.workload:workload_command",
        "Show the workload of every practitioner, POD and PDU as the WMT computes it.",
    ),
    "generate": (
        "allocator.cli.generate:generate",
        "Write a synthetic scenario of SIZE drawn from SEED to OUT.",
    ),
    "convert": (
        "allocator.cli.convert:convert",
        "Convert a CSV folder to a JSON file, or a JSON file to a CSV folder.",
    ),
    "import": (
        "allocator.cli.import_:import_command",
        "Read export FILES (CSV or XLSX) through PROFILE and write a scenario JSON file.",
    ),
    "decide": (
        "allocator.cli.decide:decide_command",
        "Record an SPO decision on one line of a saved proposal.",
    ),
    "decisions": (
        "allocator.cli.decide:decisions_command",
        "Show what is decided on PROPOSAL_ID and what is still open.",
    ),
    "audit": (
        "allocator.cli.audit:audit",
        "Tamper evidence for the saved proposals and decisions.",
    ),
    "oversight": (
        "allocator.cli.oversight:oversight",
        "The management-oversight record (SBAR) of SPO decisions.",
    ),
    "db": ("allocator.cli.db:db_group", "The decision database's schema and roles."),
    "bench": (
        "allocator.cli.bench:bench",
        "Run the engine and the greedy baseline on generated instances.",
    ),
    "plan": (
        "allocator.cli.plan:plan_command",
        "Compare BASE with each --change option: POD restructures.",
    ),
    "store": (
        "allocator.cli.retention:store_group",
        "Retention and erasure of the personal data in saved proposals.",
    ),
    "serve": (
        "allocator.web.serve:serve",
        "Serve the SPO's pages: sign in, review the day's proposal, decide, re-solve, export.",
    ),
    "users": (
        "allocator.cli.users:users",
        "Local accounts of the web service: who may sign in, and what they may do.",
    ),
}


def load_command(name: str) -> click.Command:
    """The click command registered under ``name``, imported now."""
    module, attribute = COMMANDS[name][0].split(":")
    command = getattr(importlib.import_module(module), attribute)
    assert isinstance(command, click.Command)
    return command


class LazyGroup(click.Group):
    """A group whose commands are imported when they run, listed from ``COMMANDS``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, line) for name, (_, line) in COMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="probation-allocator")
def main() -> None:
    """Propose, explain and check allocations of probation cases to practitioners."""
