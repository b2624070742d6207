"""The independent checker's parts: objective figures, line figures, blocked cases, names.

Each part recomputes what a proposal reports from the scenario, the policy, the rules and the
terms' plain-Python scores; none imports the solver. ``allocator.check`` runs them all.
"""
