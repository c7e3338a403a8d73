"""Query-count pins shared by the insights tests."""

from __future__ import annotations

from django.db import connection

# ``aggregates_in_memory`` on PostgreSQL: BEGIN (a SAVEPOINT inside a test's transaction),
# the LOCAL ``work_mem`` setting, COMMIT (RELEASE); nothing on SQLite. Once per stats
# request whatever the period (a year costs the same statements as a month).
IN_MEMORY = 3 if connection.vendor == "postgresql" else 0
