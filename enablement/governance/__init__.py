"""Governance: approval, freshness, retirement, feedback and content requests."""
