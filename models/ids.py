"""Named id types, so that signatures say which kind of id they take."""

from typing import Annotated

from pydantic import StringConstraints

_ID = StringConstraints(
    strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$"
)

CaseId = Annotated[str, _ID]
PractitionerId = Annotated[str, _ID]
PodId = Annotated[str, _ID]
PduId = Annotated[str, _ID]
OfficeId = Annotated[str, _ID]
CourtId = Annotated[str, _ID]
CourtTeamId = Annotated[str, _ID]
