"""A large day's lines explained part by part, beside each PDU's search.

The large method solves each PDU as its own part (``allocator.solve.large``); explaining and
annotating a part's lines and explaining a part's blocked cases read only its own cases and
practitioners (a case never leaves its PDU), so each part does it in its worker right after
its search (``ExplainPart``, handed to the solver as its ``finish``) and the caller merges the
parts' answers in the day's case order (``merge_parts``). The lines are the ones ``explain_all``
and ``annotate`` give on the whole day, byte for byte (tests/engine/test_parts.py).

A part solved in a forked worker sends its answer back pickled: its lines travel as the
tuples of their fields' values, the oversight's too, with equal strings shared (a region's
49,000 reasons, names and phrases are 63,000 distinct strings), and are rebuilt without
re-validation (``trusted``). Measured on a region's lines with the collector paused (as in
``propose``): 7.4 MB pickled in 0.29 CPU s in the workers (0.55 and 22.7 MB as models),
unpickled and rebuilt in 0.27 in the caller (0.28 as models). A part solved in the caller's
own process keeps its models as they are.
"""

import os
from dataclasses import dataclass, field
from typing import Any

from allocator.engine.explain import Ranked, explain_all, explain_blocked
from allocator.engine.line_oversight import annotate
from allocator.engine.next_question import with_displacement
from allocator.engine.trusted import trusted
from allocator.problem.assignment import AssignmentState
from allocator.problem.day import Assignment, Day
from allocator.rules.eligibility import Eligibility
from models.proposal import BlockedCase, LineOversight, ProposalLine

_LINE_FIELDS = tuple(ProposalLine.model_fields)
_OVERSIGHT_FIELDS = tuple(LineOversight.model_fields)
_OVERSIGHT = _LINE_FIELDS.index("oversight")


@dataclass(frozen=True)
class PartLines:
    """One part's explained lines and blocked cases, keyed by case id."""

    lines: dict[str, ProposalLine | tuple[Any, ...]]
    """Each allocated case's line: the model, or, from another process, its packed values
    (``_packed``)."""
    blocked: dict[str, BlockedCase]


@dataclass(frozen=True)
class ExplainPart:
    """The large method's ``finish``: a part's lines explained and annotated, its blocked cases
    explained and their displacement named, against the part's own assignment (alternatives
    are not priced by the large method)."""

    ranked: Ranked
    caller: int = field(default_factory=os.getpid)
    """The process that merges the parts: a part solved there keeps its models."""

    def __call__(
        self, day: Day, elig: Eligibility, assignment: Assignment, cases: list[str]
    ) -> PartLines:
        explained, left = explain_all(day, elig, assignment, self.ranked, 0, cases=cases)
        pack = os.getpid() != self.caller
        shared: dict[str, str] = {}
        lines: dict[str, ProposalLine | tuple[Any, ...]] = {}
        for line in explained:
            line = annotate(day, line)
            lines[line.case_id] = _packed(line, shared) if pack else line
        blocked = {b.case_id: with_displacement(day, elig, assignment, b) for b in left}
        return PartLines(lines, blocked)


def _packed(line: ProposalLine, shared: dict[str, str]) -> tuple[Any, ...]:
    """``line``'s values in the model's order, its oversight's values in place of the model,
    each string replaced by the first equal one the part packed (pickled once)."""
    values = [shared.setdefault(v, v) if isinstance(v, str) else v for v in line.__dict__.values()]
    values[_OVERSIGHT] = tuple(values[_OVERSIGHT].__dict__.values())
    return tuple(values)


def _unpacked(values: tuple[Any, ...]) -> ProposalLine:
    """The line ``_packed`` gave the values of, without re-validation."""
    fields = dict(zip(_LINE_FIELDS, values, strict=True))
    fields["oversight"] = trusted(
        LineOversight, dict(zip(_OVERSIGHT_FIELDS, values[_OVERSIGHT], strict=True))
    )
    return trusted(ProposalLine, fields)


def merge_parts(
    day: Day, elig: Eligibility, assignment: Assignment, parts: list[PartLines]
) -> tuple[list[ProposalLine], list[BlockedCase]]:
    """Every line and blocked case of the day in case order, as ``explain_all`` gives them:
    the parts' own, and the cases in no part (nobody may take them) explained here against
    the whole assignment."""
    lines: dict[str, ProposalLine | tuple[Any, ...]] = {}
    blocked: dict[str, BlockedCase] = {}
    for part in parts:
        lines.update(part.lines)
        blocked.update(part.blocked)
    out_lines: list[ProposalLine] = []
    out_blocked: list[BlockedCase] = []
    view: AssignmentState | None = None
    for c in day.cases:
        line = lines.get(c.id)
        if line is not None:
            out_lines.append(_unpacked(line) if isinstance(line, tuple) else line)
        elif c.id in blocked:
            out_blocked.append(blocked[c.id])
        else:  # in no part: only a case nobody may take
            if c.id in assignment:
                raise RuntimeError(f"case {c.id} is allocated but no part explained it")
            view = view or AssignmentState.of(day, assignment)
            b = explain_blocked(day, elig, view, view, c.id)
            out_blocked.append(with_displacement(day, elig, assignment, b))
    return out_lines, out_blocked
