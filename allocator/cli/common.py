"""What every command shares: turning bad input into one clear line per problem and exit 2,
and writing files whole or not at all."""

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from allocator.io.errors import InputError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
T = TypeVar("T")


def fail_input(problems: list[str]) -> NoReturn:
    """Print each problem on stderr and exit 2."""
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(EXIT_BAD_INPUT)


@contextmanager
def user_input() -> Iterator[None]:
    """Run a block that reads user input; an InputError becomes messages and exit 2."""
    try:
        yield
    except InputError as err:
        fail_input(err.problems)


def reading(fn: Callable[[], T]) -> T:
    """Call a reader; an InputError becomes messages and exit 2."""
    with user_input():
        return fn()
    raise AssertionError("unreachable")  # pragma: no cover


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so a reader never sees half of it."""
    _write_whole(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """``write_atomically`` for bytes (a workbook): created 0600, whole or not at all."""
    _write_whole(path, data)


def _write_whole(path: Path, data: bytes) -> None:
    """Write through a temporary file beside ``path`` (created 0600 by ``mkstemp``) and rename
    it into place. A path that cannot be written (its folder is a file, no permission, a full
    disk) is one line naming the path and exit 2, with nothing left behind."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as err:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        blocker = next((a for a in path.parents if a.exists() and not a.is_dir()), None)
        why = f"{blocker} is a file, not a folder" if blocker else (err.strerror or str(err))
        fail_input([f"{path}: cannot write it ({why})"])
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


def bundled_scenario_path() -> Path:
    """The default scenario that ships with the engine (one PDU, four PODs)."""
    return Path(str(resources.files("allocator").joinpath("data", "scenarios", "default_day.json")))
