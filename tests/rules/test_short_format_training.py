"""Short-format training (seed 003, chapter 2): an oral or fast delivery report is written by a
PO or a PSO trained for short-format reports; an SDR is not short format."""

from tests.builders import day_of
from tests.court_builders import court_scenario, report, writer
from tests.rules.support import excluded, reason


def _day(kind: str, **facts):  # type: ignore[no-untyped-def]
    people = [
        writer("PO1", name="Pat Officer", trained=False),
        writer("PSO1", "PSO", name="Sam Services"),
        writer("PSO2", "PSO", name="Una Untrained", trained=False),
        writer("PQ1", "PQIP", name="Lee Learner"),
    ]
    return day_of(court_scenario(people, [report("R1", kind, due_in_days=15, **facts)]))


def test_oral_and_fast_delivery_need_a_po_or_trained_pso() -> None:
    """For an oral and a fast delivery report, the untrained PSO and the PQiP are excluded;
    the PO needs no short-format training."""
    for kind in ("oral", "fast_delivery"):
        day, elig = _day(kind)
        assert excluded(elig, "R1") == {"PSO2", "PQ1"}, kind
    day, _ = _day("oral")
    assert reason(day, "short_format_training", "R1", "PSO2") == (
        "R1 is an oral report, written only by a PO or a PSO trained for short-format reports; "
        "Una Untrained is a PSO without that training."
    )


def test_an_sdr_needs_no_short_format_training() -> None:
    """A standard delivery report excludes nobody under this rule."""
    day, elig = _day("standard_delivery")
    assert excluded(elig, "R1") == set()
    assert reason(day, "short_format_training", "R1", "PSO2") is None


def test_a_request_that_must_become_an_sdr_is_not_short_format() -> None:
    """An oral request needing a dangerousness assessment is written as an SDR: the training
    rule does not apply (the PO-only rule still excludes the PSOs)."""
    day, elig = _day("oral", dangerousness_assessment=True)
    assert reason(day, "short_format_training", "R1", "PSO2") is None
    assert elig.first_failed("R1", "PSO2") == "po_only_report"
