"""The CP-SAT adapter: the only package that imports CP-SAT (allocator/solve/large uses ortools'
graph algorithms).

It turns the rules' eligible pairs and linear limits and the objectives' term shapes into a
CP-SAT model, solves it lexicographically, and hands back an assignment with its figures;
``pack`` is the small model the large method spends where its gap is.
"""

from allocator.solve.sat_import import load_cp_model

load_cp_model()  # before the modules below import cp_model: without pandas (sat_import)

from allocator.solve.cpsat.solve import solve_day  # noqa: E402

__all__ = ["solve_day"]
