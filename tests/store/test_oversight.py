"""The management-oversight record: one SBAR entry per decision, as CSV and Markdown, that
repeats no case flag or protected characteristic."""

import csv
import io

from allocator import propose
from allocator.report.oversight import FIELDS, oversight_entries, to_csv, to_markdown
from allocator.store import DecisionRequest, Store, decide
from models.enums import CaseCategory
from tests.builders import case, policy, scenario, staff
from tests.store.support import T0, at, save


def _decide(store: Store, cid: str, action: str, **kw: object) -> str:
    kw.setdefault("decided_by", "A. Senior")
    kw.setdefault("reason", "Discussed at check-in.")
    return decide(store, DecisionRequest("P-000001", cid, action, **kw), at(1)).id  # type: ignore[arg-type]


def test_each_decision_becomes_an_sbar_entry(store: Store) -> None:
    """Situation names the case, tier and proposal; Background the workloads and exclusions;
    Assessment the proposal's reason and the accepted breach; Recommendation the decision and
    the SPO's own words. A superseded decision says by what."""
    saved = save(store)
    first = _decide(store, "C1", "approve")
    second = _decide(
        store,
        "C1",
        "override",
        practitioner_id="S2",
        accept_rule_breach=True,
        reason="S2 supervised him before; I will countersign.",
        supersedes=first,
    )
    entries = oversight_entries(store.proposal(saved.id), store.decisions(saved.id))
    assert [(e.decision_id, e.status) for e in entries] == [
        (first, f"superseded by {second}"),
        (second, "live"),
    ]
    e = entries[1]
    line = next(x for x in saved.proposal.lines if x.case_id == "C1")
    assert e.situation == (
        "Case C1, tier B2, on the list for initial allocation. Proposal P-000001 for 2026-11-24 "
        "(policy default-unified 1.0) proposed Synthetic PO P1 (PO)."
    )
    assert e.background.startswith(
        f"Synthetic PO P1: workload {line.workload_before_pct:.1f}% before, "
        f"{line.workload_after_pct:.1f}% after the proposal. 1 practitioner(s) eligible; "
        "excluded by rule: grade vs tier 2."
    )
    assert "Chosen instead: Synthetic PSO S2: workload" in e.background
    assert (
        e.assessment
        == f"Proposal's reason: {line.reason} Rule breach accepted by the SPO: grade vs tier."
    )
    assert e.recommendation == (
        "Overridden to Synthetic PSO S2 (PSO) (reason code initial_allocation), by A. Senior at "
        f"2026-11-24T09:01:00.000000Z: “S2 supervised him before; I will countersign.” This supersedes {first}."
    )


def test_csv_has_a_header_and_one_row_per_decision(store: Store) -> None:
    """The CSV parses back to the entries, field for field."""
    saved = save(store)
    _decide(store, "C2", "reject", reason='P1 is moving office, "soon".')
    _decide(store, "C4", "approve")
    entries = oversight_entries(store.proposal(saved.id), store.decisions(saved.id))
    rows = list(csv.DictReader(io.StringIO(to_csv(entries))))
    assert tuple(rows[0]) == FIELDS
    assert [r["decision_id"] for r in rows] == ["D-000002", "D-000003"]
    assert rows[0]["recommendation"].startswith("Rejected Synthetic PO P1 (PO) for this case")
    assert '"soon"' in rows[0]["recommendation"]


def test_csv_cells_that_look_like_formulas_are_defused(store: Store) -> None:
    """A name or reason starting with = + - @ cannot run as a spreadsheet formula."""
    saved = save(store)
    _decide(store, "C1", "approve", decided_by='=HYPERLINK("http://x")')
    entries = oversight_entries(store.proposal(saved.id), store.decisions(saved.id))
    (row,) = list(csv.DictReader(io.StringIO(to_csv(entries))))
    assert row["decided_by"] == '\'=HYPERLINK("http://x")'


def test_markdown_has_one_section_per_decision_with_the_four_parts(store: Store) -> None:
    """The Markdown record has the proposal's header and an SBAR section per decision; the
    SPO's words cannot add markup."""
    saved = save(store)
    _decide(store, "C1", "approve", reason="# not a heading *or* emphasis")
    text = to_markdown(
        store.proposal(saved.id),
        oversight_entries(store.proposal(saved.id), store.decisions(saved.id)),
    )
    assert text.startswith("# Management oversight: proposal P-000001\n")
    assert "## D-000002: case C1, approve (live)" in text
    for part in ("Situation", "Background", "Assessment", "Recommendation"):
        assert f"- **{part}.** " in text
    assert "“\\# not a heading \\*or\\* emphasis”" in text


def test_no_case_flag_or_protected_characteristic_is_printed(db_url: str) -> None:
    """A case with sexual-offending and domestic-abuse flags and a gender preference, staff
    with declared genders, and an override that breaks readiness (whose sentence names the
    category): the record names the rule by title and repeats none of those words."""
    not_so = [c.value for c in CaseCategory if c.value != "sexual_offending"]
    s = scenario(
        [
            staff("P1", declared={"gender": "female"}),
            staff("P2", declared={"gender": "male"}, readiness=not_so),
            staff("S1", "PSO"),
        ],
        [
            case(
                "C1",
                "C2",
                flags=["sexual_offending", "domestic_abuse"],
                preferences=[{"characteristic": "gender", "value": "female"}],
            )
        ],
        name="sensitive-day",
    )
    p = policy()
    with Store.open(db_url, create=True) as store:
        saved = store.save_proposal(propose(s, p), s, p, T0)
        line = saved.proposal.lines[0]
        decide(
            store,
            DecisionRequest(
                saved.id,
                "C1",
                "override",
                "A. Senior",
                "Continuity with the previous order.",
                practitioner_id="P2",
                accept_rule_breach=True,
            ),
            at(1),
        )
        entries = oversight_entries(store.proposal(saved.id), store.decisions(saved.id))
    for text in (to_csv(entries), to_markdown(saved, entries)):
        assert "SPO-confirmed readiness" in text
        for word in ("sexual", "domestic", "female", "male", "gender", "preference"):
            assert word not in text.lower() or word in line.reason.lower(), word
