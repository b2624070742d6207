"""Lines are built without re-validation (``model_construct``): they must be exactly what the
models' own validation would make of them, on the large method's days and CP-SAT's."""

from allocator import SolveSettings, propose
from allocator.bench.instances import instance
from allocator.io.policy_files import bundled_policy
from models.proposal import Proposal


def _revalidated_equal(p: Proposal) -> None:
    again = Proposal.model_validate_json(p.model_dump_json())
    assert again == p
    assert again.model_dump_json() == p.model_dump_json()
    for line, back in zip(p.lines, again.lines, strict=True):
        assert type(back.oversight) is type(line.oversight)
        assert all(
            type(a) is type(b) for a, b in zip(line.alternatives, back.alternatives, strict=True)
        )


def test_daily_lines_with_alternatives_equal_their_validated_form() -> None:
    """A generated daily day (CP-SAT, two priced alternatives per line): every line, its
    alternatives and oversight equal the validated copy read back from its JSON."""
    p = propose(instance("daily", 2), bundled_policy(), SolveSettings())
    assert p.lines and any(line.alternatives for line in p.lines)
    _revalidated_equal(p)


def test_large_method_lines_equal_their_validated_form() -> None:
    """A generated PDU's whole caseload by the large method: the same holds."""
    p = propose(instance("1k", 1), bundled_policy(), SolveSettings(method="large"))
    assert len(p.lines) > 500
    _revalidated_equal(p)


def test_a_trusted_model_must_be_given_every_field() -> None:
    """``trusted`` refuses values that leave a field out (a default would silently be missing
    from the instance) or name one the model does not have."""
    import pytest

    from allocator.engine.trusted import trusted
    from models.proposal import LineOversight

    full = {"needed": True, "level": 2, "triggers": ["t"], "why": ["w"]}
    made = trusted(LineOversight, full)
    assert made == LineOversight.model_validate(full)
    assert made.model_dump_json() == LineOversight.model_validate(full).model_dump_json()
    with pytest.raises(ValueError, match="missing \\['why'\\]"):
        trusted(LineOversight, {k: v for k, v in full.items() if k != "why"})
    with pytest.raises(ValueError, match="unknown \\['colour'\\]"):
        trusted(LineOversight, {**full, "colour": "red"})


def test_a_trusted_model_must_be_given_its_fields_in_order() -> None:
    """Pydantic writes an instance's fields in the order it holds them: ``trusted`` refuses
    another order, which would change the proposal's bytes."""
    import pytest

    from allocator.engine.trusted import trusted
    from models.proposal import LineOversight

    with pytest.raises(ValueError, match="out of order"):
        trusted(LineOversight, {"level": 2, "needed": True, "triggers": [], "why": []})
