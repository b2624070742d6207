"""The problem as every room reads it: the day, workload, tiering, the input digest, and the
state of an assignment.

Owns: ``day.Day`` (the scenario in canonical order with its derived figures: tiers, points,
loads, holders), ``workload`` (the Workload Measurement Tool's available points and workload
%), ``tiering`` (tier derivation from the framework data), ``digest`` (the input's sha256,
independent of list order) and ``assignment.AssignmentState`` (an assignment with the loads
and counts that the rules, the terms, the checker and the search all read).

May import: ``models`` only. Everything else in ``allocator`` builds on this package.
"""
