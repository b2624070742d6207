"""Reading a JSON file as a user gives it: a missing file, a folder, bad encoding, malformed JSON
or JSON nested thousands deep each become one line naming the file (and the line and column),
never a traceback."""

import json
from pathlib import Path
from typing import Any

from allocator.io.errors import InputError
from allocator.io.sheets import is_spreadsheet

HINT = "read an export with `allocator import PROFILE FILE...` or `allocator propose --profile PROFILE FILE...`"

TOO_DEEP = "nested too deeply to be a scenario, policy or proposal"


def load_json(path: Path) -> Any:
    """The parsed JSON in ``path`` (a BOM is allowed); InputError on any problem.

    A spreadsheet or a CSV file given where JSON is expected is named as what it is, not
    reported as malformed JSON.
    """
    if path.is_file() and is_spreadsheet(path):
        raise InputError([f"{path}: is a spreadsheet, not a JSON file; {HINT}"])
    if path.is_file() and path.suffix.lower() in (".csv", ".tsv"):
        raise InputError([f"{path}: is a CSV file, not a JSON file; {HINT}"])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise InputError([f"{path}: is a folder, expected a JSON file"]) from None
    except UnicodeDecodeError:
        raise InputError([f"{path}: not UTF-8 text"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(
            [f"{path}: line {e.lineno}, column {e.colno}: malformed JSON: {e.msg}"]
        ) from None
    except RecursionError:
        # The parser recurses once per level: a file nested thousands deep (no scenario,
        # policy or proposal is more than a dozen levels) would otherwise end in a traceback.
        raise InputError([f"{path}: {TOO_DEEP}"]) from None
