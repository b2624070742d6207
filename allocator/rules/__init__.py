"""The hard rules: a proposal that breaks one is wrong.

Owns: one module per rule (each a ``PairRule`` decided per case and practitioner, or an
``AggregateRule`` that binds across the day's cases and declares linear limits for the solver),
``registry`` (their order, which is the order reasons count them in) and ``eligibility`` (which
practitioners every rule allows for every case, decided once per class of alike cases). Every
rule can say in one sentence why a practitioner is excluded, and declares the facts other code
needs (``case_level``, ``quotable``); the sources are named in docs/domain.md.

May import: ``problem`` and ``models``. Never the solver, IO or anything above.
"""
