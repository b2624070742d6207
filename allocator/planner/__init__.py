"""The restructure planner: change files, POD composition checks, rebalancing and comparison.

Uses the public engine API (``propose``, ``check``) only; see ``docs/planner.md``.
"""
