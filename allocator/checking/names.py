"""Finding practitioner names in free text, in one pass over its words.

A reason may name the practitioner, an alternative, a ViSOR colleague or the practitioners a
rule stops; the checker finds every scenario name a text mentions and compares them with the
names it may mention. A region has thousands of practitioners and 50,000 reasons, so names are
matched word by word through a trie (a text is read once, whatever the number of names),
never one regular expression or substring search per name.
"""

import re
from collections.abc import Iterable

_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")
_END = ""


def words(text: str) -> list[str]:
    """The words of ``text``, as names and texts are both split."""
    return _WORD.findall(text)


class NameFinder:
    """The scenario's practitioner names, to be found in texts (longest match at each word)."""

    def __init__(self, names: Iterable[str]) -> None:
        self._root: dict[str, dict] = {}  # type: ignore[type-arg]
        self._seen: dict[str, frozenset[str]] = {}
        for name in names:
            node = self._root
            tokens = words(name)
            if not tokens:
                continue
            for token in tokens:
                node = node.setdefault(token, {})
            node[_END] = name  # type: ignore[assignment]

    def find(self, text: str) -> set[str]:
        """Every scenario name ``text`` mentions (as whole words): a fresh set. A region's
        reasons repeat (one per practitioner and eligibility class, not one per line), so
        each distinct text is read once."""
        known = self._seen.get(text)
        if known is None:
            known = self._seen[text] = frozenset(self._find(text))
        return set(known)

    def _find(self, text: str) -> set[str]:
        tokens = words(text)
        found: set[str] = set()
        for i in range(len(tokens)):
            node = self._root
            longest = None
            for token in tokens[i:]:
                nxt = node.get(token)
                if nxt is None:
                    break
                node = nxt
                if _END in node:
                    longest = node[_END]
            if longest is not None:
                found.add(longest)  # type: ignore[arg-type]
        return found
