"""Which practitioners may take which case, and why each other one may not.

Computed once per day from the hard rules alone (no solver): the solver creates a variable only
for an eligible pair, and the explanations count the exclusions by rule.
"""

from dataclasses import dataclass, field
from functools import cached_property

from allocator.day import Day
from allocator.rules.registry import HARD_RULES


@dataclass
class Eligibility:
    """Candidates per case, and every failed rule with its sentence per excluded pair."""

    candidates: dict[str, list[str]] = field(default_factory=dict)
    failures: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)

    @cached_property
    def _receivers(self) -> list[str]:
        return sorted({p for ps in self.candidates.values() for p in ps})

    def receivers(self) -> list[str]:
        """Practitioners who could take at least one of today's cases, in id order."""
        return self._receivers


def compute_eligibility(day: Day) -> Eligibility:
    """Evaluate every enabled rule on every (case, practitioner) pair of the day."""
    out = Eligibility()
    rules = [r for r in HARD_RULES if r.enabled(day)]
    for case in day.cases:
        cands: list[str] = []
        fails: dict[str, list[tuple[str, str]]] = {}
        for p in day.holders():
            failed = []
            for rule in rules:
                sentence = rule.excludes(day, case, p)
                if sentence is not None:
                    failed.append((rule.name, sentence))
            if failed:
                fails[p.id] = failed
            else:
                cands.append(p.id)
        out.candidates[case.id] = cands
        out.failures[case.id] = fails
    return out
