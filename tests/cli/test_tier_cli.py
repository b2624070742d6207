"""``allocator tier``: exit codes, exact problem lines, the table and the JSON output."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from allocator.cli import main

CASES: list[dict[str, Any]] = [
    {
        "id": "CRN1001",
        "rosh": "medium",
        "flags": ["iom"],
        "risk": {
            "rsr_pct": 7.2,
            "ogrs": 59,
            "complexity_registrations": ["gang", "domestic_abuse_perpetrator"],
            "women_factors": {"parenting_responsibilities": True, "impulsivity": True},
            "needs": [{"area": "attitudes", "severity": "severe"}],
        },
    },
    {"id": "CRN1002", "rosh": "low", "mappa_category": 1, "mappa_level": 2, "risk": {"ogrs": 30}},
    {"id": "CRN1005", "tier": "C2", "pdu_id": "PDU1", "reason": "transfer_in"},
]


def run(tmp_path: Path, content: Any, *args: str, raw: bool = False) -> Result:
    """Write ``content`` to cases.json in ``tmp_path`` and run ``allocator tier`` on it there."""
    (tmp_path / "cases.json").write_text(content if raw else json.dumps(content), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        return CliRunner().invoke(main, ["tier", "cases.json", *args])


def test_json_output_lists_one_derivation_per_case(tmp_path: Path) -> None:
    """--json prints a TierDerivation per case, in input order, with hand-derived values.

    CRN1001: risk max(RSR 20, RoSH 10) + 2 registrations 4 + 2 women factors 4 = 28 (B);
    needs attitudes severe 4 + OGRS 59 -> 5 + IOM 2 = 11 (2). A full Case (CRN1005) is accepted.
    """
    result = run(tmp_path, CASES, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [(d["case_id"], d["tier"], d["given"]) for d in out] == [
        ("CRN1001", "B2", False),
        ("CRN1002", "A1", False),
        ("CRN1005", "C2", True),
    ]
    assert (out[0]["risk_points"], out[0]["needs_points"]) == (28, 11)
    assert out[1]["missing"] == ["RSR not given: counted as 0 risk points"]


def test_table_shows_rows_steps_and_missing_notes(tmp_path: Path) -> None:
    """The table has a row per case, indented steps and missing notes, and the framework name."""
    result = run(tmp_path, CASES)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Tiers under unified_2021 (version 2021.1): 3 cases"
    assert lines[2].split() == ["case", "tier", "risk", "needs"]
    assert lines[3].split() == ["CRN1001", "B2", "B", "(28", "points)", "2", "(11", "points)"]
    assert "    risk   additional risk factors     4  additional risk factors: 4 points" in lines
    assert "    missing: RSR not given: counted as 0 risk points" in lines
    assert "    given in the input: not derived" in lines


def test_table_never_names_special_category_values(tmp_path: Path) -> None:
    """Registrations, flags and women-specific factors appear only as the points they gave."""
    result = run(tmp_path, CASES)
    text = result.stdout.lower()
    for secret in ("gang", "domestic", "parenting", "impulsivity", "true", "women"):
        assert secret not in text


def test_framework_option_selects_nps_2016(tmp_path: Path) -> None:
    """--framework nps_2016 tiers by the seven categories: B1 (RSR 7.2%, IOM) and A (MAPPA 2)."""
    result = run(tmp_path, CASES[:2], "--framework", "nps_2016", "--json")
    assert result.exit_code == 0, result.output
    assert [d["tier"] for d in json.loads(result.stdout)] == ["B1", "A"]


def test_policy_option_uses_the_policy_framework(tmp_path: Path) -> None:
    """--policy reads the framework from a policy file (here one extending the nps2016 policy)."""
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"extends": "nps2016", "name": "region", "version": "1"}))
    result = run(tmp_path, CASES[:1], "--policy", str(policy), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["framework"] == "nps_2016"


@pytest.mark.parametrize(
    ("content", "expected", "derived"),
    [
        ("[1,", "cases.json: line 1, column 4: malformed JSON: Expecting value\n", None),
        ('{"cases": []}', "cases.json: expected a JSON list of cases, found an object\n", None),
        (
            '[{"id": "C1", "rosh": "low"}, {"id": "C2", "risk": {"rsr_pct": "x"}}, 5]',
            "cases.json: [1].risk.rsr_pct: Input should be a valid number, unable to parse string "
            "as a number\n"
            "cases.json: [2]: Input should be a valid dictionary or instance of CaseFacts\n",
            1,
        ),
        (
            '[{"id": "C1", "pdu_id": "P1", "risk": {"rsr": 1}}]',
            "cases.json: [0].risk.rsr: Extra inputs are not permitted\n",
            None,
        ),
        (
            '[{"id": "C1", "tier": "Z9"}, {"id": "C2"}]',
            "cases.json: [0].tier: 'Z9' is not a tier of unified_2021 (A3, A2, A1, A0, B3, B2, "
            "B1, B0, C3, C2, C1, C0, D3, D2, D1, D0)\n"
            "cases.json: [1]: case C2: no tier given and no risk facts (risk, rosh, mappa_level) "
            "to derive one from\n",
            None,
        ),
    ],
    ids=["malformed", "not-a-list", "invalid-cases", "typo-in-full-case", "cannot-tier"],
)
def test_bad_input_exits_2_with_one_line_per_problem(
    tmp_path: Path, content: str, expected: str, derived: int | None
) -> None:
    """Bad input prints exactly one line per problem, naming file and JSON path, and exits 2.

    A file that cannot be read, or whose every case is bad, prints nothing else; a bad case
    does not stop the others: the good ones are still derived and shown (``derived`` of them).
    """
    result = run(tmp_path, content, raw=True)
    assert result.exit_code == 2
    assert result.stderr == expected
    if derived is None:
        assert result.stdout == ""
    else:
        assert result.stdout.startswith(
            f"Tiers under unified_2021 (version 2021.1): {derived} cases"
        )
    assert "Traceback" not in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """A file that does not exist is named in one line, exit 2."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        result = CliRunner().invoke(main, ["tier", "nope.json"])
    assert result.exit_code == 2
    assert result.stderr == "nope.json: no such file\n"


def test_framework_and_policy_together_exit_2(tmp_path: Path) -> None:
    """--framework and --policy are exclusive: one clear line, exit 2."""
    result = run(tmp_path, CASES, "--framework", "nps_2016", "--policy", "p.json")
    assert result.exit_code == 2
    assert (
        result.stderr == "--framework and --policy both given: use one (a policy names its own)\n"
    )


def test_empty_list_is_fine(tmp_path: Path) -> None:
    """An empty list of cases is not an error: the table says 0 cases, JSON is []."""
    assert run(tmp_path, []).stdout == "Tiers under unified_2021 (version 2021.1): 0 cases\n"
    assert json.loads(run(tmp_path, [], "--json").stdout) == []
