"""Who is at the keyboard: the identity every decision and key rotation is recorded under.

The identity is configured, not typed per command: ``ALLOCATOR_IDENTITY``, else ``identity`` in
the allocator config file (``ALLOCATOR_CONFIG``, or ``config.toml`` in the user's configuration
folder), else the operating-system user. It is validated by the store (one printable line,
bounded length) before anything is recorded.
"""

import getpass
import os
import tomllib
from pathlib import Path

from allocator.store import BadRequest
from allocator.store.identity import validate_identity
from allocator.store.keys import config_dir


def config_path() -> Path:
    """``ALLOCATOR_CONFIG``, or ``config.toml`` in the user's configuration folder."""
    given = os.environ.get("ALLOCATOR_CONFIG")
    return Path(given) if given else config_dir() / "config.toml"


def config_value(key: str) -> object | None:
    """``key`` from the allocator config file, or None when the file or the key is absent."""
    path = config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise BadRequest(
            f"{path}: not a readable TOML config file ({type(err).__name__})"
        ) from None
    return data.get(key)


def _from_config(path: Path) -> str | None:
    value = config_value("identity")
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{path}: 'identity' must be a string")
    return value


def configured_identity() -> str:
    """The configured identity, validated; a ``BadRequest`` if it is unusable."""
    env = os.environ.get("ALLOCATOR_IDENTITY")
    if env is not None:
        return validate_identity(env, "ALLOCATOR_IDENTITY")
    path = config_path()
    from_file = _from_config(path)
    if from_file is not None:
        return validate_identity(from_file, f"'identity' in {path}")
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        raise BadRequest(
            "no identity: set ALLOCATOR_IDENTITY or 'identity' in the allocator config file"
        ) from None
    return validate_identity(user, "the operating-system user name")


def identity_for(by: str | None) -> str:
    """The identity to record: the configured one; ``--by``, if given, must equal it."""
    me = configured_identity()
    if by is not None and by.strip() != me:
        raise BadRequest(
            "--by does not match the configured identity: decisions are recorded under "
            "ALLOCATOR_IDENTITY, the config file's 'identity', or the operating-system user; "
            "leave --by out"
        )
    return me
