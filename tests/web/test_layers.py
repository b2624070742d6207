"""The web room sits beside the command line: it never imports ``allocator.cli``, never calls
print (``serve`` echoes its one start line through click), and nothing else imports it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_web_imports_no_cli_and_never_prints() -> None:
    """allocator/web reads the layers below it only, and returns pages instead of printing."""
    for path in sorted((ROOT / "allocator" / "web").rglob("*.py")):
        assert not any(m.startswith("allocator.cli") for m in _imports(path)), path
        calls = [
            n
            for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
        ]
        assert not calls, f"{path} prints"


def test_nothing_outside_the_web_room_imports_it() -> None:
    """No module outside the room imports allocator.web (the command line names
    ``allocator.web.serve`` as a string and loads it when ``allocator serve`` runs)."""
    for path in sorted((ROOT / "allocator").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("allocator/web/"):
            continue
        assert not any(m.startswith("allocator.web") for m in _imports(path)), rel
