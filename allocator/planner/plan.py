"""Compare the base structure with each restructure option: checks, rebalance, curve."""

import time
from dataclasses import asdict, dataclass, field

from allocator import SolveSettings
from allocator.planner.changes import Change, apply_change
from allocator.planner.composition import Finding, composition_findings
from allocator.planner.rebalance import (
    CurvePoint,
    Outcome,
    Progress,
    curve_levels,
    measure,
    solve_option,
    trade_off_curve,
)
from models import Policy, Scenario


@dataclass
class OptionResult:
    """One column of the comparison: the base (no change) or one option."""

    name: str
    source: str
    period: str
    findings: list[Finding]
    outcome: Outcome
    curve: list[CurvePoint] = field(default_factory=list)

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "fail"]

    @property
    def waived(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "waived"]

    def as_dict(self) -> dict[str, object]:
        o = self.outcome
        return {
            "name": self.name,
            "source": self.source,
            "period": self.period,
            "composition": {
                "failed": len(self.failed),
                "waived": len(self.waived),
                "findings": [f.as_dict() for f in self.findings],
            },
            "cases_on_list": o.on_list,
            "cases_moved": o.moved,
            "highest_utilisation_pct": o.highest,
            "mean_utilisation_pct": o.mean,
            "spread_sd_pct": o.spread,
            "kept_in_pod_pct": o.kept_in_pod_pct,
            "out_of_model_before": o.out_of_model_before,
            "out_of_model_after": o.out_of_model_after,
            "unallocated": o.unallocated,
            "status": o.status,
            "gap": o.gap,
            "max_utilisation_bound_pct": o.max_util_bound_pct,
            "wall_time_s": o.wall_time_s,
            "violations": o.violations,
            "equalities": o.equalities,
            "utilisation": sorted(o.loads.values()),
            "curve": [asdict(p) for p in self.curve],
        }


def run_plan(
    scenario: Scenario,
    policy: Policy,
    changes: list[Change],
    time_limit_s: float = 10.0,
    curve_steps: int = 4,
    progress: Progress | None = None,
) -> list[OptionResult]:
    """The base and every option, in the order given. Each option gets ``time_limit_s`` in all."""
    say = progress or (lambda _line: None)
    results = [
        OptionResult(
            "base",
            "",
            "-",
            composition_findings(scenario, policy, None),
            measure("base", scenario, policy),
        )
    ]
    for change in changes:
        start = time.monotonic()
        say(f"option {change.name}: applying {change.source}")
        changed, pol = apply_change(scenario, policy, change)
        findings = composition_findings(changed, pol, change)
        main_share = time_limit_s / 2 if curve_steps else time_limit_s
        settings = SolveSettings(time_limit_s=max(0.1, main_share), progress=say)
        say(f"option {change.name}: rebalancing ({change.period} period)")
        outcome, _, _, _ = solve_option(change.name, changed, pol, change, settings)
        curve: list[CurvePoint] = []
        if curve_steps:
            levels = curve_levels(measure("", changed, pol).highest, outcome.highest, curve_steps)
            per = max(0.1, (time_limit_s - (time.monotonic() - start)) / max(1, len(levels)))
            curve = trade_off_curve(
                changed, pol, change, levels, SolveSettings(time_limit_s=per, progress=say), say
            )
        say(f"option {change.name}: done in {time.monotonic() - start:.1f}s")
        results.append(
            OptionResult(change.name, change.source, change.period, findings, outcome, curve)
        )
    return results
