"""The web room sits beside the command line: it never imports ``allocator.cli``, never prints,
and nothing below it imports it."""

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


def test_nothing_below_the_web_room_imports_it() -> None:
    """Only the command line (``serve``, ``users``) may import allocator.web."""
    for path in sorted((ROOT / "allocator").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("allocator/web/", "allocator/cli/")):
            continue
        assert not any(m.startswith("allocator.web") for m in _imports(path)), rel
