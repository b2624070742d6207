"""How a case's tier was reached: the output of ``allocator tier`` and of tier derivation.

A derivation never carries special-category values: steps name the kind of factor and the
points it gave ("women-specific factors: 4 points"), never which flags, registrations, needs or
women-specific factors a case has.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.policy import RiskBand

StepAxis = Literal["risk", "needs", "band", "additional_factor", "supervision"]


class DerivationStep(BaseModel):
    """One fact that moved the tier: which axis it counts on, and what it gave."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    axis: StepAxis = Field(
        description="What the step counts towards: 'risk' points and 'needs' points (unified "
        "tiering), the risk 'band' and the 'additional_factor' variant (NPS 2016), and "
        "'supervision' (the unsupervised suffix)."
    )
    factor: str = Field(
        min_length=1,
        description="The kind of fact, for example 'RSR', 'RoSH', 'MAPPA level', 'complexity "
        "registrations'; never a special-category value.",
    )
    points: int = Field(
        description="Points the step added (0 when it added none, and in frameworks that count no "
        "points, such as NPS 2016)."
    )
    note: str = Field(
        description="In plain words, what the fact was and how the framework read it."
    )


class TierDerivation(BaseModel):
    """A case's tier under one framework, with every step that reached it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_id: str = Field(description="The case's reference number.")
    framework: str = Field(
        description="Name of the tiering framework used, for example 'unified_2021'."
    )
    tier: str = Field(
        description="The tier code: a tier of the framework, with the unsupervised suffix ('S', "
        "for example 'B2S') when the case is unsupervised."
    )
    given: bool = Field(
        description="True when the case carried its tier (it is then passed through, not derived)."
    )
    risk_letter: RiskBand = Field(description="The risk letter (band) of the tier, A highest.")
    needs_digit: int | None = Field(
        None,
        description="The needs digit of a derived unified tier; None for a given tier and for "
        "frameworks without a needs axis.",
    )
    risk_points: int | None = Field(
        None, description="Risk points of a derived unified tier; None when no points were counted."
    )
    needs_points: int | None = Field(
        None,
        description="Needs points of a derived unified tier; None when no points were counted (a "
        "given tier, no mandate for change, no valid assessment, or no needs axis).",
    )
    steps: list[DerivationStep] = Field(
        default_factory=list,
        description="The steps of the derivation, in the order they were read.",
    )
    missing: list[str] = Field(
        default_factory=list,
        description="Facts that were missing and how each was treated, in plain words.",
    )
