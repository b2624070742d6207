"""The restructure planner: change files, POD composition checks against the national POD
principles, rebalancing and the comparison of options (see docs/planner.md).

May import: the engine's public API (``propose``, ``check``), ``objectives`` (to rank terms),
``problem``, ``io`` and ``models``. Its views are in ``allocator.report.planner``.
"""
