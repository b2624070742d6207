"""Bad input as data: every problem names the file, the place in it and what is wrong."""

from pydantic import ValidationError


class InputError(Exception):
    """Raised by the readers for a user's bad input; the CLI prints ``problems`` and exits 2."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def describe_validation_error(source: str, err: ValidationError) -> list[str]:
    """One line per pydantic error: ``source: json.path: message``, never echoing the value.

    Errors raised by a model validator carry their own paths after "Value error, "; they are
    split back into one line each.
    """
    lines: list[str] = []
    for e in err.errors(include_input=False, include_url=False):
        msg = str(e["msg"])
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        if e["type"] == "value_error" and msg.startswith("Value error, "):
            body = msg.removeprefix("Value error, ")
            prefix = _path(loc)
            for part in body.split("; "):
                lines.append(
                    f"{source}: {part}"
                    if prefix == "(top level)"
                    else f"{source}: {prefix}: {part}"
                )
            continue
        lines.append(f"{source}: {_path(loc)}: {msg}")
    return lines
