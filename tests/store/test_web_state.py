"""The web service's shared state on both databases: sign-in failures counted per key within a
window, and the day shown, of which only the newest keeps its JSON."""

from allocator.store.web_state import SharedState


def test_failures_are_counted_per_key_within_the_window(db_url: str) -> None:
    """Two instances on one database count the same failures; old ones drop out of the
    window and are forgotten; a key can be cleared."""
    a, b = SharedState(db_url), SharedState(db_url)
    a.failed(["name:spo", "addr:1"], at=100.0, forget_before=0.0)
    b.failed(["name:spo"], at=200.0, forget_before=0.0)
    assert a.failures(["name:spo", "addr:1", "name:x"], since=50.0) == {
        "name:spo": 2,
        "addr:1": 1,
        "name:x": 0,
    }
    assert b.failures(["name:spo"], since=150.0) == {"name:spo": 1}
    b.forget("name:spo")
    assert a.failures(["name:spo", "addr:1"], since=0.0) == {"name:spo": 0, "addr:1": 1}


def test_the_newest_day_is_shown_and_a_known_start_day_keeps_an_upload(db_url: str) -> None:
    """A server's start day is recorded once; an upload replaces it and clears its JSON; the
    same start day again (a restart) keeps the upload; a new start day replaces it."""
    s = SharedState(db_url)
    s.start_day('{"day": 1}', "d1")
    first = s.newest_day()
    assert first is not None and first[1] == "d1" and s.day_json(first[0]) == '{"day": 1}'
    up = s.set_day('{"day": 2}', "d2", "upload", "planner")
    assert s.day_json(first[0]) is None and s.day_json(up) == '{"day": 2}'
    s.start_day('{"day": 1}', "d1")
    assert s.newest_day() == (up, "d2")
    s.start_day('{"day": 3}', "d3")
    newest = s.newest_day()
    assert newest is not None and newest[1] == "d3" and newest[0] > up
