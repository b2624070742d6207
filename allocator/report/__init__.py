"""Every view of a result for a person: text, CSV, Markdown or HTML, returned as strings.

Owns: ``proposal_text`` (the proposal table and summary line), ``oversight`` (the SBAR
management-oversight record of SPO decisions), ``planner`` (the restructure comparison) and
``bench`` (the benchmark tables). Nothing here prints, exits or writes a file: the CLI and the
web service decide where a view goes.

May import: ``store``, ``planner``, ``bench``, ``engine`` results and everything below them;
never ``cli`` or ``web``.
"""
