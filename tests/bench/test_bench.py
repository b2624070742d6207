"""The benchmark harness at the sizes CI runs: every result valid, the engine never further
over the balance target than the greedy baseline, and it keeps more cases in their POD
(docs/domain.md default order: no one above the target, then continuity, then balance below it)."""

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.bench.run import from_csv, merged, run, to_csv
from allocator.cli import main
from allocator.io.errors import InputError
from allocator.report.bench import table


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    """Daily (100 cases, 80 staff) and PDU (the whole caseload re-decided), seed 1."""
    return run(["daily", "pdu"], [1], time_limit=10, repeats=1, progress=lambda m: None)


def test_every_result_passes_the_hard_rules(results) -> None:  # type: ignore[no-untyped-def]
    """An invalid proposal or baseline fails the benchmark."""
    assert [(r.instance, r.method, r.valid) for r in results] == [
        ("daily/s1", "engine", True),
        ("daily/s1", "greedy", True),
        ("pdu/s1", "engine", True),
        ("pdu/s1", "greedy", True),
    ]


def test_engine_is_never_worse_than_greedy_and_keeps_more_in_pod(results) -> None:  # type: ignore[no-untyped-def]
    """Excess of the highest utilisation over the 100% target: engine <= greedy; the highest
    is at or above the engine's proven bound; the daily solve is proven optimal (gap 0); the
    engine keeps a larger share of cases in their POD."""
    by = {(r.instance, r.method): r for r in results}
    for inst in ("daily/s1", "pdu/s1"):
        engine, greedy = by[(inst, "engine")], by[(inst, "greedy")]
        assert engine.allocated >= greedy.allocated
        assert max(0.0, engine.max_util_pct - 100) <= max(0.0, greedy.max_util_pct - 100)
        assert engine.bound_pct is not None and engine.max_util_pct >= engine.bound_pct
        assert engine.kept_in_pod_pct > greedy.kept_in_pod_pct
    assert by[("daily/s1", "engine")].status == "OPTIMAL"
    assert by[("daily/s1", "engine")].gap_pct == 0


def test_table_and_csv_carry_every_result(results) -> None:  # type: ignore[no-untyped-def]
    """The printed table has a row per result and the CSV a line per result plus its header."""
    rows = table(results).splitlines()
    assert len(rows) == 2 + len(results)
    assert len(to_csv(results).strip().splitlines()) == 1 + len(results)
    head = [c.strip() for c in rows[0].strip("|").split("|")]
    for row in rows[2:]:
        cells = dict(zip(head, (c.strip() for c in row.strip("|").split("|")), strict=True))
        versus = float(cells["highest vs greedy"].removesuffix("x"))
        if cells["method"] == "greedy":
            assert versus == 1.0
        else:  # the ratio the table prints is the engine's highest over greedy's
            mine = next(
                r for r in results if (r.instance, r.method) == (cells["instance"], "engine")
            )
            theirs = next(
                r for r in results if (r.instance, r.method) == (cells["instance"], "greedy")
            )
            assert versus == round(mine.max_util_pct / theirs.max_util_pct, 3)


def test_csv_reads_back_and_later_runs_replace_only_their_instances(results) -> None:  # type: ignore[no-untyped-def]
    """Sizes run separately share one results.csv: the CSV reads back to the same results,
    and merging a new run replaces the rows of its instances only."""
    back = from_csv(to_csv(results))
    assert back == results
    rerun = [replace(r, time_s=r.time_s + 1) for r in results if r.instance == "pdu/s1"]
    both = merged(back, rerun)
    assert [(r.instance, r.method) for r in both] == [
        ("daily/s1", "engine"),
        ("daily/s1", "greedy"),
        ("pdu/s1", "engine"),
        ("pdu/s1", "greedy"),
    ]
    assert [r.time_s for r in both[2:]] == [r.time_s for r in rerun]


def test_a_results_file_that_does_not_read_back_names_its_line_and_column(results) -> None:  # type: ignore[no-untyped-def]
    """A CSV from elsewhere, or a row with a bad value, is bad input: file, line, column."""
    with pytest.raises(InputError) as err:
        from_csv("foo,bar\n1,2\n", "out/results.csv")
    assert err.value.problems[0].startswith("out/results.csv: line 1: not a results file")
    lines = to_csv(results).splitlines()
    lines[2] = lines[2].replace(",100,", ",many,", 1)
    with pytest.raises(InputError) as err:
        from_csv("\n".join(lines), "out/results.csv")
    assert err.value.problems == ["out/results.csv: line 3: cases: not a valid value"]


def test_bench_refuses_a_bad_out_before_running(tmp_path: Path) -> None:
    """A file for --out, or an unreadable results.csv in it, stops at once with exit 2 and
    one line, before any instance is generated."""
    afile = tmp_path / "afile"
    afile.write_text("x")
    out = CliRunner().invoke(main, ["bench", "--size", "daily", "--out", str(afile)])
    assert out.exit_code == 2
    assert out.output.strip() == f"error: {afile}: --out must be a folder; this is a file"
    (tmp_path / "results.csv").write_text("foo,bar\n1,2\n")
    out = CliRunner().invoke(main, ["bench", "--size", "daily", "--out", str(tmp_path)])
    assert out.exit_code == 2
    assert "line 1: not a results file" in out.output
    assert "bench: daily/s1" not in out.output
