"""The engine: from a scenario to an explained, checked-ready proposal.

Owns: ``pipeline.propose`` (canonical input -> eligibility -> hint -> solve -> explain, with
the input digest computed beside the work), ``assign`` (the method choice and solve that
``propose`` runs, alone, for callers that read no proposal: the planner) and ``explain`` (each
line's reason, alternatives and counts, each blocked case's smallest blocking set; SPO
decisions as ``Pin``s).

May import: ``solve``, ``objectives``, ``rules``, ``problem``, ``models``. It returns a
``models.Proposal`` and never prints.
"""
