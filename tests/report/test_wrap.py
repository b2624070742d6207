"""The fast word wrap gives ``textwrap.wrap``'s result on every text."""

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.report.wrap import wrap

_WORDS = st.sampled_from(
    [
        "To",
        "Synthetic",
        "PO",
        "0002",
        "(PO,",
        "POD",
        "SYN-POD-0001):",
        "case-holding",
        "a",
        "--",
        "x--y",
        "well-known",
        "",
        " ",
        "\t",
        "\n",
        "verylongwordwithoutanyhyphenatall",
        "ab-cd-ef-gh-ij-kl-mn",
        "é",
        "\xa0",
        "1500",
        "of",
        "excluded;",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=40), st.sampled_from([" ", "  ", " \t"]), st.integers(1, 70))
def test_wrap_is_textwraps_wrap(words: list[str], sep: str, width: int) -> None:
    """Joined words with hyphens, long words, tabs, newlines and runs of spaces: always the
    same lines as ``textwrap.wrap`` at the same width."""
    text = sep.join(words)
    assert wrap(text, width) == textwrap.wrap(text, width)


def test_a_reason_wraps_at_word_boundaries() -> None:
    """A typical reason, 40 wide: the same lines as textwrap, none longer than the width."""
    text = (
        "To Synthetic PO 0002 (PO, POD SYN-POD-0001): 1500 of 1533 practitioners excluded "
        "(PDU scope 1403, grade vs tier 77); of the 33 eligible, placed by the large-scale search."
    )
    lines = wrap(text, 40)
    assert lines == textwrap.wrap(text, 40)
    assert max(map(len, lines)) <= 40
