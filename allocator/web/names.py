"""Synthetic display names for cases: the scenario carries a CRN-style id and no name.

The live service shows a name beside the CRN; this engine's data has none (synthetic data
only). A name derived from the id, the same every time, lets an SPO talk about "the case of
Alex Carter" in a walkthrough without anyone's real name entering the system.
"""

import hashlib

_FIRST = (
    "Alex",
    "Sam",
    "Jordan",
    "Casey",
    "Robin",
    "Charlie",
    "Jamie",
    "Morgan",
    "Taylor",
    "Drew",
    "Avery",
    "Riley",
    "Quinn",
    "Rowan",
    "Sasha",
    "Kit",
    "Ellis",
    "Reese",
    "Jules",
    "Frankie",
)
_LAST = (
    "Carter",
    "Hughes",
    "Patel",
    "Okafor",
    "Evans",
    "Byrne",
    "Nowak",
    "Khan",
    "Price",
    "Doyle",
    "Murray",
    "Shah",
    "Lloyd",
    "Reid",
    "Walsh",
    "Owen",
    "Fraser",
    "Mensah",
    "Booth",
    "Hale",
)


def synthetic_name(case_id: str) -> str:
    """A made-up name for the case, stable for its id."""
    h = int.from_bytes(hashlib.sha256(case_id.encode()).digest()[:4], "big")
    return f"{_FIRST[h % len(_FIRST)]} {_LAST[(h // len(_FIRST)) % len(_LAST)]}"
