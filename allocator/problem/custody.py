"""Custody cases (OMiC): the POM to COM handover date and the allocate-by date, derived from the
sentence and release facts when the input gives them.

docs/domain.md, "Custody cases (OMiC)"; seed 001 (OMiC criteria: a sentence of 20 months or more, or
more than 10 months left to serve at sentence, hands over 7.5 months before release; otherwise
12 weeks before); seed 002 (a report comes 28 days before the handover, so the COM is
allocated by then). The numbers are policy. A handover or allocate-by date the input gives
stands: it is what the prison's record says.

Months are turned into days at the mean calendar month (365.25 / 12 days): 7.5 months is 228
days. A date within a few days of the prison's is all a priority needs.
"""

import datetime as dt

from models.case import Case
from models.enums import CaseType
from models.policy import Policy

_DAYS_PER_MONTH = 365.25 / 12


def meets_omic_criteria(case: Case, policy: Policy) -> bool:
    """A sentence of the policy's months or more, or more than its months left to serve."""
    long_sentence = (
        case.sentence_months is not None and case.sentence_months >= policy.omic_sentence_months
    )
    long_left = (
        case.months_to_serve_at_sentence is not None
        and case.months_to_serve_at_sentence > policy.omic_left_to_serve_months
    )
    return long_sentence or long_left


def handover_date(case: Case, policy: Policy) -> dt.date | None:
    """The given handover date, else the one the release date gives, else None."""
    if case.handover_date is not None:
        return case.handover_date
    if case.case_type != CaseType.CUSTODY or case.release_date is None:
        return None
    if meets_omic_criteria(case, policy):
        before = dt.timedelta(days=round(policy.omic_long_handover_months * _DAYS_PER_MONTH))
    else:
        before = dt.timedelta(weeks=policy.omic_short_handover_weeks)
    return case.release_date - before


def allocate_by(case: Case, policy: Policy) -> dt.date | None:
    """The given allocate-by date, else the handover date less the report's lead time."""
    if case.allocate_by is not None:
        return case.allocate_by
    handover = handover_date(case, policy)
    if handover is None:
        return None
    return handover - dt.timedelta(days=policy.omic_report_days_before_handover)
