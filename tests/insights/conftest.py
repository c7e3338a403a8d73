"""The insights suites' fixtures: the known March 2026 world of ``tests/insights_world.py``."""

from tests.insights_world import world  # noqa: F401 (a fixture)
