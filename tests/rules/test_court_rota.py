"""Court rota (seed 003, chapter 2): the writer is a member of a court team that covers the
court, is on its rota on the hearing date, and is not absent that day."""

from tests.builders import DAY, day_of
from tests.court_builders import court_scenario, report, writer
from tests.rules.support import excluded, reason


def _day():  # type: ignore[no-untyped-def]
    people = [
        writer("ON", name="Olu Onrota"),
        writer("OTHER", name="Ola Othercourt", courts=("CRT2",), team="CT2"),
        writer("NOTEAM", name="Nia Noteam", team=None),
        writer("OFFROTA", name="Fay Offrota", courts=()),
        writer(
            "AWAY",
            name="Ari Away",
            absences=[{"start": DAY.isoformat(), "end": DAY.isoformat(), "kind": "training"}],
        ),
        writer("WRONGTEAM", name="Wes Wrongteam", team="CT2"),
    ]
    return day_of(court_scenario(people, [report("R1")]))


def test_only_a_present_team_member_on_the_rota_writes_the_report() -> None:
    """Of six writers, only the one in CT1 (covering CRT1) on CRT1's rota today and present
    is eligible; each other one fails the rule with its own sentence."""
    day, elig = _day()
    assert elig.candidates["R1"] == ["ON"]
    assert excluded(elig, "R1") == {"OTHER", "NOTEAM", "OFFROTA", "AWAY", "WRONGTEAM"}
    assert reason(day, "court_rota", "R1", "NOTEAM") == (
        "Nia Noteam is not in a court team that covers Synthetic Magistrates 1."
    )
    assert reason(day, "court_rota", "R1", "WRONGTEAM") == (
        "Wes Wrongteam is not in a court team that covers Synthetic Magistrates 1."
    )
    assert reason(day, "court_rota", "R1", "OFFROTA") == (
        f"Fay Offrota is not on the court rota at Synthetic Magistrates 1 on {DAY.isoformat()}."
    )
    assert reason(day, "court_rota", "R1", "AWAY") == (
        f"Ari Away is absent on {DAY.isoformat()}, the day of the hearing."
    )


def test_supervision_cases_are_not_bound_by_the_rota() -> None:
    """A supervision case on the same day ignores the court rota: the writer off the rota and
    outside any team may hold it."""
    from tests.builders import case

    people = [writer("NOTEAM", team=None, courts=())]
    day, elig = day_of(court_scenario(people, [case("C1")]))
    assert elig.candidates["C1"] == ["NOTEAM"]
    assert reason(day, "court_rota", "C1", "NOTEAM") is None
