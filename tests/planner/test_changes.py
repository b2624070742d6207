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


def test_a_change_applied_is_the_whole_scenario_edited_and_validated_again():
    """A new POD, a staff move into it and an hours change: the changed scenario (only its
    PODs and staff validated again) equals the whole scenario edited as data and validated
    from scratch, and the input is left as it was."""
    from allocator.planner.changes import apply_change, parse_change
    from models import Scenario
    from tests.builders import holding, policy, scenario, staff

    base = scenario([staff("P1"), staff("P2")], [], [holding("H1", "P1")])
    change = parse_change(
        {
            "new_pod": [{"id": "POD3", "pdu": "PDU1"}],
            "move": [{"practitioner": "P2", "to_pod": "POD3"}],
            "hours": [{"practitioner": "P1", "contracted_hours": 30}],
        },
        "c.toml",
    )
    changed, _ = apply_change(base, policy(), change)
    data = base.model_dump(mode="json")
    data["pods"].append({"id": "POD3", "name": "POD3", "pdu_id": "PDU1"})
    data["practitioners"][0]["contracted_hours"] = 30
    data["practitioners"][1]["pod_id"] = "POD3"
    assert changed == Scenario.model_validate(data)
    assert [p.pod_id for p in base.practitioners] == ["POD1", "POD1"]
