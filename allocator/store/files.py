"""Files the store writes are private to the user who runs it (0600), whatever their umask.

The SQLite database holds whole saved scenarios (case flags, needs, declared characteristics)
and the chain key makes the record unforgeable: neither may be readable by other users.
"""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PRIVATE_MODE = 0o600


@contextmanager
def private_umask() -> Iterator[None]:
    """Create files inside the block with no group or other rights (umask 077).

    The umask is process-wide; the store sets it only around creating its own files.
    """
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def make_private(path: Path) -> None:
    """chmod ``path`` to 0600 if it exists (SQLite's -wal and -shm files appear later)."""
    with suppress(FileNotFoundError):
        os.chmod(path, PRIVATE_MODE)


def write_private(path: Path, text: str, *, exclusive: bool = False) -> bool:
    """Write ``text`` to ``path`` whole (through a 0600 temporary file), created 0600.

    With ``exclusive`` an existing ``path`` is left as it is and False is returned: two
    processes creating the same file at once agree on one content.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, PRIVATE_MODE)
        if exclusive:
            try:
                os.link(tmp, path)
            except FileExistsError:
                return False
            return True
        os.replace(tmp, path)
        return True
    finally:
        Path(tmp).unlink(missing_ok=True)
