"""Seeding of the demo library for ``seed_demo``; its text lives in the top-level ``demo``."""
