"""Pydantic contracts for the allocation engine.

This package sits at the bottom of the import graph: it imports nothing of ours, no ortools
and no click, so that every other room (rules, checker, solver, IO, CLI) can share one
vocabulary. ``Scenario.model_json_schema()`` is the documentation of the input format.
"""

from models.case import Case, Need, Preference, RiskFacts
from models.check import Violation
from models.enums import (
    AllocationReason,
    CaseCategory,
    CaseFlag,
    CaseType,
    Grade,
    MappaCategory,
    MappaLevel,
    NeedArea,
    Rosh,
    Severity,
    VisorMode,
)
from models.policy import (
    GradeAllowance,
    GradeRule,
    ObjectiveSetting,
    Policy,
    TierDefinition,
    TieringFramework,
)
from models.proposal import (
    Alternative,
    BlockedCase,
    ObjectiveValue,
    Proposal,
    ProposalLine,
    RunInfo,
)
from models.scenario import Scenario
from models.staff import Absence, Holding, Office, Pdu, Pod, Practitioner

__all__ = [
    "Absence",
    "AllocationReason",
    "Alternative",
    "BlockedCase",
    "Case",
    "CaseCategory",
    "CaseFlag",
    "CaseType",
    "Grade",
    "GradeAllowance",
    "GradeRule",
    "Holding",
    "MappaCategory",
    "MappaLevel",
    "Need",
    "NeedArea",
    "ObjectiveSetting",
    "ObjectiveValue",
    "Office",
    "Pdu",
    "Pod",
    "Policy",
    "Practitioner",
    "Preference",
    "Proposal",
    "ProposalLine",
    "RiskFacts",
    "Rosh",
    "RunInfo",
    "Scenario",
    "Severity",
    "TierDefinition",
    "TieringFramework",
    "Violation",
    "VisorMode",
]
