"""The two kinds of thing a day allocates, and which kind each rule and term applies to.

A line allocates either a supervision case (it has a tier, points by tier, safety facts) or a
court's pre-sentence report request (``Case.report``: no tier, points by report type; seed 003,
chapter 2). Every hard rule and every soft term declares ``applies_to`` on its class, so that a
rule that reads a tier is never asked about a report and a rule about the court rota is never
asked about a supervision case. The declaration is the contract: eligibility, the checker, the
solver adapter and the explanations all ask ``applies`` rather than testing a rule's name.
"""

from typing import Literal

from models.case import Case

Applies = Literal["supervision", "reports", "both"]
"""What a rule or term applies to: supervision cases, report requests, or both."""

CaseKind = Literal["supervision", "report"]


def kind_of(case: Case) -> CaseKind:
    """A case with a report request is a report; any other case is a supervision case."""
    return "report" if case.report is not None else "supervision"


def applies(applies_to: Applies, case: Case) -> bool:
    """Whether a rule or term declared ``applies_to`` speaks about ``case``."""
    if applies_to == "both":
        return True
    return (applies_to == "reports") == (case.report is not None)
