"""The audit's history: stored runs, compared with each other and with the run at hand.

``database`` finds and opens the store (SQLite or PostgreSQL, migrated on open),
``tables`` is its schema, ``store`` saves and reads runs, ``diff`` compares two
reports, ``since`` gathers what the HTML report shows of the past.
"""
