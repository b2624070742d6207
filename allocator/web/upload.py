"""Reading the day's export sent through the upload page: a scenario JSON, or a zipped CSV
folder, with the same row-level problems as the command line.

``READERS`` maps a file's suffix to a reader that takes a path and returns the scenario and its
policy. The import profiles for the real exports (CSV/XLSX from the case-management system)
plug in here: register ``READERS[".xlsx"] = ...`` (or a profile name) and the page, its error
summary and the tests stay as they are.
"""

import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from allocator.io.errors import InputError
from allocator.io.scenario_files import read_scenario
from models.policy import Policy
from models.scenario import Scenario

MAX_BYTES = 20 * 1024 * 1024
Reader = Callable[[Path], tuple[Scenario, Policy]]


def _read_json(path: Path) -> tuple[Scenario, Policy]:
    return read_scenario(path)


def _read_zip(path: Path) -> tuple[Scenario, Policy]:
    """Unpack a zipped CSV folder safely (no absolute paths, no '..') and read it."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError(["the file is not a zip archive"]) from None
    with archive, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "day"
        root.mkdir()
        total = 0
        for info in archive.infolist():
            name = PurePosixPath(info.filename)
            if info.is_dir() or name.name.startswith(".") or "__MACOSX" in name.parts:
                continue
            if name.is_absolute() or ".." in name.parts:
                raise InputError([f"{info.filename}: a path outside the folder is not allowed"])
            total += info.file_size
            if total > MAX_BYTES * 5:
                raise InputError(["the archive unpacks to more than 100 MB"])
            # a folder zipped with its own top directory, or its files at the top: keep names only
            (root / name.name).write_bytes(archive.read(info))
        return read_scenario(root)


READERS: dict[str, Reader] = {".json": _read_json, ".zip": _read_zip}


def read_upload(filename: str, content: bytes) -> tuple[Scenario, Policy]:
    """The scenario and policy of an uploaded file; ``InputError`` with every problem found."""
    suffix = PurePosixPath(filename or "").suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise InputError(
            [
                f"choose a {' or '.join(sorted(READERS))} file (the file chosen is '{suffix or filename}')"
            ]
        )
    if not content:
        raise InputError(["the selected file is empty"])
    if len(content) > MAX_BYTES:
        raise InputError(["the selected file is larger than 20 MB"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            return reader(path)
        except InputError as err:
            # name the user's file, not the temporary copy the readers were given
            shown = PurePosixPath(filename).name
            raise InputError(
                [p.replace(str(path), shown).replace(tmp, shown) for p in err.problems]
            ) from None
