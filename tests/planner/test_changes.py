"""Change files: where a key is written, so that a problem can name its line."""

import tomllib

import pytest

from allocator.io.errors import InputError
from allocator.planner.changes import apply_change, key_lines, parse_change
from tests.builders import policy, scenario, staff


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


def test_a_nested_policy_table_changes_only_the_keys_it_names():
    """``[policy.workload]`` with one key (the NQO reduction) keeps every other workload value
    of the region's policy, here a nominal target changed from the bundled one; a list
    (``objectives``) would replace the whole list. Written as data, a one-key nested table used
    to replace the whole table (the other values refused as missing, or reset to defaults)."""
    base_policy = policy()
    data = base_policy.model_dump(mode="json")
    data["workload"]["nominal_target_points"] = 1500
    region = type(base_policy).model_validate(data)
    change = parse_change({"policy": {"workload": {"nqo_reduction_pct": 10}}}, "c.toml")
    _, after = apply_change(scenario([staff("P1")], []), region, change)
    expected = region.model_copy(
        update={"workload": region.workload.model_copy(update={"nqo_reduction_pct": 10.0})}
    )
    assert after == expected
    assert after.workload.nominal_target_points == 1500


def test_a_practitioner_moved_or_re_hoursed_twice_is_a_problem_naming_both_entries():
    """Two ``[[move]]`` of one practitioner (to different PODs) and two ``[[hours]]`` of
    another: which was meant is the planner's call, so both are problems, each naming the
    later entry's line and the earlier entry, instead of the last one silently winning."""
    text = (
        '[[move]]\npractitioner = "P1"\nto_pod = "POD2"\n'
        '[[move]]\npractitioner = "P1"\nto_pod = "POD1"\n'
        '[[hours]]\npractitioner = "P2"\ncontracted_hours = 30\n'
        '[[hours]]\npractitioner = "P2"\ncontracted_hours = 20\n'
    )
    change = parse_change(tomllib.loads(text), "c.toml", text)
    with pytest.raises(InputError) as err:
        apply_change(scenario([staff("P1"), staff("P2")], []), policy(), change)
    assert err.value.problems == [
        "c.toml: line 5: move[1].practitioner: 'P1' is moved by move[0] too",
        "c.toml: line 11: hours[1].practitioner: 'P2' has hours[0] too",
    ]
