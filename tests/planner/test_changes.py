"""Change files: where a key is written, so that a problem can name its line."""

from allocator.planner.changes import key_lines


def test_key_lines_places_tables_array_entries_and_their_keys():
    """The second [[move]] and its to_pod, a [policy] key and a top-level key each get their
    line; a key inside an inline table gets none (its message then names only the key)."""
    text = (
        'name = "A"\n'
        "\n"
        "[[move]]\n"
        'practitioner = "P1"\n'
        'to_pod = "POD2"\n'
        "[[move]]\n"
        'practitioner = "P2"\n'
        'to_pod = "POD3"\n'
        "[policy]\n"
        "capacity_ceiling_pct = 105\n"
        '[[keep]]\ncase = "H1"\nrationale = { text = "r" }\n'
    )
    lines = key_lines(text)
    assert (lines["name"], lines["move[0]"], lines["move[1]"], lines["move[1].to_pod"]) == (
        1,
        3,
        6,
        8,
    )
    assert lines["policy.capacity_ceiling_pct"] == 10
    assert "keep[0].rationale.text" not in lines and lines["keep[0].rationale"] == 13
