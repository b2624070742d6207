"""The soft terms: what makes one valid proposal better than another.

Owns: one module per term (or closely tied pair), each describing its formula as one of three
solver-free shapes and recomputing its value in plain Python (a test holds the solver's value
to it), and ``registry`` (the policy's names for the terms, in rank order). Terms declare how
their figure reads and which bound the large method may use for them.

May import: ``rules`` (eligibility), ``problem`` and ``models``. Never the solver, IO or above.
"""
