"""The chain key: an HMAC-SHA256 key held outside the database, in a 0600 file.

With the key, every record's ``hash`` is an HMAC of its canonical form, so a row inserted or
re-hashed through SQL by anyone without the key file fails ``allocator audit verify``. The file
holds every key the chain has used, one per line (``<key id> <64 hex>``), the newest last: a
rotation (``allocator audit rotate-key``) appends a new key and records the change in the
chain, and the old keys stay to verify the records made with them.

The file is ``ALLOCATOR_CHAIN_KEY_FILE``, or ``chain.key`` in the user's configuration folder
(``$XDG_CONFIG_HOME/allocator`` or ``~/.config/allocator``); it is created on the first write.
Keep a copy somewhere safe: without it the chain can no longer be verified.
"""

import hashlib
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from allocator.store.errors import StoreUnavailable
from allocator.store.files import write_private

_LINE = re.compile(r"^([0-9a-f]{16}) ([0-9a-f]{64})$")


def config_dir() -> Path:
    """The user's configuration folder for the allocator."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "allocator"


def default_key_path() -> Path:
    """``ALLOCATOR_CHAIN_KEY_FILE``, or ``chain.key`` in the configuration folder."""
    given = os.environ.get("ALLOCATOR_CHAIN_KEY_FILE")
    return Path(given) if given else config_dir() / "chain.key"


def key_id(key: bytes) -> str:
    """A short public name for a key (it reveals nothing about the key)."""
    return hashlib.sha256(b"allocator chain key id\0" + key).hexdigest()[:16]


@dataclass
class ChainKeys:
    """The keys in one key file, oldest first; the last is the one new records use."""

    path: Path
    keys: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def at(cls, path: Path | None = None) -> "ChainKeys":
        """The keys in ``path`` (default: ``default_key_path()``); none if it does not exist."""
        out = cls(path or default_key_path())
        out.reload()
        return out

    def reload(self) -> None:
        """Read the file again (another process may have created or rotated it)."""
        self.keys = {}
        try:
            text = self.path.read_text(encoding="ascii")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as err:
            raise StoreUnavailable(f"{self.path}: cannot read the chain key file ({err})") from None
        for n, line in enumerate(text.splitlines(), start=1):
            m = _LINE.match(line.strip())
            if m is None or key_id(bytes.fromhex(m.group(2))) != m.group(1):
                raise StoreUnavailable(
                    f"{self.path} line {n}: not a chain key line (<key id> <64 hex digits>)"
                )
            self.keys[m.group(1)] = bytes.fromhex(m.group(2))

    @property
    def current_id(self) -> str | None:
        """The id of the newest key, or None when the file has none."""
        return next(reversed(self.keys), None)

    def current(self) -> tuple[str, bytes]:
        """The newest key, creating the file with a new random key on first use."""
        if not self.keys:
            key = secrets.token_bytes(32)
            write_private(self.path, f"{key_id(key)} {key.hex()}\n", exclusive=True)
            self.reload()  # another process may have won the race: use its key
        kid = self.current_id
        assert kid is not None
        return kid, self.keys[kid]

    def add_new(self) -> tuple[str, bytes]:
        """A new random key, appended to the file as the newest (the old ones stay)."""
        key = secrets.token_bytes(32)
        self.reload()
        lines = [f"{k} {v.hex()}" for k, v in self.keys.items()] + [f"{key_id(key)} {key.hex()}"]
        write_private(self.path, "\n".join(lines) + "\n")
        self.reload()
        return key_id(key), key
