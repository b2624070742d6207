"""Reading and writing what users hand over and take away: scenarios (JSON or a folder of CSV
files), policies, proposals, with input errors that name the file, the row or field and what is
wrong, and never echo special-category values.

May import: ``problem`` and ``models``.
"""
