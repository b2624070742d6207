"""The planner's restructure options in the browser: the report ``allocator plan --html`` writes.

A planner uploads one or more change files (docs/planner.md, "The change file"); they are
checked against the day the service shows, every problem of every file at once, before anything
is solved, and the plan is then solved and shown as the same self-contained report the command
line writes (``allocator.report.planner.render_html``). The report is answered to the request
that asked for it and kept nowhere: with several server processes, a report kept in one would
be missing from the next.
"""

from dataclasses import dataclass
from functools import partial

from allocator.io.errors import InputError
from allocator.planner.changes import Change, change_from_text
from allocator.planner.plan import Plan, prepare, run_jobs, run_plan
from models import Policy, Scenario

MAX_FILES = 5
"""Options per request: each is a solve of the whole day, and the request waits for them."""
MAX_BYTES = 200_000
"""A change file is a few dozen lines; anything this large is not one."""
TIME_LIMIT_S = 20.0
"""Each solve's limit (the base's and each option's), as ``allocator plan --time-limit``."""


@dataclass(frozen=True)
class Upload:
    """One uploaded change file: its name as the planner's browser gave it, and its bytes."""

    filename: str
    content: bytes


def read_changes(uploads: list[Upload]) -> tuple[list[Change], list[str]]:
    """Every uploaded file that parses and validates, and the problems of the others."""
    if not uploads:
        return [], ["Select at least one change file (.toml)"]
    if len(uploads) > MAX_FILES:
        return [], [f"At most {MAX_FILES} change files at once: {len(uploads)} were sent"]
    problems: list[str] = []
    changes: list[Change] = []
    for upload in uploads:
        if len(upload.content) > MAX_BYTES:
            problems.append(
                f"{upload.filename}: larger than {MAX_BYTES:,} bytes: not a change file"
            )
            continue
        try:
            text = upload.content.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{upload.filename}: not a UTF-8 TOML file")
            continue
        try:
            changes.append(change_from_text(text, upload.filename))
        except InputError as err:
            problems += err.problems
    return changes, problems


def plan_day(scenario: Scenario, policy: Policy, uploads: list[Upload]) -> Plan:
    """The plan of the uploaded options against the day shown: every file checked and applied
    first (``InputError`` with all their problems), then the base and each option solved."""
    changes, unread = read_changes(uploads)
    prepared = prepare(scenario, policy, changes, unread)
    # Solved in the request's own thread, one job after another: forking a worker from a
    # threaded server can copy a lock another thread holds.
    return run_plan(
        scenario,
        policy,
        prepared,
        time_limit_s=TIME_LIMIT_S,
        curve_steps=0,
        runner=partial(run_jobs, processes=1),
    )
