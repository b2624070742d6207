"""The planner's charts as inline SVG, drawn with matplotlib's object API (no pyplot, no global
state, no display): the workload distribution of each column and moves against highest
utilisation.

Text stays text in the SVG (``svg.fonttype = "none"``) so that the page is small and its labels
can be searched and read by a screen reader; ids are salted with a constant and the date left
out, so that the same plan gives the same bytes.
"""

import io
import math

import matplotlib
import numpy
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from allocator.planner.plan import OptionResult

COLOURS = ["#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb"]
"""Paul Tol's colour-blind-safe qualitative scheme."""
BAND_PCT = 10
"""Width of a histogram band, in percentage points of utilisation."""
LINES_PCT = ((100.0, "100%"), (110.0, "110%"))
"""Reference lines: fully used, and the default hard ceiling (``capacity_ceiling_pct``)."""


def _svg(fig: Figure) -> str:
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "allocator-planner"}):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def workload_histogram(column: OptionResult, colour: str, top_pct: float) -> str:
    """Practitioners per 10% band of utilisation, each bar labelled with its count, and the
    100% and 110% lines; the x axis runs to ``top_pct`` so that every chart has the same
    scale."""
    values = sorted(column.outcome.loads.values())
    fig = Figure(figsize=(5.2, 2.8), dpi=100)
    ax = fig.add_subplot()
    edges = list(range(0, int(top_pct) + BAND_PCT, BAND_PCT))
    counts, _ = numpy.histogram(values, bins=edges)
    bars = ax.bar(edges[:-1], counts, width=BAND_PCT, align="edge", color=colour, edgecolor="white")
    ax.bar_label(bars, labels=[f"{int(n)}" if n else "" for n in counts], fontsize=7)
    for x, label in LINES_PCT:
        ax.axvline(x, color="#222222", linestyle="--" if x == 100 else ":", linewidth=1)
        ax.text(
            x,
            1.0,
            f" {label}",
            rotation=90,
            va="top",
            ha="right",
            fontsize=7,
            transform=ax.get_xaxis_transform(),
        )
    ax.set_xlim(0, top_pct)
    ax.set_xticks(edges[:: 2 if len(edges) > 12 else 1])
    ax.set_xlabel("workload, % of available points")
    ax.set_ylabel("practitioners")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(
        f"{column.name}: {len(values)} case holders, highest {column.outcome.highest}%",
        fontsize=9,
    )
    ax.margins(y=0.15)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def top_pct(columns: list[OptionResult]) -> float:
    """The common right edge of the histograms: past the highest load and past 110%."""
    highest = max((c.outcome.highest for c in columns), default=0.0)
    return float(max(120, BAND_PCT * math.ceil((highest + 1) / BAND_PCT)))


def moves_chart(columns: list[OptionResult]) -> str:
    """Cases moved (x) against highest utilisation (y): each base and option as a large
    marker, each option's trade-off curve (hard ceilings) as a line of small markers."""
    fig = Figure(figsize=(7.0, 3.8), dpi=100)
    ax = fig.add_subplot()
    for i, column in enumerate(columns):
        colour = COLOURS[i % len(COLOURS)]
        marker = "s" if column.base is None else "o"
        ax.scatter(
            [column.outcome.moved],
            [column.outcome.highest],
            s=70,
            color=colour,
            marker=marker,
            label=column.name,
            zorder=3,
            edgecolor="black",
        )
        if column.curve:
            xs = [p.moved for p in column.curve]
            ys = [p.highest for p in column.curve]
            ax.plot(
                xs, ys, color=colour, marker=".", linewidth=1, label=f"{column.name}: hard ceilings"
            )
            for p in column.curve:
                ax.annotate(
                    f"{p.ceiling_pct:g}%",
                    (p.moved, p.highest),
                    fontsize=7,
                    textcoords="offset points",
                    xytext=(4, 4),
                )
    for y, label in LINES_PCT:
        ax.axhline(y, color="#222222", linestyle="--" if y == 100 else ":", linewidth=1)
        ax.text(
            1.0,
            y,
            f" {label}",
            va="center",
            ha="left",
            fontsize=7,
            transform=ax.get_yaxis_transform(),
        )
    ax.set_xlabel("cases moved")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("highest utilisation, %")
    ax.set_xlim(left=0)
    ax.grid(True, linewidth=0.3)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
