"""Benchmarks on synthetic caseloads: the engine against a careful hand process and a bound.

Used by ``allocator bench`` and ``benchmarks/``; it reads the engine through its public API
and the rules, and checks every result with the independent checker's rules.
"""
