"""The band-packing model on hand-checkable knapsacks: it counts cases, and a held case left
unplaced keeps its points with its holder."""

from allocator.solve.cpsat.pack import PackItem, pack_band


def test_two_small_cases_beat_one_big_one() -> None:
    """150 points of room: the start places the 146-point case; two 72-point cases fit."""
    items = [
        PackItem("BIG", 146, ("P1",)),
        PackItem("S1", 72, ("P1",)),
        PackItem("S2", 72, ("P1",)),
    ]
    packed = pack_band(items, {"P1": 150}, {"BIG": "P1"}, deterministic_time=1.0)
    assert packed == {"S1": "P1", "S2": "P1"}


def test_a_held_case_left_unplaced_still_fills_its_holder() -> None:
    """P1 holds H (100 points): placed or not, those 100 points are P1's, so only one case
    fits in 150 (H itself or nothing else); held by someone outside, S1 and S2 would fit."""
    held = [
        PackItem("H", 100, ("P1",), holder="P1", held_points=100),
        PackItem("S1", 72, ("P1",)),
        PackItem("S2", 72, ("P1",)),
    ]
    assert pack_band(held, {"P1": 150}, {}, deterministic_time=1.0) == {"H": "P1"}
    elsewhere = [
        PackItem("H", 100, ("P1",), holder="P9", held_points=100),
        PackItem("S1", 72, ("P1",)),
        PackItem("S2", 72, ("P1",)),
    ]
    assert pack_band(elsewhere, {"P1": 150}, {}, deterministic_time=1.0) == {
        "S1": "P1",
        "S2": "P1",
    }


def test_nothing_better_than_the_start_returns_none() -> None:
    """The start already places the most: the caller keeps its own answer."""
    items = [PackItem("A", 100, ("P1",)), PackItem("B", 100, ("P1",))]
    assert pack_band(items, {"P1": 150}, {"A": "P1"}, deterministic_time=1.0) is None
