"""The CP-SAT adapter: the only package that imports CP-SAT (allocator/solve/large uses ortools'
graph algorithms).

It turns the rules' eligible pairs and linear limits and the objectives' term shapes into a
CP-SAT model, solves it lexicographically, and hands back an assignment with its figures;
``pack`` is the small model the large method spends where its gap is.
"""

from allocator.solve.cpsat.solve import solve_day

__all__ = ["solve_day"]
