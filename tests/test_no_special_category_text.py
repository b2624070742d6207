"""Nothing special-category reaches a text an SPO can read, paste or export (issue 16, point 2).

Markers are planted in every special-category field of the library's default day: case flags
(every offence-related flag), the readiness categories they need (some practitioners lack
them, so readiness sentences are produced), complexity registrations, women-specific factors
and needs, preferences, declared characteristics and lived experience. Then every text output
is read: the proposal as a table and as JSON, the checker's findings on a proposal moved to
unready practitioners, the tier table, the decision and breach messages, the decisions list,
the oversight export (CSV and Markdown) and error messages. None may contain a marker: rules
and terms that involve such data are named by a neutral title ("SPO-confirmed readiness",
"caseload mix"); the detail stays in the scenario's structured fields.
"""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from allocator.cli import main
from allocator.io.policy_files import bundled_policy
from allocator.objectives.registry import OBJECTIVES
from allocator.problem.day import build_day
from allocator.rules.registry import HARD_RULES
from models import Scenario
from models.policy import Policy

ROOT = Path(__file__).resolve().parents[1]

FLAGS = [
    "sexual_offending",
    "domestic_abuse",
    "terrorism",
    "child_protection",
    "vulnerability",
    "serious_mental_health",
]
MARKERS = (
    "MARKERGENDER",
    "MARKERPREF",
    "MARKERREG",
    "sexual",
    "domestic",
    "terroris",
    "child protection",
    "child_protection",
    "mental health",
    "mental_health",
    "vulnerab",
    "women",
    "parenting",
    "impulsiv",
    "lived",
    "drugs",
    "alcohol",
    "gender",
)
"""Planted values (the MARKER strings) and the words any flag, category, factor, need or
characteristic would be written with."""


def _planted() -> dict[str, Any]:
    """The default day with every special-category field filled, and a third of the
    practitioners confirmed ready for nothing."""
    data = json.loads((ROOT / "scenarios" / "default_day.json").read_text())
    for i, p in enumerate(data["practitioners"]):
        p["declared"] = {"gender": "MARKERGENDER"}
        p["lived_experience"] = True
        if i % 3 == 0:
            p["readiness"] = []
    for i, c in enumerate(data["cases"]):
        if i % 2 == 0:
            c["flags"] = FLAGS
        c["preferences"] = [{"characteristic": "gender", "value": "MARKERPREF"}]
        c["risk"] = {
            "complexity_registrations": ["MARKERREG"],
            "women_factors": {
                "parenting_responsibilities": True,
                "impulsivity": True,
                "previous_breach_or_recall": True,
            },
            "needs": [
                {"area": "drugs", "severity": "severe"},
                {"area": "alcohol", "severity": "standard"},
            ],
        }
    for i, h in enumerate(data["holdings"]):
        if i % 2 == 0:
            h["flags"] = FLAGS
    return data


