"""Every file the command line writes is private (0600), whatever the user's umask: scenarios
and CSV folders hold personal data."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli import main


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """A umask that would make files world-readable if the project left it to the umask."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_generate_and_convert_write_private_files(tmp_path: Path) -> None:
    """generate's scenario, convert's CSV folder and the JSON converted back are all 0600."""
    scenario = tmp_path / "gen.json"
    r = CliRunner().invoke(
        main, ["generate", "--size", "pod", "--seed", "1", "--out", str(scenario)]
    )
    assert r.exit_code == 0, r.output
    assert _mode(scenario) == 0o600
    folder = tmp_path / "csv"
    r = CliRunner().invoke(main, ["convert", str(scenario), str(folder)])
    assert r.exit_code == 0, r.output
    files = sorted(folder.iterdir())
    assert files
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    back = tmp_path / "back.json"
    r = CliRunner().invoke(main, ["convert", str(folder), str(back)])
    assert r.exit_code == 0, r.output
    assert _mode(back) == 0o600
