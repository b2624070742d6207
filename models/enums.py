"""Closed vocabularies of the domain (docs/domain.md, "The people and the units").

Values are the strings that appear in scenario files, so they are lower-case and stable.
"""

from enum import IntEnum, StrEnum


class Grade(StrEnum):
    """Staff grade. Only PO, PSO and PQIP hold cases; SPO and CA are counted for POD checks."""

    PO = "PO"
    PSO = "PSO"
    PQIP = "PQIP"
    SPO = "SPO"
    CA = "CA"

    @property
    def label(self) -> str:
        """The grade as staff write it (PQiP, not PQIP)."""
        return "PQiP" if self is Grade.PQIP else self.value

    @property
    def with_article(self) -> str:
        """'a PO', 'an SPO', 'a PQiP'."""
        return f"an {self.label}" if self is Grade.SPO else f"a {self.label}"


CASE_HOLDING_GRADES: frozenset[Grade] = frozenset({Grade.PO, Grade.PSO, Grade.PQIP})


class Rosh(StrEnum):
    """Risk of Serious Harm level."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def order(self) -> int:
        """Position from low (0) to very high (3), for comparisons."""
        return list(Rosh).index(self)


class MappaCategory(IntEnum):
    """MAPPA category: 1 registered sexual offenders, 2 violent, 3 other dangerous, 4 terrorism."""

    ONE = 1
    TWO = 2
    THREE = 3
    FOUR = 4


class MappaLevel(IntEnum):
    """MAPPA management level, 1 (ordinary agency) to 3 (multi-agency public protection panel)."""

    ONE = 1
    TWO = 2
    THREE = 3


class CaseFlag(StrEnum):
    """Registrations and flags on a case that rules and objectives read."""

    SEXUAL_OFFENDING = "sexual_offending"
    DOMESTIC_ABUSE = "domestic_abuse"
    TERRORISM = "terrorism"
    CHILD_PROTECTION = "child_protection"
    IOM = "iom"
    VULNERABILITY = "vulnerability"
    SERIOUS_MENTAL_HEALTH = "serious_mental_health"


class CaseCategory(StrEnum):
    """Case categories an SPO confirms a practitioner ready for (seed 001)."""

    @property
    def label(self) -> str:
        """The category as staff write it."""
        return {"mappa": "MAPPA", "omic": "OMiC"}.get(self.value, self.value.replace("_", " "))

    MAPPA = "mappa"
    SEXUAL_OFFENDING = "sexual_offending"
    DOMESTIC_ABUSE = "domestic_abuse"
    TERRORISM = "terrorism"
    OMIC = "omic"
    CHILD_PROTECTION = "child_protection"


class CaseType(StrEnum):
    """How the case is supervised; selects the column of the workload points table."""

    COMMUNITY = "community"
    CUSTODY = "custody"
    LICENCE = "licence"


class AllocationReason(StrEnum):
    """Why a case is on today's list, with the live service's reallocation reason codes."""

    INITIAL_ALLOCATION = "initial_allocation"
    CHANGE_IN_TIER = "change_in_tier"
    CASELOAD_ADJUSTMENT = "caseload_adjustment"
    CHANGE_OF_ADDRESS = "change_of_address"
    OFFICER_LEFT = "officer_left"
    RISK_TO_STAFF = "risk_to_staff"
    TRANSFER_IN = "transfer_in"
    OTHER = "other"


class VisorMode(StrEnum):
    """ViSOR policy: strict needs a vetted holder; transitional allows a vetted PDU colleague."""

    STRICT = "strict"
    TRANSITIONAL = "transitional"


class NeedArea(StrEnum):
    """Criminogenic need areas of the unified tiering needs axis (docs/domain.md)."""

    ACCOMMODATION = "accommodation"
    EDUCATION_EMPLOYMENT = "education_employment"
    RELATIONSHIPS = "relationships"
    LIFESTYLE = "lifestyle"
    DRUGS = "drugs"
    ALCOHOL = "alcohol"
    THINKING_BEHAVIOUR = "thinking_behaviour"
    ATTITUDES = "attitudes"


class Severity(StrEnum):
    """Severity of an assessed need."""

    STANDARD = "standard"
    SEVERE = "severe"
