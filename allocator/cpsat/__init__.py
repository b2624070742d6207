"""The solver adapter: the only package that imports ortools.

It turns the rules' eligible pairs and linear limits and the objectives' term shapes into a
CP-SAT model, solves it lexicographically, and hands back an assignment with its figures.
"""

from allocator.cpsat.solve import SolveOutcome, TermResult, solve_day

__all__ = ["SolveOutcome", "TermResult", "solve_day"]
