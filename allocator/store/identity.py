"""Who decides: a validated identity, never free text that could forge a line of the record.

The identity comes from the caller (the CLI's configured identity, the web service's signed-in
user); the store checks it is printable, one line and bounded, so it cannot inject a line into
the oversight export or a terminal escape into a listing.
"""

import unicodedata

from allocator.store.errors import BadRequest

MAX_IDENTITY = 120
# Control characters, format characters (bidi overrides, zero-width joiners), line and
# paragraph separators, surrogates, private use and unassigned code points.
_REFUSED = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def validate_identity(text: str, what: str = "the identity") -> str:
    """``text`` stripped, or a ``BadRequest`` saying what is wrong (without echoing it)."""
    value = text.strip()
    if not value:
        raise BadRequest(f"{what} is empty: every record must name the person who made it")
    if len(value) > MAX_IDENTITY:
        raise BadRequest(f"{what} is {len(value)} characters long: at most {MAX_IDENTITY}")
    bad = next((c for c in value if unicodedata.category(c) in _REFUSED), None)
    if bad is not None:
        raise BadRequest(
            f"{what} contains a control or invisible character (U+{ord(bad):04X}): "
            "use a plain one-line name"
        )
    return value
