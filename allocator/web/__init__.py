"""The SPO's web service: review, decide and record the day's allocation in a browser.

A room beside ``allocator.cli``: it reads the engine and the store through their public APIs
(``allocator.web.desk`` is the one adapter to the store) and renders server-side pages on the
GOV.UK Design System, each also available as JSON. ``allocator serve`` starts it; docs/web.md
describes the pages, the roles and how to run it.
"""
