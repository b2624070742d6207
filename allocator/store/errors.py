"""What can go wrong with the store, as data the CLI turns into one line and an exit code.

``Conflict`` is a decision that lost a race or was based on an out-of-date view (exit 1); every
other ``StoreError`` is bad input or an unusable database (exit 2).
"""


class StoreError(Exception):
    """A problem the user can act on; the message is one line, safe to print."""

    exit_code = 2


class StoreUnavailable(StoreError):
    """The database cannot be opened, reached or upgraded."""


class NotFound(StoreError):
    """An id that names nothing in the database."""


class BadRequest(StoreError):
    """A decision the rules of the workflow do not allow as asked (a missing reason, an
    unknown practitioner, an override that breaks a hard rule without the flag)."""


class NotPermitted(StoreError):
    """The database refused: records are append-only, or the role lacks the right."""


class Conflict(StoreError):
    """Someone else decided first, or the case changed since the proposal was made."""

    exit_code = 1


class Superseded(Conflict):
    """A decision or a re-solve on a version of the day that a re-solve has superseded."""

    def __init__(self, stale: str, current: str) -> None:
        super().__init__(
            f"{stale} has been superseded by {current}: your decision was not recorded. "
            f"Open the current version, {current}, and decide there."
        )
        self.stale, self.current = stale, current
