"""The independent checker's findings."""

from pydantic import BaseModel, ConfigDict, Field


class Violation(BaseModel):
    """One way a proposal breaks a hard rule or misreports the scenario."""

    model_config = ConfigDict(extra="forbid")

    rule: str = Field(description="The hard rule (or 'proposal' for a structural problem).")
    case_id: str | None = Field(None, description="The case concerned, if any.")
    practitioner_id: str | None = Field(None, description="The practitioner concerned, if any.")
    message: str = Field(description="What is wrong, in one sentence.")
