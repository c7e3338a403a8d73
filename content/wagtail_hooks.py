"""Wagtail admin hooks of the content app. Governance keeps its own in content/governance/."""

from content.governance import wagtail_hooks as _governance_hooks  # noqa: F401
