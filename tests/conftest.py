"""What every test shares: a private configuration, so that no test reads or writes the real
user's identity, chain key or witness file."""

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test gets its own configuration folder, chain key file and identity ("A. Senior"),
    so no test reads or writes the real user's, and worker processes inherit them."""
    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("ALLOCATOR_CHAIN_KEY_FILE", str(home / "allocator" / "chain.key"))
    monkeypatch.setenv("ALLOCATOR_IDENTITY", "A. Senior")
    for name in (
        "ALLOCATOR_CONFIG",
        "ALLOCATOR_WITNESS_FILE",
        "ALLOCATOR_LOCK_TIMEOUT",
        "ALLOCATOR_RETENTION_DAYS",
    ):
        monkeypatch.delenv(name, raising=False)
    return home
