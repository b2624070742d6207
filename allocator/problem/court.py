"""The facts a court rule or term reads from a report request, derived once (seed 003, ch. 2).

Rules, terms, the checker and the explanations all ask these functions, so that "PO-only
category 5" or "an SDR is required" means one thing everywhere.
"""

from models.court import SHORT_FORMAT_TYPES, CourtTeam, ReportFacts, ReportRequest, ReportType
from models.policy import Policy

PO_ONLY_CATEGORIES: dict[int, str] = {
    1: "a dangerousness assessment is needed",
    2: "a terrorist offence",
    3: "serious diagnosed mental health without a practitioner's or psychiatric report on the day",
    4: "indications of serious mental health or vulnerability without a diagnosis",
    5: "high or very high risk domestic abuse",
    6: "medium, high or very high risk sexual offending",
    7: "complex or serious child safeguarding",
    8: "serious organised crime",
    9: "extra information is needed to assess the risk of serious harm",
}
"""The nine categories only a PO may write the report for, numbered as seed 003 numbers them."""

SDR_REQUIRED_CATEGORIES: frozenset[int] = frozenset({1, 2})
"""Categories 1 and 2 require a standard delivery report."""

_HIGH = ("high", "very_high")
_MEDIUM_UP = ("medium", "high", "very_high")


def po_only_categories(facts: ReportFacts) -> tuple[int, ...]:
    """The PO-only categories the facts meet, in seed order (empty: a trained PSO may write it)."""
    met = {
        1: facts.dangerousness_assessment,
        2: facts.terrorist_offence,
        3: facts.mental_health == "diagnosed_without_report",
        4: facts.mental_health == "indicated_without_diagnosis",
        5: facts.domestic_abuse_risk in _HIGH,
        6: facts.sexual_offending_risk in _MEDIUM_UP,
        7: facts.child_safeguarding == "complex_or_serious",
        8: facts.serious_organised_crime,
        9: facts.extra_risk_information_needed,
    }
    return tuple(n for n, yes in met.items() if yes)


def requires_sdr(facts: ReportFacts) -> bool:
    """True when a category that requires a standard delivery report applies (1 or 2)."""
    return any(n in SDR_REQUIRED_CATEGORIES for n in po_only_categories(facts))


def may_need_sdr(facts: ReportFacts) -> bool:
    """True when the case may need an SDR (an adjournment): complex, serious mental health,
    serious sexual or violent offending, serious child safeguarding. A manager's judgement."""
    return (
        facts.complex_case
        or facts.serious_sexual_or_violent
        or facts.mental_health in ("diagnosed_without_report", "indicated_without_diagnosis")
        or facts.child_safeguarding == "complex_or_serious"
    )


def type_to_write(request: ReportRequest) -> ReportType:
    """The report that will be written: an SDR where one is required, else the requested type."""
    return "standard_delivery" if requires_sdr(request.facts) else request.requested_type


def needs_adjournment(request: ReportRequest) -> bool:
    """True when an SDR is required but a shorter report was requested: the line is flagged and
    says an adjournment is needed."""
    return requires_sdr(request.facts) and request.requested_type != "standard_delivery"


def is_short_format(kind: ReportType) -> bool:
    """Oral and fast delivery reports are short format."""
    return kind in SHORT_FORMAT_TYPES


def completes_on_the_day(request: ReportRequest) -> bool:
    """True when the report written is oral or a fast delivery report due on the hearing day."""
    kind = type_to_write(request)
    return is_short_format(kind) and request.due_date == request.hearing_date


WMT_REPORT_KIND: dict[ReportType, str] = {
    "oral": "fast_delivery",
    "fast_delivery": "fast_delivery",
    "standard_delivery": "standard_delivery",
}
"""The WMT report kind a report counts as: an oral report counts as a fast delivery report."""


def report_points(request: ReportRequest, policy: Policy) -> int:
    """WMT points of the report written, from the policy's one table of report points
    (``workload.report_points``: SDR 138, fast delivery or conversion 65 by default), read as
    the reports a practitioner is already writing are read."""
    return policy.workload.report_points.get(WMT_REPORT_KIND[type_to_write(request)], 0)


def court_team_of(teams: list[CourtTeam]) -> dict[str, str]:
    """Court id -> the court team covering it (the lowest team id where several name it): the
    team whose PO share a request on that court counts in."""
    out: dict[str, str] = {}
    for team in sorted(teams, key=lambda t: t.id):
        for court in team.court_ids:
            out.setdefault(court, team.id)
    return out


def report_band(request: ReportRequest) -> str:
    """The priority band of a report request, read where the unallocated term and the search
    order read a supervision case's risk band: A for a high or very high indicative RoSH, B for
    a medium one or any PO-only category, C otherwise. A report has no tier; the band only
    ranks which request is worst to leave unwritten (an engine assumption, docs/domain.md)."""
    rosh = request.indicative_rosh.value if request.indicative_rosh is not None else None
    if rosh in ("high", "very_high"):
        return "A"
    if rosh == "medium" or po_only_categories(request.facts):
        return "B"
    return "C"