def _leaks(text: str, markers: tuple[str, ...] = MARKERS) -> list[str]:
    low = text.lower()
    return [m for m in markers if m.lower() in low]


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _assert_clean(what: str, result: Result, markers: tuple[str, ...] = MARKERS) -> None:
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exception is None or isinstance(result.exception, SystemExit), what
    assert _leaks(text, markers) == [], f"{what} leaks {_leaks(text, markers)}"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The planted day as a file, its proposal JSON and a saved proposal with decisions."""
    tmp = tmp_path_factory.mktemp("planted")
    day = tmp / "day.json"
    day.write_text(json.dumps(_planted()))
    proposal = tmp / "proposal.json"
    result = _run("propose", str(day), "--json", "--out", str(proposal), "--db", str(tmp / "a.db"))
    assert result.exit_code == 0, result.output
    return {"dir": tmp, "day": day, "proposal": proposal, "db": tmp / "a.db"}


def test_the_planted_day_really_exercises_the_special_category_rules(
    planted: dict[str, Path],
) -> None:
    """The markers are in play: readiness excludes practitioners, cohort mix counts, and some
    case is blocked or some line excludes someone by readiness."""
    p = json.loads(planted["proposal"].read_text())
    excluded = [line["excluded_by_rule"] for line in p["lines"]] + [
        b["excluded_by_rule"] for b in p["blocked"]
    ]
    assert any("readiness" in e for e in excluded)
    assert any(o["name"] == "cohort_mix" for o in p["objective"])


def test_proposal_table_and_json_carry_no_marker(planted: dict[str, Path]) -> None:
    """The table, and the whole proposal JSON (reasons, summaries, blocked reasons), are clean."""
    _assert_clean("propose (table)", _run("propose", str(planted["day"])))
    assert _leaks(planted["proposal"].read_text()) == []


def test_reasons_that_price_cohort_mix_are_clean(planted: dict[str, Path]) -> None:
    """An alternative priced on cohort mix says 'caseload mix', never the cohort."""
    p = json.loads(planted["proposal"].read_text())
    summaries = [a["summary"] for line in p["lines"] for a in line["alternatives"]]
    assert all(_leaks(s) == [] for s in summaries)


def test_checker_findings_carry_no_marker(planted: dict[str, Path]) -> None:
    """Every line moved to an unready practitioner: the checker's readiness and other findings
    (its printed violations) name no category."""
    data = _planted()
    unready = [p["id"] for i, p in enumerate(data["practitioners"]) if i % 3 == 0]
    p = json.loads(planted["proposal"].read_text())
    for n, line in enumerate(p["lines"]):
        line["practitioner_id"] = unready[n % len(unready)]
    bad = planted["dir"] / "moved.json"
    bad.write_text(json.dumps(p))
    result = _run("check", str(planted["day"]), str(bad))
    assert result.exit_code == 1
    assert "readiness" in result.output
    _assert_clean("check", result)


def test_tier_table_carries_no_marker(planted: dict[str, Path]) -> None:
    """allocator tier on the planted cases (tiers removed, so they are derived from the risk
    facts) shows only kinds of factor and points."""
    cases = _planted()["cases"]
    for c in cases:
        c.pop("tier", None)
        c["rosh"] = c.get("rosh") or "medium"
    path = planted["dir"] / "cases.json"
    path.write_text(json.dumps(cases))
    for args in ((), ("--json",)):
        result = _run("tier", str(path), *args)
        assert result.exit_code == 0, result.output
        _assert_clean(f"tier {args}", result)


def test_decisions_and_oversight_export_carry_no_marker(planted: dict[str, Path]) -> None:
    """An override to an unready practitioner (refused, then accepted as a breach), the
    decisions list, and the oversight export in CSV and Markdown are clean."""
    # A database of this test's own: the chain key is per test (tests/conftest.py).
    db = str(planted["dir"] / "decisions.db")
    saved = _run("propose", str(planted["day"]), "--json", "--db", db)
    assert saved.exit_code == 0, saved.output
    p = json.loads(planted["proposal"].read_text())
    pid = "P-000001"
    data = _planted()
    unready = [x["id"] for i, x in enumerate(data["practitioners"]) if i % 3 == 0]
    flagged = {c["id"] for c in data["cases"] if c.get("flags")}
    line = next(x for x in p["lines"] if x["case_id"] in flagged)
    target = next(u for u in unready if u != line["practitioner_id"])
    args = ("decide", pid, line["case_id"], "override", target, "--by", "A. Senior")
    refused = _run(*args, "--reason", "Cover.", "--db", db)
    assert refused.exit_code != 0
    _assert_clean("decide (refused breach)", refused)
    accepted = _run(*args, "--reason", "Cover.", "--accept-rule-breach", "--db", db)
    assert accepted.exit_code == 0, accepted.output
    assert "Rule breach on record" in accepted.output
    _assert_clean("decide (accepted breach)", accepted)
    other = next(x for x in p["lines"] if x["case_id"] != line["case_id"])
    approved = _run(
        "decide",
        pid,
        other["case_id"],
        "approve",
        "--by",
        "A. Senior",
        "--reason",
        "Ok.",
        "--db",
        db,
    )
    assert approved.exit_code == 0, approved.output
    _assert_clean("decisions", _run("decisions", pid, "--db", db))
    for fmt in ("csv", "md"):
        out = planted["dir"] / f"oversight.{fmt}"
        result = _run(
            "oversight", "export", "--db", db, "--proposal", pid, "--format", fmt, "--out", str(out)
        )
        assert result.exit_code == 0, result.output
        assert _leaks(out.read_text()) == [], f"oversight {fmt}"


@pytest.mark.parametrize(
    ("where", "bad"),
    [
        ("declared gender of the wrong type", {"practitioners": [{"declared": {"gender": 7}}]}),
        ("an unknown flag", {"cases": [{"flags": ["MARKERREG"]}]}),
        ("an unknown readiness category", {"practitioners": [{"readiness": ["MARKERPREF"]}]}),
    ],
)
def test_errors_on_special_category_fields_do_not_echo_them(
    planted: dict[str, Path], where: str, bad: dict[str, list[dict[str, Any]]]
) -> None:
    """A bad value in a special-category field is named by its place, never echoed, and no
    planted value of the rest of the file is echoed either. (The message may name the field,
    "declared.gender", and list an enumeration's valid values: that is the schema, not anyone's
    data.)"""
    data = _planted()
    for key, changes in bad.items():
        data[key][0].update(changes[0])
    path = planted["dir"] / "bad.json"
    path.write_text(json.dumps(data))
    result = _run("propose", str(path))
    assert result.exit_code == 2, (where, result.output)
    assert re.search(r"(practitioners|cases)\[0\]", result.output), result.output
    _assert_clean(where, result, tuple(m for m in MARKERS if m.startswith("MARKER")))
    assert "7" not in result.output.replace(str(path), "").replace("[0]", "")


@pytest.mark.parametrize("policy_name", ["default", "nps2016"])
def test_every_rule_sentence_and_title_is_clean(policy_name: str) -> None:
    """Every hard rule's sentence for every case and practitioner of the planted day (the
    sentences reasons, blocked reasons, breaches and findings are made of), and every title,
    under both bundled policies (the NPS one has grade rules that depend on a flag)."""

    data = _planted()
    if policy_name == "nps2016":  # unified tier codes to their NPS 2016 counterparts
        for item in data["cases"] + data["holdings"]:
            band, digit = item["tier"][0], int(item["tier"][1])
            item["tier"] = "A" if band == "A" else f"{band}{2 if digit >= 2 else 1}"
        for p in data["practitioners"]:
            if p["grade"] == "PSO":
                p["competencies"] = []
    s = Scenario.model_validate(data)

    policy: Policy = bundled_policy(policy_name)
    day = build_day(s, policy)
    sentences = [r.title for r in HARD_RULES]
    for rule in HARD_RULES:
        for case in day.cases:
            for p in day.staff:
                sentence = rule.excludes(day, case, p)
                if sentence is not None:
                    sentences.append(sentence)
    assert any("ready for" in x for x in sentences)  # readiness did speak
    assert [x for x in sentences if _leaks(x)] == []


def test_every_term_phrase_is_clean() -> None:
    """What each soft term says a worse alternative would do (the alternatives' summaries and
    the line reasons quote it), its unit and its description, for any size of change."""

    texts = [o.phrase(d) for o in OBJECTIVES for d in (1, 2, 5, 40)]
    texts += [o.unit for o in OBJECTIVES] + [o.description for o in OBJECTIVES]
    assert [x for x in texts if _leaks(x)] == []
