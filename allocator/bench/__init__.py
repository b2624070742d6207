"""Benchmarks on synthetic caseloads: the engine against a greedy baseline and the proven bound.

Owns the instances by size, the measurements (CPU and wall seconds, memory, the figures) and the
results file; used by ``allocator bench`` and ``benchmarks/``. Every result is checked with the
independent checker. Its tables are in ``allocator.report.bench``.

May import: the engine's public API, ``check``, ``solve.greedy``, ``synth``, ``io`` and below.
"""
