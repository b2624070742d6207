"""The solvers: the only package that imports OR-tools.

Owns: ``outcome`` (the solver-neutral result every adapter returns: ``SolveOutcome``,
``TermResult``), ``settings`` (``SolveSettings``: time, seed, workers, work budgets),
``greedy`` (highest risk first to the least loaded: the baseline and the first hint),
``search_state`` (an assignment being built move by move, with every hard limit's usage),
``executor`` (the one way to run work beside the caller), ``cpsat`` (the daily days: CP-SAT,
lexicographic, proven) and ``large`` (days too large for CP-SAT: PDU by PDU, flow bounds,
placement and local search).

May import: ``problem``, ``rules``, ``objectives``, ``models``, ``ortools``. Never ``check``
(the checker must stay independent of what it checks), ``engine`` or anything above.
"""
